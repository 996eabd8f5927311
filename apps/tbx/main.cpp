#include <csignal>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "cli/app.hpp"

int main(int argc, char** argv) {
    // A closed pipe (`tbx find | head`) shows up as EPIPE on write, and commands end quietly.
    std::signal(SIGPIPE, SIG_IGN);
    auto args = tbx::cli::normalize_args({argv + 1, argv + argc});
    // std::exit flushes the streams and runs static destructors but leaves the command's state
    // alone: the process ends here, and tearing it down would cost more than a check's work.
    if (const auto code = tbx::cli::run_flat(args)) {
        std::exit(*code);
    }
    // Only the named command (and verb) is declared: a one-shot call pays for one command.
    const auto tree =
        tbx::cli::build_app_tree(tbx::cli::command_word(args), tbx::cli::verb_word(args));
    std::exit(tbx::cli::run_app(*tree, std::move(args)));
}
