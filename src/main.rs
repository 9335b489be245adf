//! The binary: flags -> settings -> the library -> exit code. Only `main` prints
//! errors and exits.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use jflint::cli::{BaselineArgs, CheckArgs, Cli, Command, GraphArgs, InitArgs, ReviewArgs};
use jflint::report::{self, ReportOptions};
use jflint::rules::diagnostic::Severity;
use jflint::rules::registry::RuleCode;
use jflint::rules::rule_file::RuleSet;
use jflint::rules::rule_id::RuleId;
use jflint::workspace::baseline::Baseline;
use jflint::workspace::cache;
use jflint::workspace::engine::lint_bytes;
use jflint::workspace::fix::{self, FileFix, FixStatus};
use jflint::{Engine, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Baseline(args) => write_baseline(&args),
        Command::Rules(config) => print_rules(&config),
        Command::Explain { rule, config } => explain(&rule, &config),
        Command::Graph(args) => graph(&args),
        Command::Review(args) => review(&args),
        Command::Init(args) => init(&args),
        Command::Completions { shell } => completions(shell),
        Command::Man => man_page(),
        Command::Server => jflint::server::run_stdio().map(|()| ExitCode::SUCCESS),
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
    let stdin = args.stdin_path()?;
    let settings = args.settings().map_err(|e| e.to_string())?;
    for warning in settings.config.warnings() {
        eprintln!("jflint: warning: {warning}");
    }
    init_threads(args.run.threads)?;
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
    if let Some(path) = stdin {
        return check_stdin(args, settings, &path, fail_on);
    }
    let Some(mode) = args.fix_mode() else {
        let (engine, mut outcome) = match cache_dir(args, &settings) {
            Some(dir) => {
                let (engine, outcome, report) =
                    cache::run(settings, &dir).map_err(|e| e.to_string())?;
                for warning in report.warnings {
                    eprintln!("jflint: warning: {warning}");
                }
                let mut outcome = outcome;
                let quoted = std::iter::once(args.format)
                    .chain(args.outputs.iter().map(|o| o.format))
                    .any(|f| f == report::Format::Human);
                if quoted {
                    outcome.load_sources();
                }
                (engine, outcome)
            }
            None => Engine::run(settings).map_err(|e| e.to_string())?,
        };
        let known = baseline.map(|b| b.apply(&engine, &mut outcome).to_string());
        return finish(args, &outcome, fail_on, known, Stream::Stdout);
    };
    let (engine, mut run) = fix::run(settings, mode).map_err(|e| e.to_string())?;
    warn_about(&run.files);
    if args.diff {
        return print_diffs(&run.files, run.summary(false));
    }
    let known = baseline.map(|b| b.apply(&engine, &mut run.outcome).to_string());
    let notes = [run.summary(true), known]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    let code = finish(
        args,
        &run.outcome,
        fail_on,
        (!notes.is_empty()).then(|| notes.join("\n")),
        Stream::Stdout,
    )?;
    Ok(if run.has_write_errors() {
        ExitCode::from(2)
    } else {
        code
    })
}

/// Where `check` keeps its cache: `--cache-dir`, the configuration's
/// `cache-dir`, else `.jflint_cache` next to the configuration file or in
/// the current folder; `None` with `--no-cache`.
fn cache_dir(args: &CheckArgs, settings: &jflint::Settings) -> Option<PathBuf> {
    if args.no_cache {
        return None;
    }
    let config = &settings.config;
    args.cache_dir
        .clone()
        .or_else(|| config.cache_dir.clone())
        // The configuration's folder (the working folder without one).
        .or_else(|| Some(config.base_dir.join(cache::DEFAULT_DIR)))
}

