//! The binary: flags -> settings -> the library -> exit code. Only `main` prints
//! errors and exits.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use jflint::Engine;
use jflint::baseline::Baseline;
use jflint::cli::{BaselineArgs, CheckArgs, Cli, Command};
use jflint::diagnostic::Severity;
use jflint::registry::RuleCode;
use jflint::report::{self, Format, ReportOptions};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Baseline(args) => write_baseline(&args),
        Command::Rules => print_rules(),
        Command::Explain { rule } => explain(&rule),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("jflint: {message}");
            ExitCode::from(2)
        }
    }
}

fn check(args: &CheckArgs) -> Result<ExitCode, String> {
    let settings = args.settings().map_err(|e| e.to_string())?;
    init_threads(args.threads)?;
    let baseline = args
        .baseline
        .as_deref()
        .map(Baseline::load)
        .transpose()
        .map_err(|e| e.to_string())?;
    let fail_on = args
        .fail_on
        .or(settings.config.fail_on)
        .unwrap_or(Severity::Error);
    let (engine, mut outcome) = Engine::run(settings).map_err(|e| e.to_string())?;
    let known = baseline.map(|b| b.apply(&engine, &mut outcome));

    let stdout = std::io::stdout();
    let is_terminal = stdout.is_terminal();
    let options = ReportOptions {
        color: is_terminal
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb"),
        graphical: is_terminal,
        width: terminal_width(&stdout),
        files_checked: outcome.files.len(),
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Text formats end with their notes; machine formats own stdout, so the
    // summary, the baseline line and the statistics go to stderr.
    let text = matches!(args.format, Format::Human | Format::Concise);
    let mut notes = Vec::new();
    if !text {
        let _ = writeln!(notes, "{}", report::summary(&outcome));
    }
    if let Some(known) = known {
        let _ = writeln!(notes, "{known}");
    }
    if args.statistics && outcome.findings().next().is_some() {
        let _ = writeln!(notes);
        let _ = report::statistics::write(&mut notes, &outcome);
    }
    let written = report::write(args.format, &mut out, &outcome, &options)
        .and_then(|_| if text { out.write_all(&notes) } else { Ok(()) })
        .and_then(|_| out.flush());
    if let Err(e) = written {
        // A closed pipe (`jflint check | head`) is not a failure of the run.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(format!("cannot write the report: {e}"));
        }
    }
    let failed = outcome.max_severity().is_some_and(|s| s >= fail_on);
    if !text {
        let _ = std::io::stderr().write_all(&notes);
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `jflint baseline FILE [PATH…]`: every current finding, written to FILE.
fn write_baseline(args: &BaselineArgs) -> Result<ExitCode, String> {
    let settings = args.settings().map_err(|e| e.to_string())?;
    init_threads(args.threads)?;
    let (_engine, outcome) = Engine::run(settings).map_err(|e| e.to_string())?;
    let baseline = Baseline::from_outcome(&outcome);
    baseline.write(&args.file).map_err(|e| e.to_string())?;
    let _ = writeln!(
        std::io::stdout(),
        "Wrote {} findings to {} ({})",
        baseline.findings.len(),
        args.file.display(),
        report::summary(&outcome)
    );
    Ok(ExitCode::SUCCESS)
}

fn init_threads(threads: Option<usize>) -> Result<(), String> {
    if let Some(threads) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `COLUMNS` if set, else the terminal's width, else 100.
fn terminal_width(stdout: &std::io::Stdout) -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| terminal_size::terminal_size_of(stdout).map(|(w, _)| usize::from(w.0)))
        .unwrap_or(100)
}

fn print_rules() -> Result<ExitCode, String> {
    let mut out = std::io::stdout().lock();
    for rule in RuleCode::ALL {
        let scope = match rule.scope() {
            jflint::registry::Scope::AnyPage => "any page",
            jflint::registry::Scope::JobFamily => "job families",
        };
        let _ = writeln!(
            out,
            "{:<24} {:<8} {:<13} {}",
            rule.name(),
            rule.default_severity(),
            scope,
            rule.summary()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(name: &str) -> Result<ExitCode, String> {
    let rule: RuleCode = name
        .parse()
        .map_err(|e: jflint::registry::UnknownRule| e.to_string())?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "# {} ({} by default)\n\n{}",
        rule.name(),
        rule.default_severity(),
        rule.documentation()
    );
    Ok(ExitCode::SUCCESS)
}
