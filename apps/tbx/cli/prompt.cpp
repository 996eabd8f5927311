#include "cli/prompt.hpp"

#include <cerrno>
#include <unistd.h>

#include <fmt/format.h>

#include <tbx/text/utf8.hpp>

namespace tbx::cli {

Result<KeyPrompt> KeyPrompt::open() {
    auto reader = RawKeyReader::open();
    if (!reader) {
        return tl::unexpected(reader.error());
    }
    return KeyPrompt(std::move(*reader));
}

void KeyPrompt::write(std::string_view text) const {
    while (!text.empty()) {
        const ssize_t written = ::write(m_reader.fd(), text.data(), text.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return;
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
}

char KeyPrompt::ask(std::string_view question, std::string_view choices, char cancel, char help_key,
                    std::string_view help) {
    write(question);
    while (true) {
        auto key = m_reader.read_key();
        if (!key || key->kind != Key::Kind::byte) {
            write("\r\n");
            return cancel;
        }
        if (key->byte == help_key) {
            write("\r\n");
            write(help);
            write(question);
            continue;
        }
        if (choices.find(key->byte) != std::string_view::npos) {
            write(std::string(1, key->byte) + "\r\n");
            return key->byte;
        }
        // An unlisted key says which keys are valid and asks again, on a fresh line.
        write(fmt::format("\r\n{} is not a choice: press one of {} ({} for help)\r\n",
                          printable(std::string(1, static_cast<char>(key->byte))), choices,
                          help_key));
        write(question);
    }
}

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\t') {
            out += '\t';
            ++i;
        } else if (c < 0x20) {
            out += '^';
            out += static_cast<char>(c + 0x40);
            ++i;
        } else if (c == 0x7f) {
            out += "^?";
            ++i;
        } else if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
        } else {
            // A whole UTF-8 sequence prints as itself, any other byte as \xHH.
            const text::Decoded unit = text::decode_at(text, i);
            if (unit.valid) {
                out.append(text, i, unit.length);
            } else {
                out += fmt::format("\\x{:02x}", c);
            }
            i += unit.length;
        }
    }
    return out;
}

} // namespace tbx::cli
