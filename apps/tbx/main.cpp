#include <csignal>
#include <string>
#include <vector>

#include "cli/app.hpp"

int main(int argc, char** argv) {
    // A closed pipe (`tbx find | head`) shows up as EPIPE on write, and commands end quietly.
    std::signal(SIGPIPE, SIG_IGN);
    auto tree = tbx::cli::build_app_tree();
    return tbx::cli::run_app(*tree, std::vector<std::string>(argv + 1, argv + argc));
}
