#include "cli/registry.hpp"

#include <array>

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

namespace {

/// Names a command and the function that builds it (its help texts and set-up).
struct CommandEntry {
    std::string_view name; ///< the Command's name, as `tbx NAME` runs it
    Command (*make)();
};

constexpr std::array<CommandEntry, 8> k_commands = {{
    {"find", make_find_command},
    {"whereis", make_whereis_command},
    {"subst", make_subst_command},
    {"semver", make_semver_command},
    {"memprof", make_memprof_command},
    {"cuda", make_cuda_command},
    {"center", make_center_command},
    {"format", make_format_command},
}};

} // namespace

std::vector<Command> all_commands() {
    std::vector<Command> commands;
    for (const auto& entry : k_commands) {
        commands.push_back(entry.make());
    }
    return commands;
}

std::vector<std::string> all_command_names() {
    std::vector<std::string> names;
    for (const auto& entry : k_commands) {
        names.emplace_back(entry.name);
    }
    return names;
}

std::optional<Command> make_command(std::string_view name) {
    for (const auto& entry : k_commands) {
        if (entry.name == name) {
            return entry.make();
        }
    }
    return std::nullopt;
}

} // namespace tbx::cli
