//! Code actions on a page's findings: each fix as a quick fix (preferred
//! when it is safe: the one obvious fix), every safe fix of the file at
//! once, a suppression comment for the finding's rule on its line, and, for
//! a `typo` finding, the word added to the accepted words of `.jflint.yaml`
//! (a command the server carries out, since the file need not be open).

use std::collections::HashMap;
use std::path::Path;

use lsp_server::{ErrorCode, ResponseError};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command,
    ExecuteCommandParams, MessageType, TextEdit, WorkspaceEdit,
};
use serde_json::{Value, json};

use crate::model::document::Document;
use crate::report::outcome::Finding;
use crate::rules::diagnostic::Applicability;
use crate::rules::registry::RuleCode;
use crate::server::config;
use crate::server::diagnostics::to_lsp;
use crate::server::documents::OpenDocument;
use crate::server::state::Server;
use crate::workspace::fix::{FixMode, fix_text};

/// The command that adds a word to the accepted words: `[word]`.
pub const ACCEPT_WORD: &str = "jflint.acceptWord";

pub fn code_actions(
    server: &Server,
    params: CodeActionParams,
) -> Result<Option<Vec<CodeActionOrCommand>>, ResponseError> {
    let (path, doc) = server.document(&params.text_document.uri)?;
    let Some(report) = server.report(&path) else {
        return Ok(Some(Vec::new()));
    };
    if report.findings.is_empty() || (!report.source.is_empty() && report.source != doc.text) {
        return Ok(Some(Vec::new()));
    }
    let wanted = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let range = doc.lines.span(&doc.text, params.range);
    let parsed = Document::parse(&path, doc.text.clone());
    let mut actions = Vec::new();
    if wanted(&CodeActionKind::QUICKFIX) {
        for finding in report
            .findings
            .iter()
            .filter(|f| f.span.start <= range.end && range.start <= f.span.end)
        {
            actions.extend(fix_action(doc, finding));
            actions.push(disable_action(doc, &parsed, finding));
            if finding.rule == RuleCode::Typo {
                actions.push(accept_word_action(doc, finding));
            }
        }
    }
    if wanted(&CodeActionKind::SOURCE_FIX_ALL) || wanted(&CodeActionKind::QUICKFIX) {
        actions.extend(fix_all_action(server, &path, doc, &report.findings));
    }
    Ok(Some(
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect(),
    ))
}

fn single_edit(doc: &OpenDocument, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(doc.uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// The finding's own fix.
fn fix_action(doc: &OpenDocument, finding: &Finding) -> Option<CodeAction> {
    let fix = finding.fix.as_ref()?;
    let edits = fix
        .edits
        .iter()
        .map(|e| {
            TextEdit::new(
                doc.lines.range(&doc.text, e.range.clone()),
                e.replacement.clone(),
            )
        })
        .collect();
    let safe = fix.applicability == Applicability::Safe;
    let what = finding.help.as_deref().unwrap_or(&finding.message);
    Some(CodeAction {
        title: if safe {
            format!("Fix: {what}")
        } else {
            format!("Fix (review it): {what}")
        },
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![to_lsp(finding, doc)]),
        edit: Some(single_edit(doc, edits)),
        is_preferred: Some(safe),
        ..CodeAction::default()
    })
}

/// `<!-- jflint-disable-next-line RULE -->` for the finding's line: on a
/// line of its own above it, or, where the line continues a paragraph (a
/// comment line there would split it in two), at the end of the line before.
fn disable_action(doc: &OpenDocument, parsed: &Document, finding: &Finding) -> CodeAction {
    let text = &doc.text;
    let comment = format!("<!-- jflint-disable-next-line {} -->", finding.rule);
    let start = finding.span.start.min(text.len());
    let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let first = line_start + indent.len();
    let continues_paragraph = parsed
        .paragraph_at(first)
        .is_some_and(|p| p.span.start < line_start);
    let edit = if continues_paragraph {
        let previous_end = text[..line_start].trim_end_matches(['\n', '\r']).len();
        let position = doc.lines.position(text, previous_end);
        TextEdit::new(
            lsp_types::Range::new(position, position),
            format!(" {comment}"),
        )
    } else {
        let position = doc.lines.position(text, line_start);
        TextEdit::new(
            lsp_types::Range::new(position, position),
            format!("{indent}{comment}\n"),
        )
    };
    CodeAction {
        title: format!("Disable {} for this line", finding.rule),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![to_lsp(finding, doc)]),
        edit: Some(single_edit(doc, vec![edit])),
        ..CodeAction::default()
    }
}

fn accept_word_action(doc: &OpenDocument, finding: &Finding) -> CodeAction {
    let word = doc
        .text
        .get(finding.span.clone())
        .unwrap_or(&finding.excerpt)
        .to_string();
    CodeAction {
        title: format!("Add `{word}` to the accepted words"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![to_lsp(finding, doc)]),
        command: Some(Command {
            title: format!("Add `{word}` to the accepted words"),
            command: ACCEPT_WORD.to_string(),
            arguments: Some(vec![json!(word)]),
        }),
        ..CodeAction::default()
    }
}

/// Every safe fix of the file, applied as `jflint check --fix` applies
/// them (passes until nothing changes), as one edit of the whole text.
fn fix_all_action(
    server: &Server,
    path: &Path,
    doc: &OpenDocument,
    findings: &[Finding],
) -> Option<CodeAction> {
    let safe = findings
        .iter()
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == Applicability::Safe)
        })
        .count();
    if safe == 0 {
        return None;
    }
    let engine = server.engine()?;
    let mode = FixMode {
        unsafe_fixes: false,
        write: false,
    };
    let fixed = fix_text(engine, path, doc.text.clone(), mode);
    if fixed.applied == 0 || fixed.text == doc.text {
        return None;
    }
    let whole = doc.lines.range(&doc.text, 0..doc.text.len());
    Some(CodeAction {
        title: "Fix all safe fixes in this file".to_string(),
        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
        edit: Some(single_edit(doc, vec![TextEdit::new(whole, fixed.text)])),
        ..CodeAction::default()
    })
}

/// `workspace/executeCommand`.
pub fn execute(
    server: &mut Server,
    params: ExecuteCommandParams,
) -> Result<Option<Value>, ResponseError> {
    let bad = |message: String| ResponseError {
        code: ErrorCode::InvalidParams as i32,
        message,
        data: None,
    };
    if params.command != ACCEPT_WORD {
        return Err(bad(format!("unknown command `{}`", params.command)));
    }
    let word = params
        .arguments
        .first()
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|w| !w.is_empty() && !w.contains(char::is_whitespace))
        .ok_or_else(|| bad(format!("`{ACCEPT_WORD}` takes one word")))?
        .to_string();
    let root = server
        .root
        .clone()
        .ok_or_else(|| bad("no workspace folder to configure".to_string()))?;
    let file = config::config_file(&root);
    config::accept_word(&file, &word).map_err(|e| ResponseError {
        code: ErrorCode::RequestFailed as i32,
        message: e,
        data: None,
    })?;
    server.log(
        MessageType::INFO,
        format!("added `{word}` to the accepted words of {}", file.display()),
    );
    let changed = server.reload_config();
    server.republish(None, changed);
    Ok(None)
}
