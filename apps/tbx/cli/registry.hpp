#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.hpp"

namespace tbx::cli {

/// Returns every subcommand, in the order `tbx --help` lists them.
std::vector<Command> all_commands();

/// Returns the names of every subcommand, in the order of all_commands(), without building them.
std::vector<std::string> all_command_names();

/// Builds only the subcommand called `name` (a one-shot call builds one); nullopt if none is.
std::optional<Command> make_command(std::string_view name);

} // namespace tbx::cli
