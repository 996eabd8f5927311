#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tbx::cli {

/// Stores a byte string (a path, a line) in `object[key]` so that JSON never breaks: valid
/// UTF-8 is stored as is; otherwise `key` gets the text with each bad byte as U+FFFD and
/// `key + "_base64"` the exact bytes, so the original round-trips.
void put_bytes(nlohmann::json& object, const std::string& key, std::string_view bytes);

/// The same for an object that keeps its keys in insertion order (records whose "type" comes
/// first, as JSON Lines streams want).
void put_bytes(nlohmann::ordered_json& object, const std::string& key, std::string_view bytes);

/// Serializes JSON as one line (for JSON Lines) without throwing on invalid UTF-8.
std::string json_line(const nlohmann::json& value);

/// Buffers output to a FILE in large blocks and notices a closed pipe (`| head`), after which
/// writes are dropped so the command can stop early and exit quietly.
class OutputBuffer {
public:
    /// Creates a buffer that flushes to `stream` whenever it holds `capacity` bytes.
    explicit OutputBuffer(std::FILE* stream, std::size_t capacity = 1 << 16);
    OutputBuffer(const OutputBuffer&) = delete;
    OutputBuffer& operator=(const OutputBuffer&) = delete;
    ~OutputBuffer();

    /// Appends bytes; flushes when full. Returns false once the reader has gone away.
    bool write(std::string_view bytes);
    /// Writes everything buffered so far. Returns false once the reader has gone away.
    bool flush();
    /// Returns true when a write failed because the pipe was closed (EPIPE).
    [[nodiscard]] bool broken_pipe() const { return m_broken_pipe; }
    /// Returns true when a write failed for another reason (disk full, I/O error).
    [[nodiscard]] bool failed() const { return m_failed; }

private:
    std::FILE* m_stream;
    std::string m_buffer;
    std::size_t m_capacity;
    bool m_broken_pipe = false;
    bool m_failed = false;
};

/// Wraps `text` in the SGR sequence `sgr` (e.g. "1;31") when `enabled`.
std::string paint(std::string_view text, std::string_view sgr, bool enabled);

} // namespace tbx::cli
