#include "cli/registry.hpp"

namespace tbx::cli {

// One declaration and one row per command; each is defined in apps/tbx/commands/<name>.cpp.

std::vector<Command> all_commands() {
    return {};
}

} // namespace tbx::cli
