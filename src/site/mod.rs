//! The site around a page: every page's URL, aliases and anchors (`index`,
//! read with the light `scan`ner, `slug` and `shortcode`), reading pages from
//! disk (`files`), and the reporting lines between levels across pages
//! (`reporting`).

pub mod deps;
pub mod files;
pub mod index;
pub mod reporting;
pub mod scan;
pub mod shortcode;
pub mod slug;

pub use deps::IndexChange;
pub use index::{
    KnownPage, PageAnchors, PageEntry, Resolved, SiteIndex, normalize_url, percent_decode,
    relative_form,
};
pub use scan::{ScannedPage, scan_page, source_slug};
pub use shortcode::{Shortcode, shortcode_anchors, shortcodes};
