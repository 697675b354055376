// The `focus` command line: each area registers its subcommands on the CLI11 app. A command's
// callback throws focus::Error on bad input; main() prints it as "focus: error: ..." and exits 1.
#pragma once

#include <CLI/CLI.hpp>

namespace focus::cli {

// focus fetch FASTA LOCUS...   focus contigs FASTA
void addGenomeCommands(CLI::App& app);

}  // namespace focus::cli
