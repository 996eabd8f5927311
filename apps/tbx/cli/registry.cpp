#include "cli/registry.hpp"

namespace tbx::cli {

// One declaration and one row per command; each is defined in apps/tbx/commands/<name>.cpp.

Command make_cuda_command();

std::vector<Command> all_commands() {
    return {
        make_cuda_command(),
    };
}

} // namespace tbx::cli
