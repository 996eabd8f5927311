#include <tbx/cuda/nvcc.hpp>
#include <tbx/cuda/version.hpp>

namespace tbx::cuda {

namespace {

bool is_version_char(char c) {
    return (c >= '0' && c <= '9') || c == '.';
}

// Returns the run of digits and dots starting at `pos` (possibly empty).
std::string_view version_token(std::string_view text, std::size_t pos) {
    std::size_t end = pos;
    while (end < text.size() && is_version_char(text[end])) {
        ++end;
    }
    auto token = text.substr(pos, end - pos);
    // "release 11.7," never ends with a dot, but a sentence might ("version 12.").
    while (!token.empty() && token.back() == '.') {
        token.remove_suffix(1);
    }
    return token;
}

std::optional<ToolkitVersion> from_full_version(std::string_view text) {
    const auto parsed = parse_cuda_version(text);
    if (!parsed || text.find('.') == std::string_view::npos) {
        return std::nullopt;
    }
    return ToolkitVersion{std::string(text), parsed->release()};
}

std::size_t skip_spaces(std::string_view text, std::size_t pos) {
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r' || text[pos] == '\n')) {
        ++pos;
    }
    return pos;
}

// Finds `"key"` used as an object key and returns the string value of its "version" member,
// staying inside that object (up to the first closing brace, as version.json nests no deeper).
std::optional<std::string_view> entry_version(std::string_view text, std::string_view key) {
    const std::string quoted = "\"" + std::string(key) + "\"";
    std::size_t pos = 0;
    while ((pos = text.find(quoted, pos)) != std::string_view::npos) {
        auto cursor = skip_spaces(text, pos + quoted.size());
        pos += quoted.size();
        if (cursor >= text.size() || text[cursor] != ':') {
            continue;
        }
        cursor = skip_spaces(text, cursor + 1);
        if (cursor >= text.size() || text[cursor] != '{') {
            continue;
        }
        const auto close = text.find('}', cursor);
        const auto body =
            text.substr(cursor, close == std::string_view::npos ? text.npos : close - cursor);
        const auto member = body.find("\"version\"");
        if (member == std::string_view::npos) {
            return std::nullopt;
        }
        auto at = skip_spaces(body, member + 9);
        if (at >= body.size() || body[at] != ':') {
            return std::nullopt;
        }
        at = skip_spaces(body, at + 1);
        if (at >= body.size() || body[at] != '"') {
            return std::nullopt;
        }
        const auto end_quote = body.find('"', at + 1);
        if (end_quote == std::string_view::npos) {
            return std::nullopt;
        }
        return body.substr(at + 1, end_quote - at - 1);
    }
    return std::nullopt;
}

} // namespace

bool is_date_like_version(std::string_view version) {
    const auto first = version.find('.');
    const auto second = first == std::string_view::npos ? first : version.find('.', first + 1);
    if (second == std::string_view::npos) {
        return false;
    }
    const auto third = version.substr(second + 1);
    const auto digits = version_token(third, 0);
    return digits.size() >= 8 && digits.find('.') == std::string_view::npos;
}

std::optional<ToolkitVersion> parse_nvcc_version(std::string_view text) {
    std::size_t line_start = 0;
    while (line_start < text.size()) {
        auto line_end = text.find('\n', line_start);
        if (line_end == std::string_view::npos) {
            line_end = text.size();
        }
        const auto line = text.substr(line_start, line_end - line_start);
        line_start = line_end + 1;

        const auto release_at = line.find("release ");
        if (release_at == std::string_view::npos) {
            continue;
        }
        const auto release_text = version_token(line, release_at + 8);
        const auto release = parse_cuda_version(release_text);
        if (!release || release_text.find('.') == std::string_view::npos || release->patch) {
            continue;
        }
        ToolkitVersion result{std::nullopt, release->release()};
        const auto v_at = line.find(", V", release_at);
        if (v_at != std::string_view::npos) {
            const auto full = version_token(line, v_at + 3);
            const auto parsed = parse_cuda_version(full);
            // nvcc's V always extends its release; anything else is not a version we trust.
            if (parsed && parsed->release_only() == release->release_only()) {
                result.version = std::string(full);
            }
        }
        if (!result.version) {
            result.version = result.release;
        }
        return result;
    }
    return std::nullopt;
}

std::optional<ToolkitVersion> parse_version_json(std::string_view text) {
    if (const auto nvcc = entry_version(text, "cuda_nvcc")) {
        if (auto parsed = from_full_version(*nvcc)) {
            return parsed;
        }
    }
    if (const auto sdk = entry_version(text, "cuda")) {
        if (is_date_like_version(*sdk)) {
            const auto first = sdk->find('.');
            const auto second = sdk->find('.', first + 1);
            const auto release = parse_cuda_version(sdk->substr(0, second));
            if (release) {
                return ToolkitVersion{std::nullopt, release->release()};
            }
            return std::nullopt;
        }
        return from_full_version(*sdk);
    }
    return std::nullopt;
}

std::optional<ToolkitVersion> parse_version_txt(std::string_view text) {
    constexpr std::string_view k_marker = "CUDA Version ";
    const auto at = text.find(k_marker);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    return from_full_version(version_token(text, at + k_marker.size()));
}

} // namespace tbx::cuda
