#include "cli/raw_terminal.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <termios.h>
#include <unistd.h>
#include <utility>

namespace tbx::cli {

namespace {

// Signal handlers can reach no object, so the terminal state they restore lives here, in the
// app and not in libtbx (which keeps no mutable globals); RawKeyReader allows a single instance.
struct TerminalState {
    volatile sig_atomic_t fd = -1;
    termios saved{};
    termios raw{};
    std::array<struct sigaction, 5> previous{};
};
TerminalState g_terminal;

constexpr std::array<int, 5> k_handled_signals = {SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT};

void install_handlers();

void restore_terminal() {
    if (g_terminal.fd >= 0) {
        ::tcsetattr(g_terminal.fd, TCSAFLUSH, &g_terminal.saved);
    }
}

// Restores the terminal, then lets the signal do what it would have done without us.
extern "C" void on_signal(int signal_number) {
    const int saved_errno = errno;
    if (signal_number == SIGCONT) {
        if (g_terminal.fd >= 0) {
            ::tcsetattr(g_terminal.fd, TCSAFLUSH, &g_terminal.raw);
        }
        errno = saved_errno;
        return;
    }
    restore_terminal();
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    ::sigaction(signal_number, &default_action, nullptr);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, signal_number);
    ::pthread_sigmask(SIG_UNBLOCK, &unblock, nullptr);
    ::raise(signal_number);
    // Only SIGTSTP returns here, once the process is continued: take the terminal back.
    install_handlers();
    if (g_terminal.fd >= 0) {
        ::tcsetattr(g_terminal.fd, TCSAFLUSH, &g_terminal.raw);
    }
    errno = saved_errno;
}

void install_handlers() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < k_handled_signals.size(); ++i) {
        ::sigaction(k_handled_signals[i], &action, &g_terminal.previous[i]);
    }
}

void restore_handlers() {
    for (std::size_t i = 0; i < k_handled_signals.size(); ++i) {
        ::sigaction(k_handled_signals[i], &g_terminal.previous[i], nullptr);
    }
}

// Swallows the rest of an escape sequence (arrow keys send ESC [ A) so it is one key press.
void drain_escape_sequence(int fd) {
    pollfd waiting{fd, POLLIN, 0};
    std::array<char, 16> discard{};
    while (::poll(&waiting, 1, 25) > 0) {
        if (::read(fd, discard.data(), discard.size()) <= 0) {
            return;
        }
    }
}

} // namespace

Result<RawKeyReader> RawKeyReader::open() {
    if (g_terminal.fd >= 0) {
        return fail(ErrorKind::unsupported, "a terminal key reader is already open");
    }
    // The messages say why there is no terminal; callers already say what it was needed for
    // and name /dev/tty, so neither is repeated here.
    const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        return fail(ErrorKind::unsupported,
                    errno == ENXIO ? "the process has no controlling terminal"
                                   : std::string("it cannot be opened: ") + std::strerror(errno));
    }
    termios saved{};
    if (::tcgetattr(fd, &saved) != 0) {
        ::close(fd);
        return fail(ErrorKind::unsupported, "it is not a terminal");
    }
    termios raw = saved;
    // No line editing, no echo, and Ctrl-C/Ctrl-Z as plain bytes: the caller decides.
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~static_cast<tcflag_t>(IXON | ICRNL);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    g_terminal.saved = saved;
    g_terminal.raw = raw;
    g_terminal.fd = fd;
    install_handlers();
    if (::tcsetattr(fd, TCSAFLUSH, &raw) != 0) {
        const int saved_errno = errno;
        restore_handlers();
        g_terminal.fd = -1;
        ::close(fd);
        return tl::unexpected(errno_error(saved_errno, "cannot set raw mode on", "/dev/tty"));
    }
    return RawKeyReader(fd);
}

RawKeyReader::RawKeyReader(int fd) : m_fd(fd) {}

RawKeyReader::RawKeyReader(RawKeyReader&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

RawKeyReader::~RawKeyReader() {
    if (m_fd < 0) {
        return;
    }
    restore_terminal();
    restore_handlers();
    g_terminal.fd = -1;
    ::close(m_fd);
}

Result<Key> RawKeyReader::read_key() {
    while (true) {
        char byte = 0;
        const ssize_t n = ::read(m_fd, &byte, 1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return tl::unexpected(errno_error(errno, "cannot read from", "/dev/tty"));
        }
        if (n == 0 || byte == '\x04') {
            return Key{Key::Kind::end_of_input, 0};
        }
        if (byte == '\x03') {
            return Key{Key::Kind::interrupt, 0};
        }
        if (byte == '\x1a') {
            // Ctrl-Z: suspend like a cooked terminal would, then resume in raw mode.
            ::raise(SIGTSTP);
            continue;
        }
        if (byte == '\x1b') {
            drain_escape_sequence(m_fd);
            return Key{Key::Kind::escape, 0};
        }
        return Key{Key::Kind::byte, byte};
    }
}

} // namespace tbx::cli
