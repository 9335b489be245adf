use super::*;
fn site() -> SiteIndex {
    SiteIndex::from_pages(
        Path::new("/site"),
        [
            ("job-families/_index.md", "# Job Families\n"),
            ("job-families/product/_index.md", "# Product\n"),
            (
                "job-families/product/product-leadership.md",
                "## VP of Product Management\n",
            ),
            ("job-families/engineering/backend.md", "## Levels\n"),
            ("handbook/values/_index.md", "## Results\n"),
            ("handbook/bundle/index.md", "## Inside\n"),
            ("handbook/a/overview.md", "## A\n"),
            ("handbook/b/overview.md", "## B\n"),
            (
                "handbook/moved.md",
                "---\ntitle: M\naliases:\n- /handbook/old-place/\n---\n## M\n",
            ),
        ],
    )
}

fn url(r: Resolved<'_>) -> String {
    match r {
        Resolved::Page(p) => p.url.clone(),
        Resolved::MissingPage(u) => format!("missing {u}"),
        Resolved::MissingFile(u) => format!("missing file {u}"),
        Resolved::File => "file".to_string(),
        Resolved::Unknown => "unknown".to_string(),
    }
}

#[test]
fn urls_follow_hugo_layout() {
    assert_eq!(SiteIndex::url_of("a/b.md"), "/a/b/");
    assert_eq!(SiteIndex::url_of("a/_index.md"), "/a/");
    assert_eq!(SiteIndex::url_of("a/b/index.md"), "/a/b/");
    assert_eq!(SiteIndex::url_of("_index.md"), "/");
    let s = site();
    assert!(s.has_section("handbook") && s.has_section("job-families"));
    assert!(!s.has_section("company"));
    assert_eq!(s.len(), 9);
}

#[test]
fn links_resolve_with_old_suffixes_and_case() {
    let s = site();
    let from = Some("job-families/engineering/backend.md");
    for target in [
        "/job-families/product/product-leadership/",
        "/job-families/product/product-leadership",
        "/job-families/product/product-leadership/index.html",
        "/job-families/product/product-leadership/index.html.md",
        "/job-families/product/product-leadership.html",
        "/job-families/product/product-leadership.md",
        "/Job-Families/Product/Product-Leadership/",
        "../../product/product-leadership/",
        "../product/product-leadership.md",
    ] {
        assert_eq!(
            url(s.resolve_link(from, target)),
            "/job-families/product/product-leadership/",
            "{target}"
        );
    }
    assert_eq!(
        url(s.resolve_link(from, "/handbook/old-place/")),
        "/handbook/moved/"
    );
    assert_eq!(
        url(s.resolve_link(from, "/handbook/bundle/")),
        "/handbook/bundle/"
    );
    assert_eq!(
        url(s.resolve_link(from, "/job-families/product/nope/")),
        "missing /job-families/product/nope/"
    );
    assert_eq!(
        url(s.resolve_link(from, "../../nope/")),
        "missing /job-families/nope/"
    );
    // Sections this site does not serve are not judged.
    assert_eq!(url(s.resolve_link(from, "/company/team/")), "unknown");
    // Nor files, without a static folder.
    assert_eq!(url(s.resolve_link(from, "/handbook/x.png")), "unknown");
    // Nor relative links from a page outside the site.
    assert_eq!(url(s.resolve_link(None, "../x/")), "unknown");
}

#[test]
fn refs_resolve_like_hugo() {
    let s = site();
    let from = Some("job-families/engineering/backend.md");
    let cases = [
        (
            "product-leadership",
            "/job-families/product/product-leadership/",
        ),
        (
            "product-leadership.md",
            "/job-families/product/product-leadership/",
        ),
        (
            "/job-families/product/product-leadership.md",
            "/job-families/product/product-leadership/",
        ),
        (
            "../product/product-leadership",
            "/job-families/product/product-leadership/",
        ),
        ("backend", "/job-families/engineering/backend/"),
        ("/handbook/values/_index.md", "/handbook/values/"),
        ("handbook/values", "/handbook/values/"),
        ("bundle", "/handbook/bundle/"),
        // Two pages are named `overview`: Hugo calls that ambiguous.
        ("overview", "unknown"),
        ("no-such-page", "missing no-such-page"),
        ("/job-families/nope.md", "missing /job-families/nope.md"),
    ];
    for (target, want) in cases {
        assert_eq!(url(s.resolve_ref(from, target)), want, "{target}");
    }
    // Relative to the page's own folder first.
    assert_eq!(
        url(s.resolve_ref(Some("handbook/a/x.md"), "overview")),
        "/handbook/a/overview/"
    );
}

#[test]
fn percent_decoding() {
    assert_eq!(percent_decode("caf%C3%A9%20x"), "café x");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%zz"), "%zz");
}