/// Standard input, linted as the page at `path`. With `--fix` the fixed page
/// goes to standard output and the remaining findings to standard error.
fn check_stdin(
    args: &CheckArgs,
    settings: jflint::Settings,
    path: &Path,
    fail_on: Severity,
) -> Result<ExitCode, String> {
    let mut bytes = Vec::new();
    // Past the page limit the page is refused: reading more is pointless.
    std::io::stdin()
        .take(settings.config.max_page_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    let engine = Engine::from_settings(settings);
    let Some(mode) = args.fix_mode() else {
        let outcome = Outcome {
            files: vec![lint_bytes(&engine, path, bytes)],
            custom_rules: engine.custom_rules(),
        };
        return finish(args, &outcome, fail_on, None, Stream::Stdout);
    };
    let (report, fixed) = fix::fix_bytes(&engine, path, bytes.clone(), mode);
    let files: Vec<FileFix> = fixed.into_iter().collect();
    warn_about(&files);
    let run = fix::FixRun {
        outcome: Outcome {
            files: vec![report],
            custom_rules: engine.custom_rules(),
        },
        files,
    };
    if args.diff {
        return print_diffs(&run.files, run.summary(false));
    }
    let text = run.files.first().map_or(&bytes[..], |f| f.fixed.as_bytes());
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text).and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(format!("cannot write the fixed page: {e}"));
        }
    }
    finish(
        args,
        &run.outcome,
        fail_on,
        run.summary(true),
        Stream::Stderr,
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stream {
    Stdout,
    Stderr,
}

/// Writes the report (and, after it, the fix summary), then maps the
/// findings to an exit code.
fn finish(
    args: &CheckArgs,
    outcome: &Outcome,
    fail_on: Severity,
    fixed: Option<String>,
    stream: Stream,
) -> Result<ExitCode, String> {
    let (is_terminal, width) = match stream {
        Stream::Stdout => (
            std::io::stdout().is_terminal(),
            terminal_width(&std::io::stdout()),
        ),
        Stream::Stderr => (
            std::io::stderr().is_terminal(),
            terminal_width(&std::io::stderr()),
        ),
    };
    let options = ReportOptions {
        color: report::terminal::use_color_here(args.color, is_terminal),
        graphical: !args.narrate,
        width,
        files_checked: outcome.files.len(),
    };
    let mut fixed = fixed;
    if args.statistics && outcome.findings().next().is_some() {
        let mut table = Vec::new();
        let _ = report::statistics::write(&mut table, outcome);
        let table = String::from_utf8_lossy(&table).trim_end().to_string();
        fixed = Some(match fixed {
            Some(notes) => format!("{notes}\n\n{table}"),
            None => format!("\n{table}"),
        });
    }
    let machine = args.format.is_machine();
    let written = match stream {
        Stream::Stdout => write_report(
            args,
            outcome,
            &options,
            fixed.as_deref(),
            machine,
            std::io::stdout().lock(),
        ),
        Stream::Stderr => write_report(
            args,
            outcome,
            &options,
            fixed.as_deref(),
            machine,
            std::io::stderr().lock(),
        ),
    };
    if let Err(e) = written {
        // A closed pipe (`jflint check | head`) is not a failure of the run.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(format!("cannot write the report: {e}"));
        }
    }
    if machine {
        // Machine formats own stdout; the summaries go to stderr.
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{}", report::summary(outcome));
        if let Some(line) = &fixed {
            let _ = writeln!(err, "{line}");
        }
    }
    // The same findings in every other format asked for: linted once.
    for output in &args.outputs {
        report::write_file(output.format, &output.path, outcome, &options).map_err(|e| {
            format!(
                "cannot write the {} report to {}: {e}",
                output.format.name(),
                output.path.display()
            )
        })?;
    }
    let failed = outcome.max_severity().is_some_and(|s| s >= fail_on);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_report(
    args: &CheckArgs,
    outcome: &Outcome,
    options: &ReportOptions,
    fixed: Option<&str>,
    machine: bool,
    out: impl Write,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    report::write(args.format, &mut out, outcome, options)?;
    if let Some(line) = fixed.filter(|_| !machine) {
        writeln!(out, "{line}")?;
    }
    out.flush()
}

/// Warnings and errors about files the fixer left alone or could not settle.
fn warn_about(files: &[FileFix]) {
    let mut err = std::io::stderr().lock();
    for f in files {
        let _ = match &f.status {
            FixStatus::ChangedOnDisk => writeln!(
                err,
                "jflint: warning: {}: changed on disk while it was being fixed; left as it was",
                f.display
            ),
            FixStatus::WriteFailed(e) => writeln!(
                err,
                "jflint: error: cannot write the fixes to {}: {e}; the file is unchanged",
                f.display
            ),
            _ => Ok(()),
        };
        if !f.converged {
            let _ = writeln!(
                err,
                "jflint: warning: {}: fixes still pending after {} passes; check the result",
                f.display,
                fix::MAX_PASSES
            );
        }
    }
}

/// `--diff`: the fixes as a unified diff on stdout; exit 1 if there are any.
fn print_diffs(files: &[FileFix], summary: Option<String>) -> Result<ExitCode, String> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut any = false;
    for f in files {
        let diff = f.diff();
        any |= !diff.is_empty();
        if let Err(e) = out.write_all(diff.as_bytes()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                break;
            }
            return Err(format!("cannot write the diff: {e}"));
        }
    }
    let _ = out.flush();
    if let Some(line) = summary {
        eprintln!("{line}");
    }
    Ok(if any {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `jflint baseline FILE [PATH…]`: every current finding, written to FILE.
fn write_baseline(args: &BaselineArgs) -> Result<ExitCode, String> {
    let settings = args.settings().map_err(|e| e.to_string())?;
    init_threads(args.run.threads)?;
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
fn terminal_width(stream: &impl std::os::fd::AsFd) -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| terminal_size::terminal_size_of(stream).map(|(w, _)| usize::from(w.0)))
        .unwrap_or(100)
}

fn print_rules(args: &jflint::cli::ConfigArgs) -> Result<ExitCode, String> {
    // The configuration's rule files are listed too; a configuration found
    // nearby that does not load still leaves the built-in list to print (one
    // named with `--config` must load).
    let rule_set = match args.load() {
        Ok(config) => config.rule_set,
        Err(e) if args.is_explicit() => return Err(e.to_string()),
        Err(e) => {
            eprintln!("jflint: {e}: custom rules not listed");
            RuleSet::builtin()
        }
    };
    let mut out = std::io::stdout().lock();
    for &rule in RuleCode::ALL {
        let scope = match rule.scope() {
            jflint::rules::registry::Scope::AnyPage => "any page",
            jflint::rules::registry::Scope::JobFamily => "job families",
        };
        // A rule file's rule says where its data comes from.
        let origin = rule_set
            .origin(RuleId::Builtin(rule))
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<24} {:<8} {:<13} {}{origin}",
            rule.name(),
            rule_set.severity(rule),
            scope,
            rule.summary(),
        );
    }
    for (_, spec) in rule_set.custom() {
        let _ = writeln!(
            out,
            "{:<24} {:<8} {:<13} {} ({})",
            spec.id.name(),
            spec.severity,
            if spec.pages.job_families_only() {
                "job families"
            } else {
                "any page"
            },
            spec.summary(),
            spec.file.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(name: &str, args: &jflint::cli::ConfigArgs) -> Result<ExitCode, String> {
    let id: RuleId = name
        .parse()
        .map_err(|e: jflint::rules::registry::UnknownRule| e.to_string())?;
    let rule_set = match (id, args.load()) {
        (_, Ok(config)) => config.rule_set,
        // A built-in rule's documentation does not need the configuration
        // found nearby; a custom rule's does.
        (RuleId::Builtin(_), Err(e)) if !args.is_explicit() => {
            eprintln!("jflint: {e}: what its rule files change is not shown");
            RuleSet::builtin()
        }
        (_, Err(e)) => return Err(e.to_string()),
    };
    let text = rule_set.explanation(id).ok_or_else(|| {
        format!("unknown rule `{id}`: no file of the configuration's `custom-rules` defines it")
    })?;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// `jflint completions SHELL`: the script, generated from the flags.
fn completions(shell: clap_complete::Shell) -> Result<ExitCode, String> {
    let mut cli = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cli, "jflint", &mut out);
    print_bytes(&out, "the completion script")
}

/// `jflint man`: the man page, generated from the flags.
fn man_page() -> Result<ExitCode, String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| e.to_string())?;
    print_bytes(&out, "the man page")
}

