#include "cli/registry.hpp"

namespace tbx::cli {

// One declaration and one row per command; each is defined in apps/tbx/commands/<name>.cpp.
Command make_subst_command();
Command make_find_command();
Command make_whereis_command();

std::vector<Command> all_commands() {
    return {
        make_subst_command(),
        make_find_command(),
        make_whereis_command(),
    };
}

} // namespace tbx::cli
