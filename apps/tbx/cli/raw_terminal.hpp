#pragma once
// Single key presses from /dev/tty in raw mode: the terminal side of KeyPrompt.

#include <tbx/core/error.hpp>

namespace tbx::cli {

/// Identifies a key read by RawKeyReader: a byte, or one of the special keys.
struct Key {
    enum class Kind { byte, escape, interrupt, end_of_input };
    Kind kind = Kind::byte;
    char byte = 0;
};

/// Reads single key presses from /dev/tty in raw (non-canonical, no-echo) mode. The terminal
/// settings are restored by the destructor and on SIGINT, SIGTERM, SIGHUP (then the signal is
/// re-raised) and across SIGTSTP/SIGCONT (raw mode is re-applied on resume). Ctrl-C arrives
/// as Key::Kind::interrupt, not as a signal, while a key is being read. Only one may exist.
class RawKeyReader {
public:
    /// Opens /dev/tty; fails with ErrorKind::unsupported, saying why, when there is no terminal.
    static Result<RawKeyReader> open();

    RawKeyReader(RawKeyReader&& other) noexcept;
    RawKeyReader& operator=(RawKeyReader&&) = delete;
    RawKeyReader(const RawKeyReader&) = delete;
    RawKeyReader& operator=(const RawKeyReader&) = delete;
    ~RawKeyReader();

    /// Blocks until one key is pressed and returns it.
    Result<Key> read_key();

    /// Returns the descriptor of /dev/tty, for writing the prompt to the same terminal.
    [[nodiscard]] int fd() const { return m_fd; }

private:
    explicit RawKeyReader(int fd);
    int m_fd = -1;
};

} // namespace tbx::cli