fn print_bytes(bytes: &[u8], what: &str) -> Result<ExitCode, String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write {what}: {e}"))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// `jflint init [DIR]`: the configuration file, then the next steps.
fn init(args: &InitArgs) -> Result<ExitCode, String> {
    let path = args.dir.join(jflint::workspace::config::CONFIG_FILE_NAME);
    if path.exists() && !args.force {
        return Err(format!(
            "{} already exists; pass --force to replace it",
            path.display()
        ));
    }
    let survey = jflint::workspace::init::survey(&args.dir)?;
    let text = survey.config_text();
    write_whole(&path, text.as_bytes(), args.force).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => format!(
            "{} already exists; pass --force to replace it",
            path.display()
        ),
        _ => format!("cannot write {}: {e}", path.display()),
    })?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "Wrote {} (site root {}, job families {}, {} accepted words)\n",
        path.display(),
        survey.site_root.display(),
        survey
            .job_families_rel()
            .unwrap_or_else(|| "not found".to_string()),
        survey.words.len()
    );
    let _ = out.write_all(survey.next_steps(env!("CARGO_PKG_VERSION")).as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// `jflint graph`: the reporting-line graph on stdout, its figures on stderr.
fn graph(args: &GraphArgs) -> Result<ExitCode, String> {
    let settings = args.settings().map_err(|e| e.to_string())?;
    let built = jflint::workspace::graph::build(&settings)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written =
        jflint::workspace::graph::write(&mut out, &built, args.format, args.group_by_family)
            .and_then(|_| out.flush());
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(format!("cannot write the graph: {e}"));
    }
    eprintln!("{}", jflint::workspace::graph::summary(&built));
    Ok(ExitCode::SUCCESS)
}

/// `jflint review`: the changes on stdout; exit 1 only for `--fail-on` kinds.
fn review(args: &ReviewArgs) -> Result<ExitCode, String> {
    let settings = args.settings().map_err(|e| e.to_string())?;
    let review = jflint::workspace::review::run(&settings)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = jflint::workspace::review_report::write(
        &mut out,
        &review,
        args.format,
        args.link_base.as_deref(),
    )
    .and_then(|_| out.flush());
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(format!("cannot write the review: {e}"));
    }
    let failing = review
        .changes
        .iter()
        .filter(|c| args.fail_on.contains(&c.kind))
        .count();
    Ok(if failing > 0 {
        eprintln!("jflint: {failing} changes of a kind given to --fail-on");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes `bytes` to `path` whole or not at all (a temporary file renamed
/// over it); an existing file is replaced only when `replace` is set.
fn write_whole(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    if replace {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}
