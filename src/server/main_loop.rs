//! The protocol loop: the `initialize` handshake, then each message in turn
//! to its handler. A request gets a result or an error, whatever happens in
//! its handler (a panic included); an unknown method is `MethodNotFound`;
//! notifications that cannot be used are logged to the client.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response, ResponseError};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DiagnosticOptions, DiagnosticServerCapabilities, ExecuteCommandOptions, FileChangeType,
    FileSystemWatcher, GlobPattern, HoverProviderCapability, InitializeParams, InitializeResult,
    MessageType, OneOf, Registration, RenameOptions, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};
use serde_json::Value;

use crate::server::documents::{ChangeError, Documents, normalize, path_of};
use crate::server::positions::Encoding;
use crate::server::state::Server;
use crate::server::{actions, completion, diagnostics, hover, loading, navigation, symbols};
use crate::workspace::config::CONFIG_FILE_NAME;

/// Runs the server on a connection until the client says `exit` or goes.
pub fn run(connection: Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize: {e}"))?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(e) => {
            let message = format!("initialize: bad parameters: {e}");
            let _ = connection.sender.send(Message::Response(Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                message.clone(),
            )));
            return Err(message);
        }
    };
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "jflint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("initialize: {e}"))?;

    let mut server = Server::new(connection.sender.clone(), Documents::new(encoding));
    server.root = workspace_root(&params);
    server.pull = params
        .capabilities
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    server.refresh_support = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.diagnostic.as_ref())
        .and_then(|d| d.refresh_support)
        .unwrap_or(false);
    if let Some(options) = &params.initialization_options {
        server.set_settings(options);
    }
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if watch {
        register_watchers(&mut server);
    }
    if server.root.is_some() {
        server.open_workspace_later();
    }

    loop {
        let loading = server
            .loading
            .clone()
            .unwrap_or_else(crossbeam_channel::never);
        let message = crossbeam_channel::select! {
            recv(connection.receiver) -> message => match message {
                Ok(message) => message,
                Err(_) => break,
            },
            recv(loading) -> opened => {
                finish_opening(&mut server, opened.ok());
                continue;
            },
        };
        // While the workspace opens, a page opened is checked by the preview
        // engine; everything else waits for the workspace.
        let opens_a_page = matches!(&message, Message::Notification(n)
            if n.method == notif::DidOpenTextDocument::METHOD);
        if !opens_a_page && let Some(loading) = server.loading.clone() {
            finish_opening(&mut server, loading.recv().ok());
        }
        match message {
            Message::Request(request) => {
                let response = answer(&mut server, request);
                server.send(Message::Response(response));
            }
            Message::Notification(notification) => {
                if notification.method == notif::Exit::METHOD {
                    return if server.shutdown_requested {
                        Ok(())
                    } else {
                        Err("exit without shutdown".to_string())
                    };
                }
                let method = notification.method.clone();
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    on_notification(&mut server, notification)
                }));
                match outcome {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => server.log(MessageType::WARNING, format!("{method}: {e}")),
                    Err(_) => server.log(MessageType::ERROR, format!("{method}: internal error")),
                }
            }
            // Answers to the server's own requests (registrations, refreshes).
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// The workspace is ready (or failed to open): the open pages get its
/// findings, and the client is told.
fn finish_opening(server: &mut Server, opened: Option<loading::Opened>) {
    let opened = opened.unwrap_or_else(|| Err("opening the workspace failed".to_string()));
    loading::install(server, opened);
    let open: Vec<PathBuf> = server.docs.paths().map(PathBuf::from).collect();
    server.republish(None, open);
    if let Some(workspace) = &server.workspace {
        let pages = workspace.paths().count();
        server.log(
            MessageType::INFO,
            format!("jflint: workspace ready ({pages} pages checked)"),
        );
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some(diagnostics::SOURCE.to_string()),
            inter_file_dependencies: true,
            workspace_diagnostics: false,
            ..DiagnosticOptions::default()
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![actions::ACCEPT_WORD.to_string()],
            ..ExecuteCommandOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["#".into(), "/".into(), "(".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// The workspace folder: the first of `workspaceFolders`, else `rootUri`.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone());
    #[allow(deprecated)]
    let uri = folder.or_else(|| params.root_uri.clone())?;
    let path = path_of(&uri)?;
    path.is_dir().then(|| normalize(&path))
}

fn register_watchers(server: &mut Server) {
    let watchers = [
        "**/*.md",
        "**/*.markdown",
        &format!("**/{CONFIG_FILE_NAME}"),
    ]
    .into_iter()
    .map(|glob| FileSystemWatcher {
        glob_pattern: GlobPattern::String(glob.to_string()),
        kind: None,
    })
    .collect();
    let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
    server.request::<req::RegisterCapability>(lsp_types::RegistrationParams {
        registrations: vec![Registration {
            id: "jflint-watch".to_string(),
            method: notif::DidChangeWatchedFiles::METHOD.to_string(),
            register_options: serde_json::to_value(options).ok(),
        }],
    });
}

/// A request's response: its result, or an error (never no answer).
fn answer(server: &mut Server, request: Request) -> Response {
    let id = request.id.clone();
    let method = request.method.clone();
    if server.shutdown_requested {
        return Response::new_err(
            id,
            ErrorCode::InvalidRequest as i32,
            format!("`{method}` after shutdown"),
        );
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| dispatch(server, request)));
    match outcome {
        Ok(Ok(value)) => Response::new_ok(id, value),
        Ok(Err(error)) => Response {
            id,
            result: None,
            error: Some(error),
        },
        Err(_) => Response::new_err(
            id,
            ErrorCode::InternalError as i32,
            format!("`{method}`: internal error"),
        ),
    }
}

fn dispatch(server: &mut Server, request: Request) -> Result<Value, ResponseError> {
    match request.method.as_str() {
        req::Shutdown::METHOD => {
            server.shutdown_requested = true;
            Ok(Value::Null)
        }
        req::DocumentDiagnosticRequest::METHOD => {
            handle::<req::DocumentDiagnosticRequest>(request, |p| diagnostics::pull(server, p))
        }
        req::CodeActionRequest::METHOD => {
            handle::<req::CodeActionRequest>(request, |p| actions::code_actions(server, p))
        }
        req::ExecuteCommand::METHOD => {
            handle::<req::ExecuteCommand>(request, |p| actions::execute(server, p))
        }
        req::HoverRequest::METHOD => {
            handle::<req::HoverRequest>(request, |p| hover::hover(server, p))
        }
        req::Completion::METHOD => {
            handle::<req::Completion>(request, |p| completion::complete(server, p))
        }
        req::GotoDefinition::METHOD => {
            handle::<req::GotoDefinition>(request, |p| navigation::definition(server, p))
        }
        req::References::METHOD => {
            handle::<req::References>(request, |p| navigation::references(server, p))
        }
        req::PrepareRenameRequest::METHOD => {
            handle::<req::PrepareRenameRequest>(request, |p| navigation::prepare_rename(server, p))
        }
        req::Rename::METHOD => handle::<req::Rename>(request, |p| navigation::rename(server, p)),
        req::DocumentSymbolRequest::METHOD => {
            handle::<req::DocumentSymbolRequest>(request, |p| symbols::document_symbols(server, p))
        }
        other => Err(ResponseError {
            code: ErrorCode::MethodNotFound as i32,
            message: format!("unknown method `{other}`"),
            data: None,
        }),
    }
}

/// Reads a request's parameters, runs its handler, writes its result.
fn handle<R: lsp_types::request::Request>(
    request: Request,
    handler: impl FnOnce(R::Params) -> Result<R::Result, ResponseError>,
) -> Result<Value, ResponseError> {
    let params: R::Params = serde_json::from_value(request.params).map_err(|e| ResponseError {
        code: ErrorCode::InvalidParams as i32,
        message: format!("`{}`: {e}", R::METHOD),
        data: None,
    })?;
    let result = handler(params)?;
    serde_json::to_value(result).map_err(|e| ResponseError {
        code: ErrorCode::InternalError as i32,
        message: e.to_string(),
        data: None,
    })
}

fn params<N: lsp_types::notification::Notification>(
    notification: Notification,
) -> Result<N::Params, String> {
    serde_json::from_value(notification.params).map_err(|e| format!("bad parameters: {e}"))
}

fn on_notification(server: &mut Server, notification: Notification) -> Result<(), String> {
    match notification.method.as_str() {
        notif::DidOpenTextDocument::METHOD => {
            let p = params::<notif::DidOpenTextDocument>(notification)?;
            let doc = p.text_document;
            let text = doc.text.clone();
            let Some(path) = server.docs.open(doc.uri.clone(), doc.text, doc.version) else {
                return Err(format!("`{}` is not a file", doc.uri));
            };
            server.ensure_workspace(&path);
            let changed = update(server, &path, text);
            server.republish(Some(&path), changed);
        }
        notif::DidChangeTextDocument::METHOD => {
            let p = params::<notif::DidChangeTextDocument>(notification)?;
            let uri = p.text_document.uri;
            let path = match server
                .docs
                .change(&uri, p.text_document.version, p.content_changes)
            {
                Ok(path) => path,
                Err(ChangeError::NotOpen) => return Err(format!("`{uri}` is not open")),
                Err(ChangeError::Stale { have, got }) => {
                    return Err(format!(
                        "`{uri}`: version {got} is not newer than {have}; change ignored"
                    ));
                }
            };
            let text = server
                .docs
                .get(&path)
                .map(|d| d.text.clone())
                .unwrap_or_default();
            let changed = update(server, &path, text);
            server.republish(Some(&path), changed);
        }
        notif::DidSaveTextDocument::METHOD => {
            let p = params::<notif::DidSaveTextDocument>(notification)?;
            let path = path_of(&p.text_document.uri).ok_or("not a file")?;
            if path.file_name().is_some_and(|n| n == CONFIG_FILE_NAME) {
                let changed = server.reload_config();
                server.republish(None, changed);
            } else if server.docs.is_open(&path) {
                server.republish(Some(&path), Vec::new());
            }
        }
        notif::DidCloseTextDocument::METHOD => {
            let p = params::<notif::DidCloseTextDocument>(notification)?;
            let uri = p.text_document.uri;
            let Some(path) = server.docs.close(&uri) else {
                return Err(format!("`{uri}` was not open"));
            };
            let changed = match server.workspace.as_mut() {
                Some(workspace) => workspace.reload(&path),
                None => Vec::new(),
            };
            diagnostics::clear(server, uri);
            server.republish(None, changed);
        }
        notif::DidChangeWatchedFiles::METHOD => {
            let p = params::<notif::DidChangeWatchedFiles>(notification)?;
            let mut changed = Vec::new();
            let mut config_changed = false;
            for event in p.changes {
                let Some(path) = path_of(&event.uri) else {
                    continue;
                };
                if path.file_name().is_some_and(|n| n == CONFIG_FILE_NAME) {
                    config_changed = true;
                    continue;
                }
                // An open buffer stands for its file until it is closed.
                if server.docs.is_open(&path) {
                    continue;
                }
                let Some(workspace) = server.workspace.as_mut() else {
                    continue;
                };
                changed.extend(if event.typ == FileChangeType::DELETED {
                    workspace.remove(&path)
                } else {
                    workspace.reload(&path)
                });
            }
            if config_changed {
                changed.extend(server.reload_config());
            }
            server.republish(None, changed);
        }
        notif::DidChangeConfiguration::METHOD => {
            let p = params::<notif::DidChangeConfiguration>(notification)?;
            let changed = server.set_settings(&p.settings);
            server.republish(None, changed);
        }
        notif::Initialized::METHOD | notif::Cancel::METHOD | notif::SetTrace::METHOD => {}
        other if other.starts_with("$/") => {}
        other => return Err(format!("unknown notification `{other}`")),
    }
    Ok(())
}

/// The workspace takes the buffer (a page outside it still gives the site
/// index its anchors): returns the pages whose findings changed.
fn update(server: &mut Server, path: &std::path::Path, text: String) -> Vec<PathBuf> {
    match server.workspace.as_mut() {
        Some(workspace) => workspace.update(path, text),
        None => Vec::new(),
    }
}
