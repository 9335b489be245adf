use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule};

/// ## What it does
/// Reports a file that could not be read as a Markdown page: an I/O error, a
/// binary file, or text that is not valid UTF-8; and a folder (or other entry)
/// that could not be walked, such as one without read permission.
///
/// ## Why is this bad?
/// Nothing else can be checked on such a page, and Hugo will fail on it or
/// publish garbage; the pages of an unreadable folder would go unchecked
/// without a word. The other pages are still checked.
///
/// ## Example
/// A `.md` file saved as UTF-16, or an image renamed to `page.md`.
///
/// The engine raises this finding when it reads the file; the rule itself has
/// nothing to check on a page that was read.
pub struct UnreadableFile;

impl UnreadableFile {
    pub fn new(_: &RuleData) -> Self {
        UnreadableFile
    }
}

impl Rule for UnreadableFile {
    fn check(&self, _: &Context<'_>, _: &mut Vec<Diagnostic>) {}
}
