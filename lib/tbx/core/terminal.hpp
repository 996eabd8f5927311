#pragma once
// Stateless questions about a file descriptor. Reading keys from the terminal (raw mode, signal
// handlers) lives in apps/tbx/cli/raw_terminal.hpp: the library keeps no terminal state.

#include <optional>

namespace tbx::core {

/// Returns true when `fd` refers to a terminal.
bool is_terminal(int fd);

/// Returns the column count of the terminal on `fd`, or nullopt when it is not a terminal.
std::optional<int> terminal_columns(int fd);

} // namespace tbx::core
