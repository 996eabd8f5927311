#pragma once
// Single-key questions on the terminal (/dev/tty), for commands that confirm per item.

#include <string>
#include <string_view>

#include <tbx/core/error.hpp>

#include "cli/raw_terminal.hpp"

namespace tbx::cli {

/// Asks questions answered by one key press on /dev/tty, so it works while stdin is a pipe.
/// Everything it prints goes to the terminal, never to stdout.
class KeyPrompt {
public:
    /// Opens /dev/tty in raw mode; fails with ErrorKind::unsupported without a terminal.
    static Result<KeyPrompt> open();

    /// Writes `text` to the terminal as is.
    void write(std::string_view text) const;

    /// Prints `question` and reads keys until one in `choices` arrives; Esc, Ctrl-C and the
    /// end of input answer `cancel`, `help_key` prints `help` and asks again, any other key
    /// asks again (as vim does). Returns the chosen key.
    char ask(std::string_view question, std::string_view choices, char cancel, char help_key,
             std::string_view help);

private:
    explicit KeyPrompt(RawKeyReader reader) : m_reader(std::move(reader)) {}
    RawKeyReader m_reader;
};

/// Returns `text` safe to print on a terminal: control bytes as ^X, DEL as ^?, invalid UTF-8
/// bytes as \xHH, tabs kept.
std::string printable(std::string_view text);

} // namespace tbx::cli
