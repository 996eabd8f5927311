// tbx format SPEC [VALUE...]: Python's format(value, SPEC) and SPEC.format(*values) for str,
// int and float values, on arguments or on every stdin line at pipe speed.

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#include <tbx/text/format_spec.hpp>
#include <tbx/text/lines.hpp>
#include <tbx/text/unicode14.hpp>
#include <tbx/text/utf8.hpp>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"

namespace tbx::cli {

namespace {

/// Chooses the type every value is read as.
enum class TypeChoice { automatic, int_, float_, str };

struct FormatOptions {
    std::string spec;
    std::vector<std::string> words;
    bool str_center = false;
    TypeChoice type = TypeChoice::automatic;
    std::optional<std::string> split;
    bool tab = false;
    bool split_whitespace = false;
    text::CountUnit count = text::CountUnit::codepoints;
    text::WidthMode width_mode = text::WidthMode::grapheme;
};

// Output goes to the OutputBuffer in blocks of this size: write(2) then costs nothing per line.
constexpr std::size_t k_block_size = std::size_t{1} << 16;

/// Cuts a line into values: on a separator (str.split(sep)), on runs of whitespace
/// (str.split()), or not at all.
class Splitter {
public:
    Splitter(std::optional<std::string> separator, bool whitespace)
        : m_separator(std::move(separator)), m_whitespace(whitespace) {}

    void split(std::string_view line, std::vector<std::string_view>& values) const {
        values.clear();
        if (m_separator) {
            std::size_t start = 0;
            for (std::size_t at; (at = line.find(*m_separator, start)) != std::string_view::npos;
                 start = at + m_separator->size()) {
                values.push_back(line.substr(start, at - start));
            }
            values.push_back(line.substr(start));
        } else if (m_whitespace) {
            split_whitespace(line, values);
        } else {
            values.push_back(line);
        }
    }

private:
    static void split_whitespace(std::string_view line, std::vector<std::string_view>& values) {
        std::size_t start = std::string_view::npos;
        for (std::size_t pos = 0; pos < line.size();) {
            const text::Decoded unit = text::decode_at(line, pos);
            const bool space = unit.valid && text::is_space_py(unit.code_point);
            if (space && start != std::string_view::npos) {
                values.push_back(line.substr(start, pos - start));
                start = std::string_view::npos;
            } else if (!space && start == std::string_view::npos) {
                start = pos;
            }
            pos += unit.length;
        }
        if (start != std::string_view::npos) {
            values.push_back(line.substr(start));
        }
    }

    std::optional<std::string> m_separator;
    bool m_whitespace;
};

/// Formats lines into `out` and hands full blocks to the OutputBuffer.
class Emitter {
public:
    Emitter(const text::Formatter& formatter, bool json)
        : m_formatter(formatter), m_json(json), m_output(stdout) {
        m_out.reserve(k_block_size * 2);
    }

    /// Formats one set of values and appends `ending`; returns false once stdout is gone,
    /// or sets error() when Python would raise.
    bool line(std::string_view input, std::span<const std::string_view> values,
              std::string_view ending) {
        const std::size_t mark = m_out.size();
        if (m_json) {
            m_scratch.clear();
            if (!record(m_formatter.format(m_scratch, values), mark)) {
                return false;
            }
            nlohmann::ordered_json object = {{"type", "line"}};
            put_bytes(object, "input", input);
            put_bytes(object, "output", m_scratch);
            m_out += json_line(object);
            m_out += '\n';
        } else {
            if (!record(m_formatter.format(m_out, values), mark)) {
                return false;
            }
            if (ending.size() == 1) {
                m_out.push_back(ending.front()); // "\n": cheaper than a general append
            } else {
                m_out += ending;
            }
        }
        return m_out.size() < k_block_size || flush();
    }

    /// Formats the whole lines at the start of `input` that Formatter::format_lines takes at
    /// once, adding them to `count`; returns how many bytes it took, or nullopt once stdout is
    /// gone.
    std::optional<std::size_t> lines(std::string_view input, std::uint64_t& count) {
        std::size_t taken = 0;
        bool full = false;
        do {
            const text::LinesDone done =
                m_formatter.format_lines(input.substr(taken), m_out, k_block_size - m_out.size());
            taken += done.consumed;
            count += done.lines;
            full = m_out.size() >= k_block_size;
            if (full && !flush()) {
                return std::nullopt;
            }
        } while (full);
        return taken;
    }

