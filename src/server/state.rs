//! What the server holds between messages: the workspace (every page of the
//! folder, checked, with the open buffers over the files), the open
//! documents, the client's settings and capabilities, and the way back to
//! the client.

use std::path::{Path, PathBuf};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Message, Notification, Request, RequestId};
use lsp_types::{MessageType, Url};
use serde_json::Value;

use crate::report::outcome::FileReport;
use crate::server::config::{self, ClientSettings};
use crate::server::documents::{Documents, OpenDocument};
use crate::server::loading;
use crate::site::SiteIndex;
use crate::workspace::engine::Engine;
use crate::workspace::incremental::Workspace;

pub struct Server {
    sender: Sender<Message>,
    /// The workspace folder; `None` until one is known (a client that gave
    /// none gets the site, or the folder, of the first page it opens).
    pub root: Option<PathBuf>,
    pub workspace: Option<Workspace>,
    pub docs: Documents,
    pub settings: ClientSettings,
    /// The client asks for diagnostics (`textDocument/diagnostic`) rather
    /// than being sent them.
    pub pull: bool,
    /// The client can be asked to pull diagnostics again.
    pub refresh_support: bool,
    pub shutdown_requested: bool,
    /// The workspace being opened in the background.
    pub loading: Option<Receiver<loading::Opened>>,
    /// The engine that checks pages opened while the workspace opens.
    pub preview: Option<Engine>,
    next_id: i32,
}

impl Server {
    pub fn new(sender: Sender<Message>, docs: Documents) -> Server {
        Server {
            sender,
            root: None,
            workspace: None,
            docs,
            settings: ClientSettings::default(),
            pull: false,
            refresh_support: false,
            shutdown_requested: false,
            loading: None,
            preview: None,
            next_id: 0,
        }
    }

    pub fn send(&self, message: Message) {
        // A closed channel means the client is gone; the loop ends on its own.
        let _ = self.sender.send(message);
    }

