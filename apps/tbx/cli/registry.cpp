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
        make_find_command(),    // tbx find
        make_whereis_command(), // tbx whereis
        make_subst_command(),   // tbx subst
        make_semver_command(),  // tbx semver
        make_memprof_command(), // tbx memprof
        make_cuda_command(),    // tbx cuda
        make_center_command(),  // tbx center
        make_format_command(),  // tbx format
    };
}

} // namespace tbx::cli