    bool flush() {
        const bool ok = m_output.write(m_out) && m_output.flush();
        m_out.clear();
        return ok;
    }

    /// Returns the error Python would have raised, if any.
    [[nodiscard]] const std::optional<Error>& error() const { return m_error; }

    /// Returns the exit code for how output went: a closed pipe ends quietly.
    int finish(Context& ctx) {
        flush();
        return ctx.finish_output(m_output, k_exit_ok);
    }

private:
    /// Keeps the first error and drops the partial line it left in the output.
    bool record(const Result<void>& result, std::size_t mark) {
        if (result) {
            return true;
        }
        m_error = result.error();
        m_out.resize(mark);
        return false;
    }

    const text::Formatter& m_formatter;
    bool m_json;
    OutputBuffer m_output;
    std::string m_out;
    std::string m_scratch;
    std::optional<Error> m_error;
};

std::optional<text::ValueKind> kind_of(TypeChoice choice) {
    switch (choice) {
    case TypeChoice::int_:
        return text::ValueKind::int_;
    case TypeChoice::float_:
        return text::ValueKind::float_;
    case TypeChoice::str:
        return text::ValueKind::str;
    default:
        return std::nullopt;
    }
}

/// Formats the arguments: each is a value of a template; a plain spec formats them joined.
int format_arguments(Context& ctx, const FormatOptions& options, Emitter& emitter,
                     bool is_template) {
    std::vector<std::string_view> values;
    std::string joined;
    for (std::size_t i = 0; i < options.words.size(); ++i) {
        joined += i == 0 ? "" : " ";
        joined += options.words[i];
    }
    if (is_template) {
        values.assign(options.words.begin(), options.words.end());
    } else {
        values.emplace_back(joined);
    }
    emitter.line(joined, values, "\n");
    const int code = emitter.finish(ctx);
    if (emitter.error()) {
        ctx.error(emitter.error()->describe());
        return k_exit_error;
    }
    return code;
}

int run_format(Context& ctx, const FormatOptions& options) {
    const int cutters =
        (options.split ? 1 : 0) + (options.tab ? 1 : 0) + (options.split_whitespace ? 1 : 0);
    if (cutters > 1) {
        ctx.error("--split, -t and --split-whitespace are alternatives: give one");
        return k_exit_error;
    }
    std::optional<std::string> separator = options.split;
    if (options.tab) {
        separator = "\t";
    }
    const bool splits = separator || options.split_whitespace;
    if (separator && separator->empty()) {
        ctx.error("empty separator (--split)");
        return k_exit_error;
    }
    text::FormatOptions format_options;
    format_options.rule =
        options.str_center ? text::CenterRule::str_center : text::CenterRule::format;
    format_options.count = options.count;
    format_options.width_mode = options.width_mode;
    format_options.type = kind_of(options.type);
    auto formatter = text::Formatter::compile(options.spec, format_options);
    if (!formatter) {
        ctx.error(formatter.error().describe());
        return k_exit_error;
    }
    if (splits && (!formatter->is_template() || !options.words.empty())) {
        ctx.error("--split, -t and --split-whitespace cut stdin lines for a template with "
                  "fields such as '{0} {1}'");
        return k_exit_error;
    }
    Emitter emitter(*formatter, ctx.json());
    if (!options.words.empty()) {
        return format_arguments(ctx, options, emitter, formatter->is_template());
    }
    // Every stdin line would fail, and empty input must not hide it: report it before reading.
    if (formatter->syntax_error()) {
        ctx.error(formatter->syntax_error()->describe());
        return k_exit_error;
    }
    const Splitter splitter(separator, options.split_whitespace);
    std::vector<std::string_view> values;
    std::uint64_t line_number = 0;
    // Whole lines that the formatter takes at once (plain decimals for ',.2f') skip the
    // per-line call; the others go one at a time.
    const bool by_blocks = !splits && !ctx.json() && formatter->takes_lines();
    auto read = text::for_each_line(
        STDIN_FILENO,
        [&](std::string_view block) {
            return by_blocks ? emitter.lines(block, line_number) : std::optional<std::size_t>(0);
        },
        [&](std::string_view content, std::string_view ending) {
            ++line_number;
            if (!splits) {
                return emitter.line(content, std::span(&content, 1), ending);
            }
            splitter.split(content, values);
            return emitter.line(content, values, ending);
        });
    const int code = emitter.finish(ctx);
    if (emitter.error()) {
        Error error = *emitter.error();
        error.subject = (error.subject.empty() ? "" : error.subject + ", ") + "line " +
                        std::to_string(line_number);
        ctx.error(error.describe());
        return k_exit_error;
    }
    if (!read) {
        ctx.error(read.error().describe());
        return k_exit_error;
    }
    return code;
}

// The man page's DESCRIPTION.
constexpr const char* k_description =
    "Applies SPEC to the values exactly as CPython 3.11's format(value, SPEC) or "
    "SPEC.format(*values) does, byte for byte, error messages included.\n\n"
    "Values: a value that int() accepts (\"42\", \"-1_000\", \" 7 \", any size) is an int; "
    "else one that float() accepts (\"1e3\", \"-0.0\", \"inf\", \"nan\") is a float; anything "
    "else is a str. --type int, float or str reads every value as that type; a value that "
    "is no such literal is an error in Python's words. So '10' right-aligns 42 as Python "
    "does, and ',.2f', '#x', '.1%', '08.3e' work on numbers. Every presentation type "
    "(b c d o x X n e E f F g G %, s for str), sign, z, #, 0, width, grouping (, _), "
    "precision and '=' alignment follow Python, with its float repr and rounding and its "
    "error for each invalid combination; n formats as in the C locale (no grouping).\n\n"
    "SPEC is a template when it holds '{' or '}' anywhere except as the fill character "
    "(first, before an alignment character): '{:>5}|{:<5}', '{0} is {1:,}', '{!r}'. "
    "format() rejects every such spec, so no valid spec changes meaning; '{^9' is still "
    "a spec with fill '{'. Fields are numbered automatically ({}) or by hand ({1}), not "
    "both, with Python's messages; {{ and }} are literal braces; !s, !r and !a convert "
    "(!r escapes by Unicode 14, as CPython 3.11); a spec may hold fields ('{0:{1}}'). "
    "Lookups: {0[N]} is the N-th code point of a str, {0.real}, {0.imag}, "
    "{0.numerator} and {0.denominator} work on numbers; what Python refuses gets its "
    "message (\"'int' object is not subscriptable\", \"'str' object has no attribute "
    "'x'\"), and attributes that are methods ({0.upper}) are refused as unsupported. A "
    "template that no values can satisfy (a lone brace, mixed numbering) is an error "
    "before any input is read.\n\n"
    "With VALUE arguments a template takes them as its positional arguments; a plain "
    "SPEC formats them joined with one space. Without VALUE, every stdin line is "
    "formatted: input is split on \\n only, a \\r before the \\n stays part of the line "
    "ending, a last line without \\n is printed with one, and empty input prints nothing. "
    "For a template, --split SEP cuts each line at SEP (str.split(SEP)), -t at tabs, "
    "--split-whitespace at runs of whitespace (str.split()); otherwise the line is the one "
    "value. When Python would raise (a bad spec for a value's type, too few fields), "
    "tbx format prints the lines before, then the error with the line number, and exits "
    "2.\n\n"
    "Lengths are counted in code points, as Python counts them; an invalid UTF-8 byte "
    "counts one and is copied through, like Python's surrogateescape. --count display "
    "counts terminal columns instead, with tbx center's rules and --width-mode: CJK "
    "wide, emoji sequences, combining marks, escape sequences (colors) taking no room. A "
    "precision then keeps whole characters and whole escape sequences, and the escape "
    "sequences of the cut-off part are kept, so colors still get reset; the fill must be "
    "one column wide.\n\n"
    "The '^' alignment puts the odd padding column on the right (\"ab\" in 5 gives "
    "\" ab  \"). Python's str.center() puts it on the left when both the padding and the "
    "width are odd (\"  ab \"); --str-center selects that rule.\n\n"
    "Limits: a width above 2^30 (1073741824), and a float precision above 2^30, is "
    "refused with an error, where Python 3.11 would build a string of a gigabyte or more; "
    "an int() literal may have at most 4300 digits, Python's default "
    "sys.get_int_max_str_digits().";

// The man page's JSON OUTPUT section.
constexpr const char* k_json_section =
    "With --json, JSON Lines (docs/json.md): one {\"type\": \"line\", \"input\", "
    "\"output\"} object per TEXT argument line or stdin line. Text that is not UTF-8 keeps "
    "its exact bytes in input_base64 or output_base64.";

// The options of `tbx format`, one row each, bound to `o`.
std::vector<OptionRow> format_rows(FormatOptions& o) {
    return {
        positional(ValueKind::text, "spec", o.spec,
                   "format spec ('=^20', ',.2f') or template ('{:>5}|{1:,}'); widths "
                   "(and float precisions) above 2^30 are refused")
            .require(),
        positional(ValueKind::text, "value", o.words, "values to format; default: each stdin line")
            .repeat(),
        choice<TypeChoice>("--type", o.type,
                           {{"auto", TypeChoice::automatic},
                            {"int", TypeChoice::int_},
                            {"float", TypeChoice::float_},
                            {"str", TypeChoice::str}},
                           "TYPE",
                           "read values as this Python type (default: auto, int or "
                           "float literals are numbers)"),
        text("--split", o.split, "SEP", "cut each stdin line into the template's values at SEP"),
        flag("-t,--tab", o.tab, "cut each stdin line at tabs (--split '\\t')"),
        flag("--split-whitespace", o.split_whitespace,
             "cut each stdin line at runs of whitespace, like str.split()"),
        choice<text::CountUnit>("--count", o.count,
                                {{"codepoint", text::CountUnit::codepoints},
                                 {"display", text::CountUnit::display},
                                 {"codepoints", text::CountUnit::codepoints, true}},
                                "UNIT",
                                "width and precision count code points (as Python) or "
                                "terminal columns"),
        choice<text::WidthMode>(
            "--width-mode", o.width_mode,
            {{"grapheme", text::WidthMode::grapheme}, {"codepoint", text::WidthMode::codepoint}},
            "MODE",
            "with --count display: emoji sequences as one glyph "
            "(kitty, WezTerm) or per code point (xterm, VTE)"),
        flag("--str-center", o.str_center,
             "center like str.center(): the odd column goes left when the width is odd"),
    };
}

} // namespace

Command make_format_command() {
    Command command;
    command.name = "format";
    command.summary = "Python's format() and str.format() for text and numbers, as CPython 3.11";
    command.doc.description = k_description;
    command.doc.examples = {
        {"tbx format ',.2f' 1234567.891", "prints 1,234,567.89"},
        {"tbx format '#x' 255", "prints 0xff"},
        {"tbx format '{:>8}|{:<6}|{:.1%}' total 42 0.256", "prints '   total|42    |25.6%'"},
        {"tbx format '{0:<20}{1:>12,.2f}' -t < prices.tsv", "an aligned table from a TSV"},
        {"tbx format --count display '{:<8}|' 漢字", "pads by terminal columns: '漢字    |'"},
        {"tbx format '=^20' Title", "prints =======Title========"},
        {"printf 'a\\nbb\\n' | tbx format '>5'", "right-aligns every stdin line"},
        {"tbx format '-^9' x",
         "SPEC and VALUE may start with '-': options are recognized anywhere"},
    };
    command.doc.sections = {
        {"JSON OUTPUT", k_json_section},
    };
    command.arg_order = ArgOrder::options_first;
    command.colors = false; // escape sequences in values are measured and copied, never added
    command.plan = [] {
        auto o = std::make_shared<FormatOptions>();
        return Plan{format_rows(*o), [o](Context& ctx) { return run_format(ctx, *o); }};
    };
    return command;
}

} // namespace tbx::cli
