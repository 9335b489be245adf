//! Opening the workspace. A folder named at start is opened in the
//! background (checking a large site takes seconds, more when the cache is
//! cold), on a thread pool of its own; a page opened meanwhile is linted
//! at once by a preview engine (the site indexed, the page checked alone),
//! and gets the workspace's findings when the workspace is ready.

use std::path::PathBuf;

use crossbeam_channel::Receiver;
use lsp_types::MessageType;

use crate::server::config;
use crate::server::state::Server;
use crate::workspace::cache;
use crate::workspace::engine::{Engine, Settings};
use crate::workspace::incremental::Workspace;

/// A workspace, with the warnings its cache gave, or why it could not open.
pub type Opened = Result<(Workspace, Vec<String>), String>;

/// What opening needs: the run's settings and the cache folder (`None`:
/// no cache).
pub struct Plan {
    pub settings: Settings,
    pub cache_dir: Option<PathBuf>,
}

/// The settings for the root folder, its configuration (the defaults,
/// with a message, when `.jflint.yaml` does not load) and the cache.
pub fn plan(server: &Server) -> Option<Plan> {
    let root = server.root.clone()?;
    let config = match config::load(&root, &server.settings) {
        Ok(config) => config,
        Err(e) => {
            server.show(
                MessageType::ERROR,
                format!("jflint: {e}; using the default configuration"),
            );
            config::load_defaults(&root, &server.settings)
        }
    };
    // The cache `jflint check` keeps: a site checked before opens in a
    // fraction of the time.
    let cache_dir = server.settings.cache.then(|| {
        server
            .settings
            .cache_dir
            .clone()
            .or_else(|| config.cache_dir.clone())
            .unwrap_or_else(|| config.base_dir.join(cache::DEFAULT_DIR))
    });
    let settings = Settings {
        paths: vec![root],
        config,
        site_root: None,
        select: server.settings.select.clone(),
        changed_since: None,
    };
    Some(Plan {
        settings,
        cache_dir,
    })
}

/// Opens the workspace here and now.
pub fn open(plan: Plan) -> Opened {
    let root = plan.settings.paths.first().cloned().unwrap_or_default();
    let opened = match &plan.cache_dir {
        Some(dir) => cache::open(plan.settings, dir).map(|(w, report)| (w, report.warnings)),
        None => Workspace::open(plan.settings).map(|w| (w, Vec::new())),
    };
    opened.map_err(|e| format!("cannot open {}: {e}", root.display()))
}

/// Opens the workspace on a thread (and a thread pool) of its own; the
/// result comes on the channel. Also returns the preview engine for pages
/// opened meanwhile.
pub fn spawn(plan: Plan) -> (Receiver<Opened>, Engine) {
    let preview = Engine::from_settings(Settings {
        paths: plan.settings.paths.clone(),
        config: plan.settings.config.clone(),
        site_root: None,
        select: plan.settings.select.clone(),
        changed_since: None,
    });
    let (sender, receiver) = crossbeam_channel::bounded(1);
    std::thread::spawn(move || {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let opened = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.install(|| open(plan)),
            Err(_) => open(plan),
        };
        let _ = sender.send(opened);
    });
    (receiver, preview)
}

/// The workspace takes over: the open buffers are put over their files.
pub fn install(server: &mut Server, opened: Opened) {
    match opened {
        Ok((mut workspace, warnings)) => {
            for warning in warnings {
                server.log(MessageType::WARNING, format!("jflint: {warning}"));
            }
            let buffers: Vec<(PathBuf, String)> = server
                .docs
                .paths()
                .filter_map(|p| Some((p.to_path_buf(), server.docs.get(p)?.text.clone())))
                .collect();
            for (path, text) in buffers {
                workspace.update(&path, text);
            }
            server.workspace = Some(workspace);
        }
        Err(e) => server.show(MessageType::ERROR, format!("jflint: {e}")),
    }
    server.preview = None;
    server.loading = None;
}
