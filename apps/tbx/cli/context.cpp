#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <tbx/core/terminal.hpp>

#include "cli/command.hpp"
#include "cli/output.hpp"

namespace tbx::cli {

bool Context::color(int fd) const {
    switch (m_globals.color) {
    case ColorMode::always:
        return true;
    case ColorMode::never:
        return false;
    case ColorMode::auto_detect:
        break;
    }
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    const bool no_color_set = no_color != nullptr && no_color[0] != '\0';
    const bool dumb = term != nullptr && std::string_view(term) == "dumb";
    return !no_color_set && !dumb && core::is_terminal(fd);
}

bool Context::given(std::string_view long_name) const {
    return std::find(m_given.begin(), m_given.end(), long_name) != m_given.end();
}

namespace {

void diagnostic(const std::string& command_path, std::string_view level,
                const std::string& message) {
    std::fflush(stdout);
    const std::string line =
        "tbx " + command_path + ": " + std::string(level) + ": " + message + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace

void Context::error(const std::string& message) const {
    diagnostic(m_command_path, "error", message);
}

void Context::warning(const std::string& message) const {
    diagnostic(m_command_path, "warning", message);
}

void Context::note(const std::string& message) const {
    diagnostic(m_command_path, "note", message);
}

int Context::finish_output(OutputBuffer& out, int code) const {
    if (!out.flush() && out.failed()) {
        error(std::string("cannot write output: ") + std::strerror(errno));
        return k_exit_error;
    }
    return code;
}

} // namespace tbx::cli
