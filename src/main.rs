//! Thin entry point: parse the command line, run the chosen command, report.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser as _};
use cognito_tui::{cli::Cli, commands};

/// Prints without panicking when the reader has gone (`| head`).
fn print(text: impl std::fmt::Display) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

fn main() -> ExitCode {
    let Some(command) = Cli::parse().command else {
        print(Cli::command().render_long_help());
        return ExitCode::SUCCESS;
    };
    match commands::run(command, &mut std::io::stdin().lock()) {
        Ok(out) => {
            print(out);
            ExitCode::SUCCESS
        }
        Err(reason) => {
            let _ = writeln!(std::io::stderr(), "cognito-tui: {reason}");
            ExitCode::FAILURE
        }
    }
}
