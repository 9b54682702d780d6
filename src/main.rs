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
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
