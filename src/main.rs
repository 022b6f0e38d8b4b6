//! The `pymemsim` binary: the command line (and, later, the desktop app).

use clap::Parser as _;

fn main() {
    let cli = pymemsim::cli::Cli::parse();
    std::process::exit(pymemsim::cli::main_with(cli));
}
