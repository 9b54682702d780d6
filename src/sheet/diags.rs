//! The diagnostics of workbooks: one constructor per problem.

use super::import::{FindingKind, Refusal};
use super::read::ReadError;
use crate::diag::{Code, Diagnostic, Text};
use crate::source::{FileId, Span};
use crate::t;

/// The file could not be read as a workbook.
pub fn unreadable(file: FileId, error: &ReadError) -> Diagnostic {
    Diagnostic::new(Code::WorkbookUnreadable, error.text()).at(
        file,
        Span::at(0),
        t!(es: "este archivo", en: "this file"),
    )
}

/// The workbook is not of mirps's layout.
pub fn layout(file: FileId, span: Span, refusal: &Refusal) -> Diagnostic {
    Diagnostic::new(Code::WorkbookLayout, refusal.text()).at(file, span, Text::EMPTY)
}

/// What import noticed at a cell (its span in the workbook's text).
pub fn finding(file: FileId, span: Span, what: &FindingKind) -> Diagnostic {
    match what {
        FindingKind::Formula { value } => Diagnostic::new(
            Code::WorkbookFormula,
            if value.is_empty() {
                t!(
                    es: "esta celda contiene una fórmula guardada sin su resultado: mirps lee valores, no fórmulas, y la lee vacía",
                    en: "this cell holds a formula saved without its result: mirps reads values, not formulas, and reads it as empty",
                )
            } else {
                t!(
                    es: "esta celda contiene una fórmula: se leyó su último valor, `{value}`",
                    en: "this cell holds a formula: its last value, `{value}`, was read",
                    value = value.as_str(),
                )
            },
        )
        .at(file, span, t!(es: "fórmula", en: "formula"))
        .help(t!(
            es: "escriba el valor en la celda en lugar de la fórmula (Copiar y Pegado especial → Solo valores), para que el capítulo diga lo que usted ve",
            en: "type the value in the cell instead of the formula (Copy, then Paste Special → Values only), so that the chapter says what you see",
        )),
        FindingKind::Merged { range } => Diagnostic::new(
            Code::WorkbookMerged,
            t!(
                es: "las celdas {range} están combinadas: solo se lee el valor de la primera",
                en: "cells {range} are merged: only the first one's value is read",
                range = range.as_str(),
            ),
        )
        .at(file, span, t!(es: "celdas combinadas", en: "merged cells"))
        .help(t!(
            es: "separe las celdas (Combinar y centrar → Separar celdas) y escriba cada valor en su celda",
            en: "unmerge the cells (Merge & Center → Unmerge Cells) and write each value in its own cell",
        )),
        FindingKind::Orphan { parent, sheet } => Diagnostic::new(
            Code::WorkbookRow,
            t!(
                es: "esta fila pertenece a `{parent}`, que no figura en la hoja de {sheet}: no se leyó",
                en: "this row belongs to `{parent}`, which is not in the {sheet} sheet: it was not read",
                parent = parent.as_str(),
                sheet = sheet_words(sheet),
            ),
        )
        .at(file, span, t!(es: "identificador desconocido", en: "unknown id"))
        .help(t!(
            es: "escriba en esta columna el identificador de un elemento de esa hoja, tal como figura allí",
            en: "write in this column the id of an item of that sheet, exactly as it is written there",
        )),
        FindingKind::UnknownText { found } => Diagnostic::new(
            Code::WorkbookRow,
            t!(
                es: "esta fila dice `{found}`, que no es un tipo de texto: no se leyó",
                en: "this row says `{found}`, which is not a kind of text: it was not read",
                found = found.as_str(),
            ),
        )
        .at(file, span, Text::EMPTY)
        .help(t!(
            es: "escriba `summary` (resumen), `context` (contexto) o `section` (sección)",
            en: "write `summary`, `context` or `section`",
        )),
    }
}

fn sheet_words(list: &str) -> Text {
    match list {
        "pledges" => t!(es: "contribuciones", en: "pledges"),
        _ => t!(es: "compromisos", en: "commitments"),
    }
}
