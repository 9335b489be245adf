//! Whether the human report is coloured: `--color`, then `NO_COLOR`, then
//! `FORCE_COLOR`, then whether the stream is a terminal (and `TERM` is not
//! `dumb`). Colour is the only thing a pipe loses: the report stays graphical
//! in a CI log, as rustc's and ruff's do.

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set; `FORCE_COLOR` forces it.
    #[default]
    Auto,
    /// Always colour, whatever the stream and the environment.
    Always,
    /// Never colour.
    Never,
}

/// Decides colour for a stream; `var` reads the environment (a parameter so
/// that tests need not change the process's own).
pub fn use_color(
    choice: ColorChoice,
    is_terminal: bool,
    var: impl Fn(&str) -> Option<String>,
) -> bool {
    // Both variables count only when set to something (no-color.org,
    // force-color.org); the flag overrides both.
    let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if set("FORCE_COLOR") => true,
        ColorChoice::Auto => is_terminal && var("TERM").is_none_or(|t| t != "dumb"),
    }
}

/// [`use_color`] with the process's environment.
pub fn use_color_here(choice: ColorChoice, is_terminal: bool) -> bool {
    use_color(choice, is_terminal, |name| {
        std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn auto_colours_terminals_only() {
        assert!(use_color(ColorChoice::Auto, true, env(&[])));
        assert!(!use_color(ColorChoice::Auto, false, env(&[])));
        assert!(!use_color(
            ColorChoice::Auto,
            true,
            env(&[("TERM", "dumb")])
        ));
    }

    #[test]
    fn no_color_and_force_color_are_honoured_when_not_empty() {
        assert!(!use_color(
            ColorChoice::Auto,
            true,
            env(&[("NO_COLOR", "1")])
        ));
        assert!(use_color(ColorChoice::Auto, true, env(&[("NO_COLOR", "")])));
        assert!(use_color(
            ColorChoice::Auto,
            false,
            env(&[("FORCE_COLOR", "1")])
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            false,
            env(&[("FORCE_COLOR", "")])
        ));
        // Asked for no colour and for colour: no colour.
        assert!(!use_color(
            ColorChoice::Auto,
            false,
            env(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")])
        ));
    }

    #[test]
    fn the_flag_overrides_the_environment() {
        let both = env(&[("NO_COLOR", "1"), ("TERM", "dumb")]);
        assert!(use_color(ColorChoice::Always, false, &both));
        let force = env(&[("FORCE_COLOR", "1")]);
        assert!(!use_color(ColorChoice::Never, true, &force));
    }
}