    pub fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_string(),
            params,
        )));
    }

    /// Sends a request whose answer the server does not wait for.
    pub fn request<R: lsp_types::request::Request>(&mut self, params: R::Params) {
        self.next_id += 1;
        let id = RequestId::from(format!("jflint-{}", self.next_id));
        self.send(Message::Request(Request::new(
            id,
            R::METHOD.to_string(),
            params,
        )));
    }

    pub fn log(&self, kind: MessageType, message: impl Into<String>) {
        self.notify::<lsp_types::notification::LogMessage>(lsp_types::LogMessageParams {
            typ: kind,
            message: message.into(),
        });
    }

    pub fn show(&self, kind: MessageType, message: impl Into<String>) {
        self.notify::<lsp_types::notification::ShowMessage>(lsp_types::ShowMessageParams {
            typ: kind,
            message: message.into(),
        });
    }

    /// Opens the workspace of the root folder, with the configuration, and
    /// puts the open buffers over their files.
    pub fn open_workspace(&mut self) {
        if let Some(plan) = loading::plan(self) {
            let opened = loading::open(plan);
            loading::install(self, opened);
        }
    }

    /// Starts opening the workspace in the background (see [`loading`]).
    pub fn open_workspace_later(&mut self) {
        if let Some(plan) = loading::plan(self) {
            let (receiver, preview) = loading::spawn(plan);
            self.loading = Some(receiver);
            self.preview = Some(preview);
        }
    }

    /// The engine pages are checked with: the workspace's, or the preview's
    /// while the workspace opens.
    pub fn engine(&self) -> Option<&Engine> {
        match &self.workspace {
            Some(workspace) => Some(workspace.engine()),
            None => self.preview.as_ref(),
        }
    }

    /// Makes sure there is a workspace for a page at `path`: a client that
    /// named no folder gets the site around the page, or the page's folder.
    pub fn ensure_workspace(&mut self, path: &Path) {
        if self.workspace.is_some() || self.loading.is_some() {
            return;
        }
        if self.root.is_none() {
            let folder = path.parent().unwrap_or(Path::new("/"));
            self.root = Some(SiteIndex::find_root(folder).unwrap_or_else(|| folder.to_path_buf()));
        }
        self.open_workspace();
    }

    /// Re-reads the configuration and checks everything again with it;
    /// returns the pages whose findings changed.
    pub fn reload_config(&mut self) -> Vec<PathBuf> {
        let Some(root) = self.root.clone() else {
            return Vec::new();
        };
        let config = match config::load(&root, &self.settings) {
            Ok(config) => config,
            Err(e) => {
                self.show(
                    MessageType::ERROR,
                    format!("jflint: {e}; keeping the previous configuration"),
                );
                return Vec::new();
            }
        };
        let Some(workspace) = self.workspace.as_mut() else {
            return Vec::new();
        };
        match workspace.set_config(config) {
            Ok(changed) => changed,
            Err(e) => {
                self.show(MessageType::ERROR, format!("jflint: {e}"));
                Vec::new()
            }
        }
    }

    /// New client settings: a new selection re-opens the workspace, new rule
    /// levels reload the configuration. Returns the pages to republish.
    pub fn set_settings(&mut self, value: &Value) -> Vec<PathBuf> {
        let settings = match ClientSettings::from_json(value) {
            Ok(settings) => settings,
            Err(e) => {
                self.show(MessageType::ERROR, format!("jflint: {e}"));
                return Vec::new();
            }
        };
        if settings == self.settings {
            return Vec::new();
        }
        let reopen = settings.select != self.settings.select;
        self.settings = settings;
        if reopen && self.workspace.is_some() {
            self.open_workspace();
            return self.docs.paths().map(Path::to_path_buf).collect();
        }
        self.reload_config()
    }

    /// The findings of a page as the workspace sees it now. A page outside
    /// the workspace (another folder, an excluded file) is linted alone.
    pub fn report(&self, path: &Path) -> Option<FileReport> {
        if let Some(workspace) = &self.workspace
            && workspace.accepts(path)
        {
            return workspace.diagnostics(path).cloned();
        }
        let doc = self.docs.get(path)?;
        Some(self.engine()?.lint_text(path, doc.text.clone()))
    }

    /// The text of a page: the open buffer, else the file.
    pub fn text(&self, path: &Path) -> Option<String> {
        if let Some(doc) = self.docs.get(path) {
            return Some(doc.text.clone());
        }
        match &self.workspace {
            Some(workspace) => workspace.text(path),
            None => {
                crate::site::files::read_page(path, crate::site::files::DEFAULT_MAX_PAGE_BYTES).ok()
            }
        }
    }

    pub fn site(&self) -> Option<&SiteIndex> {
        self.engine()?.site.as_ref()
    }

    /// The open document at `uri`, or an error for the client.
    pub fn document(
        &self,
        uri: &Url,
    ) -> Result<(PathBuf, &OpenDocument), lsp_server::ResponseError> {
        self.docs
            .by_uri(uri)
            .ok_or_else(|| lsp_server::ResponseError {
                code: lsp_server::ErrorCode::InvalidParams as i32,
                message: format!("`{uri}` is not an open document"),
                data: None,
            })
    }

    /// After an edit: the pages whose findings changed get their
    /// diagnostics again (pushed, or the client asked to pull).
    pub fn republish(&mut self, edited: Option<&Path>, changed: Vec<PathBuf>) {
        let mut pages: Vec<PathBuf> = changed
            .into_iter()
            .filter(|p| self.docs.is_open(p))
            .collect();
        if let Some(path) = edited {
            pages.push(path.to_path_buf());
        }
        pages.sort();
        pages.dedup();
        if self.pull {
            let others = pages.iter().any(|p| Some(p.as_path()) != edited);
            if others && self.refresh_support {
                self.request::<lsp_types::request::WorkspaceDiagnosticRefresh>(());
            }
            return;
        }
        for path in pages {
            crate::server::diagnostics::publish(self, &path);
        }
    }
}
