#include <cstdio>

#include <tbx/text/repr.hpp>
#include <tbx/text/unicode14.hpp>
#include <tbx/text/utf8.hpp>

namespace tbx::text {

namespace {

void append_hex_escape(std::string& out, char32_t c) {
    char buffer[16];
    if (c <= 0xFF) {
        std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(c));
    } else if (c <= 0xFFFF) {
        std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
    } else {
        std::snprintf(buffer, sizeof buffer, "\\U%08x", static_cast<unsigned>(c));
    }
    out += buffer;
}

} // namespace

void append_repr(std::string& out, std::string_view text, Conversion conversion) {
    bool has_single = false;
    bool has_double = false;
    for (const char c : text) {
        has_single = has_single || c == '\'';
        has_double = has_double || c == '"';
    }
    const char quote = has_single && !has_double ? '"' : '\'';
    out.push_back(quote);
    for (std::size_t pos = 0; pos < text.size();) {
        const Decoded unit = decode_at(text, pos);
        const char32_t c = unit.code_point;
        if (c == static_cast<char32_t>(quote) || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < ' ' || c == 0x7F) {
            append_hex_escape(out, c);
        } else if (c < 0x7F) {
            out.push_back(static_cast<char>(c));
        } else if (conversion == Conversion::repr && unit.valid && is_printable_py(c)) {
            out += text.substr(pos, unit.length);
        } else {
            append_hex_escape(out, c);
        }
        pos += unit.length;
    }
    out.push_back(quote);
}

std::string python_repr(std::string_view text) {
    std::string out;
    append_repr(out, text, Conversion::repr);
    return out;
}

} // namespace tbx::text
