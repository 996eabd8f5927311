#pragma once
// Line-at-a-time reading of a descriptor with one reusable buffer: no allocation per line.

#include <cstddef>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::text {

/// Holds one input line; both views stay valid until the next call to LineReader::next.
struct Line {
    std::string_view content; ///< the line without its terminator
    std::string_view ending;  ///< "\n", "\r\n", or "" for a last line without a newline
};

/// Reads lines split on '\n' only from a descriptor; a "\r" before the "\n" belongs to the
/// ending, so CRLF files keep their line endings.
class LineReader {
public:
    /// Reads from `fd` (not owned) through a buffer of `buffer_size` bytes that grows for
    /// longer lines.
    explicit LineReader(int fd, std::size_t buffer_size = std::size_t{1} << 18);

    /// Reads the next line into `line`; returns false at the end of input, an Error when
    /// read(2) fails.
    Result<bool> next(Line& line);

    /// Returns the next line in `line` when a whole one is already buffered, without read(2)
    /// or an error to report; false when next() must read.
    bool next_buffered(Line& line) {
        if (m_begin >= m_end) {
            return false;
        }
        const char* base = m_buffer.data() + m_begin;
        const void* found = std::memchr(base, '\n', m_end - m_begin);
        if (found == nullptr) {
            return false;
        }
        const auto* stop = static_cast<const char*>(found);
        const auto size = static_cast<std::size_t>(stop - base);
        const std::size_t cr = size > 0 && stop[-1] == '\r' ? 1 : 0;
        line.content = std::string_view(base, size - cr);
        line.ending = std::string_view(stop - cr, 1 + cr);
        m_begin += size + 1;
        return true;
    }

    /// Returns the input read and not yet returned as lines (whole lines, maybe a partial one).
    [[nodiscard]] std::string_view buffered() const {
        return {m_buffer.data() + m_begin, m_end - m_begin};
    }

    /// Drops the first `count` bytes of buffered(), which the caller took as whole lines.
    void skip(std::size_t count) { m_begin += count; }

private:
    int m_fd;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    bool m_eof = false;
};

/// Calls `on_line(content, ending)` for each line read from `fd` (a last line without a
/// newline gets "\n") until it returns false or the input ends; fails when read(2) fails.
/// Before each line, `on_block(buffered)` may take whole lines of the buffered input at once:
/// it returns how many bytes it took (0 for none), or nullopt to stop.
template <class OnBlock, class OnLine>
Result<void> for_each_line(int fd, OnBlock&& on_block, OnLine&& on_line) {
    LineReader reader(fd);
    Line line;
    while (true) {
        const std::optional<std::size_t> taken = on_block(reader.buffered());
        if (!taken) {
            return {};
        }
        reader.skip(*taken);
        if (!reader.next_buffered(line)) {
            auto more = reader.next(line);
            if (!more) {
                return tl::unexpected(more.error());
            }
            if (!*more) {
                return {};
            }
        }
        const std::string_view ending = line.ending.empty() ? std::string_view("\n") : line.ending;
        if (!on_line(line.content, ending)) {
            return {};
        }
    }
}

/// Calls `on_line(content, ending)` for each line read from `fd`, as above, one at a time.
template <class OnLine>
Result<void> for_each_line(int fd, OnLine&& on_line) {
    return for_each_line(
        fd, [](std::string_view) { return std::optional<std::size_t>(0); }, on_line);
}

/// Splits an in-memory text into lines with the same rules as LineReader.
class LineSplitter {
public:
    /// Splits `text`, which must outlive the splitter.
    explicit LineSplitter(std::string_view text) : m_text(text) {}

    /// Returns the next line in `line`, or false when the text is used up.
    bool next(Line& line);

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace tbx::text
