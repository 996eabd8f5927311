#include "cli/registry.hpp"

namespace tbx::cli {

// One declaration and one row per command; each is defined in apps/tbx/commands/<name>.cpp.

Command make_find_command();
Command make_whereis_command();
Command make_subst_command();
Command make_semver_command();
Command make_memprof_command();
Command make_cuda_command();
Command make_center_command();
Command make_format_command();

std::vector<Command> all_commands() {
    return {
        make_find_command(),   make_whereis_command(), make_subst_command(),
        make_semver_command(), make_memprof_command(), make_cuda_command(),
        make_center_command(), make_format_command(),
    };
}

} // namespace tbx::cli
