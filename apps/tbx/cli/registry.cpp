#include "cli/registry.hpp"

namespace tbx::cli {

// One declaration and one row per command; each is defined in apps/tbx/commands/<name>.cpp.

Command make_format_command();
Command make_center_command();

std::vector<Command> all_commands() {
    return {
        make_center_command(),
        make_format_command(),
    };
}

} // namespace tbx::cli
