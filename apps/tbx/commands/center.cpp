// tbx center [TEXT...]: center (or align) text in the terminal, measured in terminal columns
// so that CJK, emoji and colored text still look centered.

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#include <tbx/core/terminal.hpp>
#include <tbx/text/align.hpp>
#include <tbx/text/lines.hpp>
#include <tbx/text/utf8.hpp>
#include <tbx/text/width.hpp>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"

namespace tbx::cli {

namespace {

enum class Count { display, codepoints };

struct CenterOptions {
    std::vector<std::string> words;
    std::optional<long long> width;
    std::string fill = " ";
    text::Align align = text::Align::center;
    Count count = Count::display;
    text::WidthMode width_mode = text::WidthMode::grapheme;
    bool box = false;
    bool str_center = false;
};

constexpr std::size_t k_block_size = std::size_t{1} << 16;
constexpr long long k_max_width = 1LL << 30;
constexpr long long k_default_width = 80;

/// Picks the width: --width, else the terminal's columns when stdout is one, else $COLUMNS,
/// else 80.
std::uint64_t resolve_width(const CenterOptions& options) {
    if (options.width) {
        return static_cast<std::uint64_t>(*options.width);
    }
    if (auto columns = core::terminal_columns(STDOUT_FILENO); columns && *columns > 0) {
        return static_cast<std::uint64_t>(*columns);
    }
    if (const char* env = std::getenv("COLUMNS"); env != nullptr) {
        long long value = 0;
        const char* end = env + std::strlen(env);
        const auto parsed = std::from_chars(env, end, value);
        if (parsed.ec == std::errc{} && parsed.ptr == end && value > 0 && value <= k_max_width) {
            return static_cast<std::uint64_t>(value);
        }
    }
    return k_default_width;
}

/// Checks the fill: one code point, and one column wide when measuring display columns.
std::optional<std::string> fill_problem(const CenterOptions& options) {
    const std::string& fill = options.fill;
    if (fill.empty() || text::decode_at(fill, 0).length != fill.size()) {
        return "the fill must be exactly one character";
    }
    if (options.count == Count::display && text::display_width(fill, options.width_mode) != 1) {
        return "the fill must be one column wide with --count display (use --count codepoint "
               "for any character)";
    }
    return std::nullopt;
}

/// Measures, pads and emits lines; full blocks go to the OutputBuffer.
class Centerer {
public:
    Centerer(const CenterOptions& options, std::uint64_t width, bool json)
        : m_options(options), m_width(width), m_json(json), m_output(stdout),
          m_align(options.str_center && options.align == text::Align::center
                      ? text::Align::center_str
                      : options.align) {
        m_out.reserve(k_block_size * 2);
    }

    [[nodiscard]] std::uint64_t measure(std::string_view line) const {
        if (m_options.count == Count::codepoints) {
            return text::count_code_points(line);
        }
        return text::display_width(line, m_options.width_mode);
    }

    /// Emits `line` padded to the width, then `ending`; returns false once stdout is gone.
    bool line(std::string_view content, std::string_view ending) {
        const std::uint64_t width = measure(content);
        const text::Padding padding = text::compute_padding(width, m_width, m_align);
        if (m_json) {
            m_scratch.clear();
            pad(m_scratch, content, padding);
            nlohmann::ordered_json object = {{"type", "line"}};
            put_bytes(object, "input", content);
            put_bytes(object, "output", m_scratch);
            object["text_width"] = width;
            object["target_width"] = m_width;
            object["left"] = padding.left;
            object["right"] = padding.right;
            m_out += json_line(object);
            m_out += '\n';
        } else {
            pad(m_out, content, padding);
            m_out += ending;
        }
        return m_out.size() < k_block_size || flush();
    }

