// tbx format SPEC [TEXT...]: Python's format(text, SPEC) for strings, on arguments or on every
// stdin line at pipe speed.

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>

#include <tbx/text/format_spec.hpp>
#include <tbx/text/lines.hpp>

#include "cli/command.hpp"
#include "cli/output.hpp"

namespace tbx::cli {

namespace {

struct FormatOptions {
    std::string spec;
    std::vector<std::string> words;
    bool str_center = false;
};

// Output goes to the OutputBuffer in blocks of this size: write(2) then costs nothing per line.
constexpr std::size_t k_block_size = std::size_t{1} << 16;

/// Names the options `tbx format` knows, so rewrite_args can tell them from SPEC and TEXT.
const std::vector<std::string> k_flags = {"--str-center", "--json", "-h", "--help"};
const std::vector<std::string> k_valued = {"--color"};

/// Moves the options to the front, spelled "--name=value", and puts "--" before the rest, so
/// that SPEC and TEXT may start with a single '-' ("-^20", "-5") without being read as
/// options. Anything starting with "--" stays an option; an explicit "--" makes everything
/// after it positional.
std::vector<std::string> options_first(std::vector<std::string> args) {
    std::vector<std::string> options;
    std::vector<std::string> positionals;
    const std::vector<std::string> original = args;
    bool unknown = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            positionals.insert(positionals.end(), args.begin() + static_cast<long>(i) + 1,
                               args.end());
            break;
        }
        if (std::find(k_flags.begin(), k_flags.end(), arg) != k_flags.end()) {
            options.push_back(arg);
        } else if (std::find(k_valued.begin(), k_valued.end(), arg) != k_valued.end() &&
                   i + 1 < args.size()) {
            options.push_back(arg + "=" + args[++i]);
        } else if (arg.rfind("--", 0) == 0) {
            // "--color=never", and unknown long options, which CLI11 reports with a
            // suggestion.
            unknown = unknown || arg.rfind("--color=", 0) != 0;
            options.push_back(arg);
        } else {
            positionals.push_back(arg);
        }
    }
    if (unknown) {
        // Parsing fails anyway; leave the words as typed so the message names only the typo.
        return original;
    }
    if (!positionals.empty()) {
        options.emplace_back("--");
        options.insert(options.end(), positionals.begin(), positionals.end());
    }
    return options;
}

/// Formats lines into `out` and hands full blocks to the OutputBuffer.
class Emitter {
public:
    Emitter(const text::Formatter& formatter, bool json)
        : m_formatter(formatter), m_json(json), m_output(stdout) {
        m_out.reserve(k_block_size * 2);
    }

    /// Formats one line and appends `ending`; returns false once stdout is gone.
    bool line(std::string_view content, std::string_view ending) {
        if (m_json) {
            m_scratch.clear();
            m_formatter.format_to(m_scratch, content);
            nlohmann::json object;
            put_bytes(object, "input", content);
            put_bytes(object, "output", m_scratch);
            m_out += json_line(object);
            m_out += '\n';
        } else {
            m_formatter.format_to(m_out, content);
            m_out += ending;
        }
        if (m_out.size() >= k_block_size) {
            return flush();
        }
        return true;
    }

    bool flush() {
        const bool ok = m_output.write(m_out) && m_output.flush();
        m_out.clear();
        return ok;
    }

    /// Returns the exit code for how output went: a closed pipe ends quietly.
    int finish(Context& ctx) {
        flush();
        if (m_output.failed()) {
            ctx.error(std::string("cannot write output: ") + std::strerror(errno));
            return k_exit_error;
        }
        return k_exit_ok;
    }

private:
    const text::Formatter& m_formatter;
    bool m_json;
    OutputBuffer m_output;
    std::string m_out;
    std::string m_scratch;
};

int run_format(Context& ctx, const FormatOptions& options) {
    const auto rule = options.str_center ? text::CenterRule::str_center : text::CenterRule::format;
    auto formatter = text::Formatter::compile(options.spec, rule);
    if (!formatter) {
        ctx.error(formatter.error().describe());
        return k_exit_error;
    }
    Emitter emitter(*formatter, ctx.json());
    if (!options.words.empty()) {
        std::string joined;
        for (std::size_t i = 0; i < options.words.size(); ++i) {
            joined += i == 0 ? "" : " ";
            joined += options.words[i];
        }
        emitter.line(joined, "\n");
        return emitter.finish(ctx);
    }
    auto read =
        text::for_each_line(STDIN_FILENO, [&](std::string_view content, std::string_view ending) {
            return emitter.line(content, ending);
        });
    if (!read) {
        emitter.finish(ctx);
        ctx.error(read.error().describe());
        return k_exit_error;
    }
    return emitter.finish(ctx);
}

} // namespace

Command make_format_command() {
    Command command;
    command.name = "format";
    command.summary = "Format text with a Python format spec, exactly as format(text, spec)";
    command.doc.description =
        "Applies SPEC, Python's format-spec mini-language for str, to TEXT exactly as Python's "
        "format(text, SPEC) does: [[fill]align][width][.precision][s]. Several TEXT words are "
        "joined with one space. Without TEXT, every stdin line is formatted: input is split on "
        "\\n only, a \\r before the \\n stays part of the line ending, a last line without \\n "
        "is printed with one, and empty input prints nothing.\n\n"
        "Lengths are counted in code points, as Python counts them (use tbx center for "
        "terminal columns). Input that is not valid UTF-8 is counted one code point per "
        "invalid byte and copied through unchanged, like Python's surrogateescape.\n\n"
        "The '^' alignment puts the odd padding column on the right (\"ab\" in 5 gives "
        "\" ab  \"). Python's str.center() puts it on the left when both the padding and the "
        "width are odd (\"  ab \"); --str-center selects that rule.\n\n"
        "Anything Python rejects for strings is an error with Python's own message, on stderr "
        "with exit status 2 and nothing on stdout: a sign, 'z', '#', '=' alignment, grouping, "
        "any type but 's'.\n\n"
        "SPEC may also be a whole replacement field or a str.format template whose only "
        "argument is the text: '{:=^20}', '{0!r:>10}', '{}|{0:>5}'. This form is used when SPEC "
        "starts with '{', ends with '}' and its second character is not an alignment character "
        "(so '{^9' is still a spec with fill '{'); format() rejects all such specs. Nested fields "
        "('{:{}}') and attribute or index lookups "
        "are not supported.";
    command.doc.examples = {
        {"tbx format '=^20' Title", "prints =======Title========"},
        {"tbx format '{:─^30}' 'Build 42'", "a ruler with the title in the middle"},
        {"printf 'a\\nbb\\n' | tbx format '>5'", "right-aligns every stdin line"},
        {"tbx format --str-center '^5' ab", "centers like str.center: '  ab '"},
        {"tbx format '-^9' x", "SPEC and TEXT may start with '-': options are recognized anywhere"},
    };
    command.rewrite_args = options_first;
    command.setup = [](CLI::App& app) -> Runner {
        auto options = std::make_shared<FormatOptions>();
        app.add_option("spec", options->spec,
                       "format spec, e.g. '=^20', '>8.3', or a field like '{:=^20}'")
            ->required();
        app.add_option("text", options->words, "text to format; default: each stdin line");
        app.add_flag("--str-center", options->str_center,
                     "center like str.center(): the odd column goes left when the width is odd");
        return [options](Context& ctx) { return run_format(ctx, *options); };
    };
    return command;
}

} // namespace tbx::cli
