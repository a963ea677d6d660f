//! Thin entry point: parse the command line, run the chosen command, report.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;
use cognito_tui::{cli::Cli, commands, tui};

/// Prints without panicking when the reader has gone (`| head`).
fn print(text: impl std::fmt::Display) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
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
            let _ = writeln!(std::io::stderr(), "cognito-tui: {reason}");
            ExitCode::from(code)
        }
        Err(reason) => fail(&reason),
    }
}

fn fail(reason: &dyn std::fmt::Display) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "cognito-tui: {reason}");
    ExitCode::FAILURE
}
