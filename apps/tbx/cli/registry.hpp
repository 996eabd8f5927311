#pragma once

#include <vector>

#include "cli/command.hpp"

namespace tbx::cli {

/// Returns every subcommand, in the order `tbx --help` lists them.
std::vector<Command> all_commands();

} // namespace tbx::cli
