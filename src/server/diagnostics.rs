//! Findings as LSP diagnostics, pushed (`textDocument/publishDiagnostics`)
//! or pulled (`textDocument/diagnostic`).

use std::path::Path;

use lsp_server::ResponseError;
use lsp_types::{
    Diagnostic, DiagnosticSeverity, DocumentDiagnosticParams, DocumentDiagnosticReport,
    DocumentDiagnosticReportResult, FullDocumentDiagnosticReport, NumberOrString,
    PublishDiagnosticsParams, RelatedFullDocumentDiagnosticReport,
};
use serde_json::json;

use crate::report::outcome::Finding;
use crate::rules::diagnostic::Severity;
use crate::server::documents::OpenDocument;
use crate::server::state::Server;

pub const SOURCE: &str = "jflint";

/// One finding as a diagnostic of the open document it was found in.
pub fn to_lsp(finding: &Finding, doc: &OpenDocument) -> Diagnostic {
    let severity = match finding.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let message = match &finding.help {
        Some(help) => format!("{}\nhelp: {help}", finding.message),
        None => finding.message.clone(),
    };
    Diagnostic {
        range: doc.lines.range(&doc.text, finding.span.clone()),
        severity: Some(severity),
        code: Some(NumberOrString::String(finding.rule.name().to_string())),
        source: Some(SOURCE.to_string()),
        message,
        data: Some(json!({ "fingerprint": finding.fingerprint })),
        ..Diagnostic::default()
    }
}

/// The diagnostics of an open page now.
pub fn of_document(server: &Server, path: &Path) -> Vec<Diagnostic> {
    let Some(doc) = server.docs.get(path) else {
        return Vec::new();
    };
    let Some(report) = server.report(path) else {
        return Vec::new();
    };
    // A report read from a text other than the buffer would put its
    // findings in the wrong places (a report from the cache holds no text).
    if !report.source.is_empty() && report.source != doc.text {
        return Vec::new();
    }
    report.findings.iter().map(|f| to_lsp(f, doc)).collect()
}

/// Sends an open page's diagnostics to the client.
pub fn publish(server: &Server, path: &Path) {
    let Some(doc) = server.docs.get(path) else {
        return;
    };
    let params = PublishDiagnosticsParams {
        uri: doc.uri.clone(),
        diagnostics: of_document(server, path),
        version: Some(doc.version),
    };
    server.notify::<lsp_types::notification::PublishDiagnostics>(params);
}

/// Clears a page's diagnostics (it was closed).
pub fn clear(server: &Server, uri: lsp_types::Url) {
    if server.pull {
        return;
    }
    server.notify::<lsp_types::notification::PublishDiagnostics>(PublishDiagnosticsParams {
        uri,
        diagnostics: Vec::new(),
        version: None,
    });
}

/// `textDocument/diagnostic`: the page's diagnostics, always in full.
pub fn pull(
    server: &Server,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult, ResponseError> {
    let (path, _) = server.document(&params.text_document.uri)?;
    let items = of_document(server, &path);
    Ok(DocumentDiagnosticReportResult::Report(
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        }),
    ))
}
