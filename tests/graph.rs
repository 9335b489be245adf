//! `jflint graph` on a fixture site of its own (`fixtures/graph/site`): a
//! cycle across pages, a level that reports to itself, a link to a team page,
//! and two grade inversions.

use assert_cmd::Command;
use predicates::prelude::*;

const SITE: &str = "fixtures/graph/site/content/job-families";
const ENGINEER: &str = "fixtures/graph/site/content/job-families/doohickeys/doohickey-engineer.md";

fn graph(args: &[&str]) -> std::process::Output {
    let out = Command::cargo_bin("jflint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("graph")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    out
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = graph(&[&["--format", "json"], args].concat());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(list: &serde_json::Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let id = v[key].as_str().unwrap();
            id.rsplit('/').next().unwrap().to_string()
        })
        .collect()
}

#[test]
fn json_has_nodes_edges_cycles_and_inversions() {
    let g = json(&[SITE]);
    assert_eq!(g["nodes"].as_array().unwrap().len(), 7);
    let node = &g["nodes"][1];
    assert_eq!(node["title"], "Senior Doohickey Engineer");
    assert_eq!(node["grade"], 9);
    assert_eq!(node["family"], "Doohickey Engineer");
    assert_eq!(node["line"], 15);
    assert_eq!(
        node["url"],
        "/job-families/doohickeys/doohickey-engineer/#senior-doohickey-engineer"
    );
    assert_eq!(
        ids(&g["edges"], "from"),
        [
            "doohickey-engineer.md#doohickey-engineer",
            "doohickey-engineer.md#senior-doohickey-engineer",
            "doohickey-engineer.md#staff-doohickey-engineer",
            "doohickey-leadership.md#manager-doohickeys",
            "doohickey-leadership.md#director-doohickeys",
            "vp-doohickeys.md",
        ]
    );
    let cycles = g["cycles"].as_array().unwrap();
    assert_eq!(cycles.len(), 1);
    assert_eq!(cycles[0].as_array().unwrap().len(), 2);
    assert_eq!(
        ids(&g["inversions"], "from"),
        [
            "doohickey-engineer.md#senior-doohickey-engineer",
            "vp-doohickeys.md"
        ]
    );
    assert_eq!(
        ids(&g["not_levels"], "from"),
        ["doohickey-engineer.md#principal-doohickey-engineer"]
    );
    let out = graph(&[SITE]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "7 levels on 3 pages, 6 reporting lines, 1 cycles, 2 grade inversions"
    );
}

#[test]
fn dot_and_mermaid_grouped_by_family() {
    let dot = graph(&["--format", "dot", "--group-by-family", SITE]);
    insta::assert_snapshot!("graph_dot", String::from_utf8(dot.stdout).unwrap());
    let mermaid = graph(&["--format", "mermaid", SITE]);
    insta::assert_snapshot!("graph_mermaid", String::from_utf8(mermaid.stdout).unwrap());
}

#[test]
fn from_one_page_follows_its_chains_up() {
    // From the leadership page: the Manager, the Director and the VP the
    // Director reports to (read through the index), none of the engineers.
    let g = json(&[
        "--from",
        "fixtures/graph/site/content/job-families/doohickeys/doohickey-leadership.md",
        ENGINEER,
    ]);
    let titles: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Manager, Doohickeys",
            "Director, Doohickeys",
            "VP, Doohickeys"
        ]
    );
    assert_eq!(g["edges"].as_array().unwrap().len(), 3);

    Command::cargo_bin("jflint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["graph", "--from", "fixtures/graph/nowhere.md", SITE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--from fixtures/graph/nowhere.md: no such page",
        ));
}

#[test]
fn check_reports_the_four_rules_on_the_site() {
    let out = Command::cargo_bin("jflint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "--format",
            "concise",
            "--select",
            "reporting-cycle,reports-to-self,reports-to-non-level,reports-to-grade",
            SITE,
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!("graph_rules", String::from_utf8(out.stdout).unwrap());
}
