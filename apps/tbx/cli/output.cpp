#include "cli/output.hpp"

#include <cerrno>
#include <unistd.h>

#include <tbx/core/strings.hpp>

namespace tbx::cli {

namespace {

template <class Json>
void put_bytes_into(Json& object, const std::string& key, std::string_view bytes) {
    if (core::is_valid_utf8(bytes)) {
        object[key] = std::string(bytes);
        return;
    }
    object[key] = core::to_utf8_lossy(bytes);
    object[key + "_base64"] = core::base64_encode(bytes);
}

} // namespace

void put_bytes(nlohmann::json& object, const std::string& key, std::string_view bytes) {
    put_bytes_into(object, key, bytes);
}

void put_bytes(nlohmann::ordered_json& object, const std::string& key, std::string_view bytes) {
    put_bytes_into(object, key, bytes);
}

std::string json_line(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

OutputBuffer::OutputBuffer(std::FILE* stream, std::size_t capacity)
    : m_stream(stream), m_capacity(capacity) {
    m_buffer.reserve(capacity);
}

OutputBuffer::~OutputBuffer() {
    flush();
}

bool OutputBuffer::write(std::string_view bytes) {
    if (m_broken_pipe || m_failed) {
        return false;
    }
    m_buffer.append(bytes);
    return m_buffer.size() < m_capacity || flush();
}

bool OutputBuffer::flush() {
    if (m_broken_pipe || m_failed) {
        return false;
    }
    std::fflush(m_stream);
    const int fd = ::fileno(m_stream);
    std::string_view pending = m_buffer;
    while (!pending.empty()) {
        const ssize_t n = ::write(fd, pending.data(), pending.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            (errno == EPIPE ? m_broken_pipe : m_failed) = true;
            m_buffer.clear();
            return false;
        }
        pending.remove_prefix(static_cast<std::size_t>(n));
    }
    m_buffer.clear();
    return true;
}

std::string paint(std::string_view text, std::string_view sgr, bool enabled) {
    if (!enabled) {
        return std::string(text);
    }
    return "\x1b[" + std::string(sgr) + "m" + std::string(text) + "\x1b[0m";
}

} // namespace tbx::cli
