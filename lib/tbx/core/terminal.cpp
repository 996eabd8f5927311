#include <sys/ioctl.h>
#include <unistd.h>

#include <tbx/core/terminal.hpp>

namespace tbx::core {

bool is_terminal(int fd) {
    return ::isatty(fd) == 1;
}

std::optional<int> terminal_columns(int fd) {
    winsize size{};
    if (::ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) {
        return std::nullopt;
    }
    return static_cast<int>(size.ws_col);
}

} // namespace tbx::core
