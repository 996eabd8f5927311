#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <tbx/text/lines.hpp>

namespace tbx::text {

namespace {

Line make_line(std::string_view text, bool terminated) {
    if (!terminated) {
        return {text, {}};
    }
    // `text` includes the '\n' here.
    if (text.size() >= 2 && text[text.size() - 2] == '\r') {
        return {text.substr(0, text.size() - 2), text.substr(text.size() - 2)};
    }
    return {text.substr(0, text.size() - 1), text.substr(text.size() - 1)};
}

} // namespace

LineReader::LineReader(int fd, std::size_t buffer_size) : m_fd(fd), m_buffer(buffer_size) {}

Result<bool> LineReader::next(Line& line) {
    std::size_t search_from = m_begin;
    for (;;) {
        const char* base = m_buffer.data();
        if (search_from < m_end) {
            const void* found = std::memchr(base + search_from, '\n', m_end - search_from);
            if (found != nullptr) {
                const auto stop = static_cast<std::size_t>(static_cast<const char*>(found) - base);
                line = make_line(std::string_view(base + m_begin, stop + 1 - m_begin), true);
                m_begin = stop + 1;
                return true;
            }
        }
        if (m_eof) {
            if (m_begin == m_end) {
                return false;
            }
            line = make_line(std::string_view(base + m_begin, m_end - m_begin), false);
            m_begin = m_end;
            return true;
        }
        // Keep the partial line and make room behind it.
        const std::size_t kept = m_end - m_begin;
        if (m_begin > 0) {
            std::memmove(m_buffer.data(), m_buffer.data() + m_begin, kept);
            m_begin = 0;
            m_end = kept;
        }
        if (m_end == m_buffer.size()) {
            m_buffer.resize(m_buffer.size() * 2);
        }
        search_from = m_end;
        ssize_t got = 0;
        do {
            got = ::read(m_fd, m_buffer.data() + m_end, m_buffer.size() - m_end);
        } while (got < 0 && errno == EINTR);
        if (got < 0) {
            return tl::unexpected(errno_error(errno, "cannot read input"));
        }
        if (got == 0) {
            m_eof = true;
        }
        m_end += static_cast<std::size_t>(got);
    }
}

bool LineSplitter::next(Line& line) {
    if (m_pos >= m_text.size()) {
        return false;
    }
    const std::size_t stop = m_text.find('\n', m_pos);
    if (stop == std::string_view::npos) {
        line = make_line(m_text.substr(m_pos), false);
        m_pos = m_text.size();
        return true;
    }
    line = make_line(m_text.substr(m_pos, stop + 1 - m_pos), true);
    m_pos = stop + 1;
    return true;
}

} // namespace tbx::text