    /// Emits the lines inside a frame --width columns wide (wider when the text needs it).
    void box(const std::vector<std::string>& lines) {
        std::uint64_t widest = 0;
        for (const std::string& content : lines) {
            widest = std::max(widest, measure(content));
        }
        // A border and a space on each side of the text.
        const std::uint64_t inner = std::max(m_width >= 4 ? m_width - 4 : 0, widest);
        std::string text;
        const auto rule = [&](std::string_view left, std::string_view right) {
            text.clear();
            text += left;
            text::append_fill(text, "─", inner + 2);
            text += right;
            raw_line(text);
        };
        rule("┌", "┐");
        for (const std::string& content : lines) {
            text = "│ ";
            pad(text, content, text::compute_padding(measure(content), inner, m_align));
            text += " │";
            raw_line(text);
        }
        rule("└", "┘");
    }

    bool flush() {
        const bool ok = m_output.write(m_out) && m_output.flush();
        m_out.clear();
        return ok;
    }

    /// Returns the exit code for how output went: a closed pipe ends quietly.
    int finish(Context& ctx) {
        flush();
        return ctx.finish_output(m_output, k_exit_ok);
    }

private:
    void pad(std::string& out, std::string_view content, text::Padding padding) const {
        text::append_fill(out, m_options.fill, padding.left);
        out += content;
        text::append_fill(out, m_options.fill, padding.right);
    }

    void raw_line(std::string_view text) {
        if (m_json) {
            nlohmann::ordered_json object = {{"type", "box_line"}};
            put_bytes(object, "output", text);
            m_out += json_line(object);
        } else {
            m_out += text;
        }
        m_out += '\n';
    }

