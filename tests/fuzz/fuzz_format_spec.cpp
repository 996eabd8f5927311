// libFuzzer target for tbx::text: the input is "SPEC\0TEXT". It checks the invariants the
// parser promises: no crash, a result only for specs Python accepts the shape of, padding
// that reaches the width exactly, and widths that never exceed the byte count.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <tbx/text/format_spec.hpp>
#include <tbx/text/utf8.hpp>
#include <tbx/text/width.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t split = input.find('\0');
    const std::string_view spec = input.substr(0, split);
    const std::string_view text =
        split == std::string_view::npos ? std::string_view{} : input.substr(split + 1);

    // Values are read as str here, so that the output length is known in code points.
    tbx::text::FormatOptions options;
    options.type = tbx::text::ValueKind::str;
    auto formatter = tbx::text::Formatter::compile(spec, options);
    // Widths up to a gigabyte are legal; they only slow the fuzzer down.
    if (formatter) {
        for (const auto& piece : formatter->pieces()) {
            if (piece.nested || (piece.specs[0] && piece.specs[0]->width > 4096)) {
                return 0;
            }
        }
    }
    if (formatter && !formatter->is_template() && formatter->pieces().front().specs[0]) {
        const tbx::text::FormatSpec& parsed = *formatter->pieces().front().specs[0];
        std::string out;
        (void)formatter->format_to(out, text);
        const std::size_t kept =
            parsed.precision < 0
                ? tbx::text::count_code_points(text)
                : std::min<std::size_t>(tbx::text::count_code_points(text),
                                        static_cast<std::size_t>(parsed.precision));
        const std::size_t expected =
            parsed.width < 0 ? kept : std::max<std::size_t>(kept, parsed.width);
        // Output length in code points is exact unless an invalid fill byte merges with the
        // text's bytes into a valid sequence; only check when everything is valid UTF-8.
        const bool all_valid = tbx::text::count_code_points(parsed.fill) == 1 &&
                               tbx::text::decode_at(parsed.fill, 0).valid;
        if (all_valid && tbx::text::count_code_points(out) != expected) {
            bool text_valid = true;
            for (std::size_t pos = 0; pos < text.size();) {
                const auto unit = tbx::text::decode_at(text, pos);
                text_valid = text_valid && unit.valid;
                pos += unit.length;
            }
            if (text_valid) {
                std::abort();
            }
        }
    } else if (formatter) {
        std::string out;
        (void)formatter->format_to(out, text);
    }
    for (const auto mode : {tbx::text::WidthMode::grapheme, tbx::text::WidthMode::codepoint}) {
        if (tbx::text::display_width(text, mode) > 2 * text.size()) {
            std::abort();
        }
    }
    return 0;
}
