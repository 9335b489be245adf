//! `jflint graph`: the reporting-line graph of the pages given, written as
//! JSON, Graphviz DOT or a Mermaid flowchart.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::site::SiteIndex;
use crate::site::files::display_path;
use crate::site::reporting::{GraphPage, NodeId, ReportingGraph, Target, model_of_file};
use crate::workspace::config::Config;
use crate::workspace::walk;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Nodes, edges, cycles and grade inversions as JSON.
    Json,
    /// A Graphviz digraph (`dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart (renders in GitLab and GitHub Markdown).
    Mermaid,
}

#[derive(Debug)]
pub struct GraphSettings {
    pub paths: Vec<PathBuf>,
    pub config: Config,
    pub site_root: Option<PathBuf>,
    /// Keep only what is reachable from this page's levels.
    pub from: Option<PathBuf>,
}

/// The graph of a run, and which of its nodes to write.
pub struct Built {
    pub graph: ReportingGraph,
    pub nodes: Vec<NodeId>,
}

/// Walks the paths, models every page in parallel, resolves the links.
pub fn build(settings: &GraphSettings) -> Result<Built, String> {
    let walked = walk::collect(&settings.paths, &settings.config)
        .map_err(|walk::BadPath(p, e)| format!("{}: {e}", p.display()))?;
    let mut files = walked.files;
    let from = match &settings.from {
        Some(path) => {
            if !path.is_file() {
                return Err(format!("--from {}: no such page", path.display()));
            }
            match files.iter().position(|f| same_page(f, path)) {
                Some(i) => Some(i),
                None => {
                    files.push(path.clone());
                    Some(files.len() - 1)
                }
            }
        }
        None => None,
    };
    let site_root = settings
        .site_root
        .clone()
        .or_else(|| settings.config.site_root.clone())
        .or_else(|| crate::workspace::engine::find_site_root(&settings.paths));
    let site = site_root.as_deref().map(SiteIndex::build);
    let pages: Vec<GraphPage> = files
        .par_iter()
        .enumerate()
        .filter_map(|(i, path)| {
            let model = model_of_file(path)?;
            if !model.is_job_family || model.levels.is_empty() {
                return None;
            }
            let file = site.as_ref().and_then(|s| s.content_path(path));
            Some(GraphPage {
                url: file.as_deref().map(SiteIndex::url_of),
                file,
                display: display_path(path),
                model,
                in_run: Some(i),
            })
        })
        .collect();
    let load = |file: &str| {
        site.as_ref()
            .and_then(|s| crate::site::reporting::load_page(s, file))
    };
    let graph = ReportingGraph::build(pages, site.as_ref(), &load);
    let nodes = match from {
        Some(index) => {
            let page = graph
                .pages
                .iter()
                .position(|p| p.in_run == Some(index))
                .ok_or_else(|| {
                    format!("--from {}: the page has no levels", files[index].display())
                })?;
            graph.reachable_from(page)
        }
        None => graph.nodes().collect(),
    };
    Ok(Built { graph, nodes })
}

/// A node's stable id: the page and the level's anchor (or its position).
fn node_id(graph: &ReportingGraph, node: NodeId) -> String {
    let page = &graph.pages[node.page];
    match &graph.level(node).anchor {
        Some(anchor) => format!("{}#{anchor}", page.display),
        None if page.model.levels.len() == 1 => page.display.clone(),
        None => format!("{}#{}", page.display, node.level + 1),
    }
}

#[derive(Serialize)]
struct JsonGraph {
    nodes: Vec<JsonNode>,
    edges: Vec<JsonEdge>,
    /// Each cycle as node ids, in reporting order.
    cycles: Vec<Vec<String>>,
    /// Edges whose manager has the lower grade.
    inversions: Vec<JsonEdge>,
    /// Reports-to links that land on something that is not a level.
    not_levels: Vec<JsonNotLevel>,
    /// Reports-to links the graph cannot follow: a missing page or anchor,
    /// another site.
    unresolved: Vec<JsonNotLevel>,
}

#[derive(Serialize)]
struct JsonNode {
    id: String,
    page: String,
    family: String,
    title: String,
    grade: Option<u32>,
    line: Option<usize>,
    url: Option<String>,
}

#[derive(Serialize)]
struct JsonEdge {
    from: String,
    to: String,
}

#[derive(Serialize)]
struct JsonNotLevel {
    from: String,
    target: String,
}

pub fn write(
    out: &mut dyn Write,
    built: &Built,
    format: GraphFormat,
    group: bool,
) -> io::Result<()> {
    match format {
        GraphFormat::Json => write_json(out, built),
        GraphFormat::Dot => write_dot(out, built, group),
        GraphFormat::Mermaid => write_mermaid(out, built, group),
    }
}

/// The edges between written nodes, in node order.
fn edges(built: &Built) -> Vec<(NodeId, NodeId)> {
    let written: std::collections::HashSet<NodeId> = built.nodes.iter().copied().collect();
    built
        .nodes
        .iter()
        .filter_map(|&n| built.graph.manager(n).map(|m| (n, m)))
        .filter(|(_, m)| written.contains(m))
        .collect()
}