    const CenterOptions& m_options;
    std::uint64_t m_width;
    bool m_json;
    OutputBuffer m_output;
    text::Align m_align;
    std::string m_out;
    std::string m_scratch;
};

/// Reads every stdin line's content (for --box, which must see all lines first).
Result<std::vector<std::string>> read_all_lines() {
    std::vector<std::string> lines;
    auto read = text::for_each_line(STDIN_FILENO, [&](std::string_view content, std::string_view) {
        lines.emplace_back(content);
        return true;
    });
    if (!read) {
        return tl::unexpected(read.error());
    }
    return lines;
}

int run_center(Context& ctx, const CenterOptions& options) {
    if (auto problem = fill_problem(options)) {
        ctx.error(*problem + " (" + options.fill + ")");
        return k_exit_error;
    }
    Centerer centerer(options, resolve_width(options), ctx.json());
    if (!options.words.empty()) {
        // Several words make one text; a newline inside it starts another line.
        std::string joined;
        for (std::size_t i = 0; i < options.words.size(); ++i) {
            joined += i == 0 ? "" : " ";
            joined += options.words[i];
        }
        std::vector<std::string> lines;
        text::LineSplitter splitter(joined);
        text::Line line;
        while (splitter.next(line)) {
            lines.emplace_back(line.content);
        }
        if (lines.empty()) {
            lines.emplace_back();
        }
        if (options.box) {
            centerer.box(lines);
        } else {
            for (const std::string& content : lines) {
                centerer.line(content, "\n");
            }
        }
        return centerer.finish(ctx);
    }
    if (options.box) {
        auto lines = read_all_lines();
        if (!lines) {
            ctx.error(lines.error().describe());
            return k_exit_error;
        }
        if (!lines->empty()) {
            centerer.box(*lines);
        }
        return centerer.finish(ctx);
    }
    auto read =
        text::for_each_line(STDIN_FILENO, [&](std::string_view content, std::string_view ending) {
            return centerer.line(content, ending);
        });
    if (!read) {
        centerer.finish(ctx);
        ctx.error(read.error().describe());
        return k_exit_error;
    }
    return centerer.finish(ctx);
}

// The man page's DESCRIPTION.
constexpr const char* k_description =
    "Centers TEXT (several words are joined with one space) or, without TEXT, every stdin "
    "line, in a field of --width columns: pad = max(0, W - width), left = pad // 2, the odd "
    "column on the right, as Python's format() '^' does (--str-center puts it on the left "
    "when W is odd, as str.center() does). Input is split on \\n only; a \\r before it stays "
    "part of the line ending; a last line without \\n is printed with one.\n\n"
    "The default width is the terminal's columns when stdout is a terminal, else $COLUMNS, "
    "else 80.\n\n"
    "--count display (the default) measures terminal cells, independent of the locale: "
    "East Asian wide characters and emoji take 2 columns, combining marks and other "
    "zero-width characters 0, control characters 0, and ANSI escape sequences (CSI such as "
    "colors, 256-color and truecolor SGR; OSC such as OSC 8 hyperlinks) 0, copied byte for "
    "byte. Emoji sequences (ZWJ families, skin tones, VS16 presentation, flags) count as one "
    "grapheme of width 2, as kitty, WezTerm, Ghostty and foot draw them; --width-mode "
    "codepoint adds up each code point instead, as xterm and VTE-based terminals do. The "
    "fill must then be exactly one column wide.\n\n"
    "--count codepoint counts code points like Python: the output equals "
    "f\"{text:F^W}\" exactly, and the fill may be any single character.\n\n"
    "Bytes that are not valid UTF-8 count one column (one code point) each and are copied "
    "through unchanged.\n\n"
    "--box draws a frame W columns wide around the text (grown to fit wider text), each "
    "line aligned inside it; TEXT may hold several lines, and without TEXT all of stdin "
    "goes in one box.";

// The man page's JSON OUTPUT section.
constexpr const char* k_json_section =
    "With --json, JSON Lines (docs/json.md): one object per line of text, {\"type\": "
    "\"line\", \"input\", \"output\", \"text_width\", \"target_width\", \"left\", "
    "\"right\"}: text_width is the text's measured width, target_width the width it is "
    "placed in, left and right the fill counts. With --box every line of the frame is "
    "{\"type\": \"box_line\", \"output\"}. Text that is not UTF-8 keeps its exact bytes "
    "in input_base64 or output_base64.";

// The options of `tbx center`, one row each, bound to `o`.
std::vector<OptionRow> center_rows(CenterOptions& o) {
    return {
        positional(ValueKind::text, "text", o.words, "text to center; default: each stdin line")
            .repeat(),
        number("-w,--width", o.width, "N",
               "field width in columns (default: terminal, $COLUMNS, 80)")
            .within(0, static_cast<double>(k_max_width)),
        text("-f,--fill", o.fill, "CHAR", "fill character (default: space)"),
        choice<text::Align>("--align", o.align,
                            {{"center", text::Align::center},
                             {"left", text::Align::left},
                             {"right", text::Align::right}},
                            "WHERE", "where the text goes (default: center)"),
        choice<Count>("--count", o.count,
                      {{"display", Count::display},
                       {"codepoint", Count::codepoints},
                       {"codepoints", Count::codepoints, true}},
                      "UNIT", "measure terminal columns or code points (as Python)"),
        choice<text::WidthMode>(
            "--width-mode", o.width_mode,
            {{"grapheme", text::WidthMode::grapheme}, {"codepoint", text::WidthMode::codepoint}},
            "MODE", "emoji sequences as one glyph (kitty, WezTerm) or per code point (xterm, VTE)"),
        flag("--box", o.box, "draw a frame around the text"),
        flag("--str-center", o.str_center,
             "put the odd column on the left when the width is odd, like str.center()"),
    };
}

} // namespace

Command make_center_command() {
    Command command;
    command.name = "center";
    command.summary = "Center or align text in terminal columns (CJK, emoji and colors aware)";
    command.doc.description = k_description;
    command.doc.examples = {
        {"tbx center -w 20 -f = Title", "prints =======Title========"},
        {"tbx center -w 12 '漢字'", "CJK counted as two columns each: '    漢字    '"},
        {"printf '\\e[1mBold\\e[0m\\n' | tbx center -w 10", "colors take no room"},
        {"tbx center --box -w 30 'Release 1.2'", "a centered title in a frame"},
        {"tbx center --count codepoint -w 9 -f '─' ab", "same as Python's f\"{'ab':─^9}\""},
    };
    command.doc.sections = {
        {"JSON OUTPUT", k_json_section},
    };
    command.plan = [] {
        auto o = std::make_shared<CenterOptions>();
        return Plan{center_rows(*o), [o](Context& ctx) { return run_center(ctx, *o); }};
    };
    command.arg_order = ArgOrder::options_first;
    command.colors = false; // colors in the text are measured and copied, never added
    return command;
}

} // namespace tbx::cli
