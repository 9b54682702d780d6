//! The `mirps` command: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

// The loaders allocate a node per YAML value; mimalloc makes that and the frees markedly faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = mirps::cli::Cli::parse();
    match mirps::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            // Errors quote paths and texts of the framework: escaped like every other output.
            eprintln!("error: {}", mirps::escape::text(&format!("{error:#}")));
            ExitCode::from(2)
        }
    }
}
