//! Thin entry point: parse the command line, run the chosen command, report.

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

use clap::Parser as _;
use cognito_tui::printable::printable;
use cognito_tui::{cli::Cli, commands, tui};

/// Prints without panicking when the reader has gone (`| head`). On a terminal, control
/// characters from server data are shown escaped; a pipe or file gets the data as it is.
fn print(text: impl std::fmt::Display) {
    let text = text.to_string();
    let mut out = std::io::stdout().lock();
    let text = if out.is_terminal() {
        printable(&text)
    } else {
        text.as_str().into()
    };
    let _ = writeln!(out, "{text}");
}

/// A failure on standard error: always for a person, so never raw control characters (a
/// server's error text is part of it; the service layer already made that one line).
fn report(reason: &dyn std::fmt::Display) {
    let text = reason.to_string();
    let _ = writeln!(std::io::stderr(), "cognito-tui: {}", printable(&text));
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return match tui::run(tui::Options {
            profile: cli.profile,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(reason) => fail(&reason),
        };
    };
    match commands::run(command, &mut std::io::stdin().lock()) {
        Ok(out) => {
            // A command that streamed its data (an export to standard output) has nothing left.
            if !out.is_empty() {
                print(out);
            }
            ExitCode::SUCCESS
        }
        Err(commands::CommandError::Gate {
            output,
            reason,
            code,
        }) => {
            print(output);
            report(&reason);
            ExitCode::from(code)
        }
        Err(reason) => fail(&reason),
    }
}

fn fail(reason: &dyn std::fmt::Display) -> ExitCode {
    report(reason);
    ExitCode::FAILURE
}