fn write_json(out: &mut dyn Write, built: &Built) -> io::Result<()> {
    let graph = &built.graph;
    let id = |n: NodeId| node_id(graph, n);
    let written: std::collections::HashSet<NodeId> = built.nodes.iter().copied().collect();
    let nodes = built
        .nodes
        .iter()
        .map(|&n| {
            let page = &graph.pages[n.page];
            let level = graph.level(n);
            JsonNode {
                id: id(n),
                page: page.display.clone(),
                family: page.family(),
                title: level.name.clone(),
                grade: level.grade,
                line: level.line(),
                url: page.url.as_ref().map(|u| match &level.anchor {
                    Some(a) => format!("{u}#{a}"),
                    None => u.clone(),
                }),
            }
        })
        .collect();
    let edge = |(a, b): (NodeId, NodeId)| JsonEdge {
        from: id(a),
        to: id(b),
    };
    let doc = JsonGraph {
        nodes,
        edges: edges(built).into_iter().map(edge).collect(),
        cycles: graph
            .cycles()
            .into_iter()
            .filter(|c| c.iter().all(|n| written.contains(n)))
            .map(|c| c.into_iter().map(id).collect())
            .collect(),
        inversions: graph
            .inversions()
            .into_iter()
            .filter(|(a, b)| written.contains(a) && written.contains(b))
            .map(edge)
            .collect(),
        not_levels: built
            .nodes
            .iter()
            .filter_map(|&n| match graph.target(n) {
                Some(Target::NotALevel(what)) => Some(JsonNotLevel {
                    from: id(n),
                    target: what.clone(),
                }),
                _ => None,
            })
            .collect(),
        unresolved: built
            .nodes
            .iter()
            .filter_map(|&n| match graph.target(n) {
                Some(Target::Unresolved) => Some(JsonNotLevel {
                    from: id(n),
                    target: graph.level(n).reports_to.as_ref()?.url.clone(),
                }),
                _ => None,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// Node label: the title and grade.
fn label(graph: &ReportingGraph, node: NodeId) -> String {
    let level = graph.level(node);
    match level.grade {
        Some(g) => format!("{} (grade {g})", level.name),
        None => level.name.clone(),
    }
}

/// The written nodes grouped by page, in order; and each node's short name.
fn groups(built: &Built) -> (BTreeMap<usize, Vec<NodeId>>, HashMap<NodeId, String>) {
    let mut by_page: BTreeMap<usize, Vec<NodeId>> = BTreeMap::new();
    let mut names = HashMap::new();
    for (i, &n) in built.nodes.iter().enumerate() {
        by_page.entry(n.page).or_default().push(n);
        names.insert(n, format!("n{i}"));
    }
    (by_page, names)
}

fn dot_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write_dot(out: &mut dyn Write, built: &Built, group: bool) -> io::Result<()> {
    let graph = &built.graph;
    let (by_page, names) = groups(built);
    writeln!(out, "digraph reporting_lines {{")?;
    writeln!(out, "  rankdir=BT;")?;
    writeln!(out, "  node [shape=box];")?;
    for (page, nodes) in &by_page {
        let indent = if group { "    " } else { "  " };
        if group {
            writeln!(out, "  subgraph cluster_{page} {{")?;
            writeln!(
                out,
                "    label={};",
                dot_string(&graph.pages[*page].family())
            )?;
        }
        for &n in nodes {
            writeln!(
                out,
                "{indent}{} [label={}, tooltip={}];",
                names[&n],
                dot_string(&label(graph, n)),
                dot_string(&node_id(graph, n))
            )?;
        }
        if group {
            writeln!(out, "  }}")?;
        }
    }
    for (a, b) in edges(built) {
        writeln!(out, "  {} -> {};", names[&a], names[&b])?;
    }
    writeln!(out, "}}")
}

/// Mermaid labels sit in double quotes; entities stand for what would end
/// them or be read as markup.
fn mermaid_string(s: &str) -> String {
    let escaped = s
        .replace('&', "#amp;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;");
    format!("\"{escaped}\"")
}

fn write_mermaid(out: &mut dyn Write, built: &Built, group: bool) -> io::Result<()> {
    let graph = &built.graph;
    let (by_page, names) = groups(built);
    writeln!(out, "flowchart BT")?;
    for (page, nodes) in &by_page {
        let indent = if group { "    " } else { "  " };
        if group {
            writeln!(
                out,
                "  subgraph f{page}[{}]",
                mermaid_string(&graph.pages[*page].family())
            )?;
        }
        for &n in nodes {
            writeln!(
                out,
                "{indent}{}[{}]",
                names[&n],
                mermaid_string(&label(graph, n))
            )?;
        }
        if group {
            writeln!(out, "  end")?;
        }
    }
    for (a, b) in edges(built) {
        writeln!(out, "  {} --> {}", names[&a], names[&b])?;
    }
    Ok(())
}

/// Figures for the summary line: nodes, edges, cycles, inversions.
pub fn summary(built: &Built) -> String {
    let written: std::collections::HashSet<NodeId> = built.nodes.iter().copied().collect();
    let cycles = built
        .graph
        .cycles()
        .into_iter()
        .filter(|c| c.iter().all(|n| written.contains(n)))
        .count();
    let inversions = built
        .graph
        .inversions()
        .into_iter()
        .filter(|(a, b)| written.contains(a) && written.contains(b))
        .count();
    let pages: std::collections::HashSet<usize> = built.nodes.iter().map(|n| n.page).collect();
    format!(
        "{} levels on {} pages, {} reporting lines, {} cycles, {} grade inversions",
        built.nodes.len(),
        pages.len(),
        edges(built).len(),
        cycles,
        inversions
    )
}

/// Whether two paths name the same file.
fn same_page(a: &Path, b: &Path) -> bool {
    std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok()
}
