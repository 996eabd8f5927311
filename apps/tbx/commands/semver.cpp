// `tbx semver`: check, resolve, range, intersect, sort, compare and bump versions the way
// Poetry (default), npm or cargo mean them. The engine lives in lib/tbx/semver.

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <tuple>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

#include <tbx/core/strings.hpp>
#include <tbx/semver/bump.hpp>
#include <tbx/semver/constraint.hpp>
#include <tbx/semver/convert.hpp>
#include <tbx/semver/parts.hpp>
#include <tbx/semver/render.hpp>
#include <tbx/semver/resolve.hpp>
#include <tbx/semver/setops.hpp>
#include <tbx/semver/version.hpp>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"

namespace tbx::cli {
namespace {

using nlohmann::json;
namespace sv = tbx::semver;

/// Holds every option of every `semver` sub-subcommand; the Runner reads the parsed ones.
struct SemverOptions {
    std::string flavor = "poetry";
    bool include_prerelease = false;
    bool all = false;
    bool strict = false;
    bool quiet = false;
    bool loose = false;
    bool reverse = false;
    bool rtl = false;
    std::string constraint;
    std::vector<std::string> constraints;
    std::vector<std::string> versions;
    std::string part;
    std::string preid;
    std::string preid_base = "0";
    std::string from = "poetry";
    std::string to;
    std::string current; ///< outdated --current: the version in use
};

/// Writes one verb's answer to stdout through the OutputBuffer, and its diagnostics through
/// Context once what was printed before them is flushed (a terminal shows both in order).
class Printer {
public:
    explicit Printer(Context& ctx) : m_ctx(ctx), m_out(stdout) {}

    /// Returns the command's context (--json, the command path).
    [[nodiscard]] const Context& context() const { return m_ctx; }
    /// Prints `text` and a newline; returns false once the reader has gone (`| head`).
    bool line(std::string_view text) { return m_out.write(text) && m_out.write("\n"); }
    /// Prints a JSON document on one line. Versions may come from anywhere (git tags): invalid
    /// UTF-8 never aborts the JSON writer.
    void print_json(const json& doc) { line(json_line(doc)); }
    /// Prints "tbx semver VERB: error: <message>" after the output so far.
    void error(const std::string& message) {
        m_out.flush();
        m_ctx.error(message);
    }
    /// Prints "tbx semver VERB: warning: <message>" after the output so far.
    void warning(const std::string& message) {
        m_out.flush();
        m_ctx.warning(message);
    }
    /// Prints "tbx semver VERB: note: <message>" after the output so far.
    void note(const std::string& message) {
        m_out.flush();
        m_ctx.note(message);
    }
    /// Flushes the output and returns `code`: a closed pipe ends quietly with it, another
    /// failed write (disk full) is an error.
    int finish(int code) { return m_ctx.finish_output(m_out, code); }

private:
    Context& m_ctx;
    OutputBuffer m_out;
};

sv::Flavor flavor_of(const SemverOptions& o) {
    return sv::flavor_from_name(o.flavor).value_or(sv::Flavor::poetry);
}

sv::Prerelease prerelease_of(const SemverOptions& o) {
    return o.include_prerelease ? sv::Prerelease::include : sv::Prerelease::by_flavor_rule;
}

// " (poetry)" when the flavor is the default one the user did not name: the same text means
// other things in npm and cargo, and a surprising answer should say whose rules gave it.
std::string flavor_suffix(const Context& ctx, const SemverOptions& o) {
    return ctx.given("--flavor") ? "" : " (" + o.flavor + ")";
}

// Reads candidate lines from stdin: trimmed, blank lines dropped.
std::vector<std::string> read_stdin_lines() {
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(std::cin, line)) {
        std::string_view trimmed = tbx::core::trim(line);
        if (!trimmed.empty()) {
            lines.emplace_back(trimmed);
        }
    }
    return lines;
}

// The arguments, or the lines of stdin when there are none.
std::vector<std::string> arguments_or_stdin(const SemverOptions& o) {
    return o.versions.empty() ? read_stdin_lines() : o.versions;
}

// The text to parse: with --loose, node-semver's loose reading of a SemVer version.
std::string parse_text(const SemverOptions& o, const std::string& text) {
    if (o.loose && flavor_of(o) != sv::Flavor::poetry) {
        return sv::loose_semver(text).value_or(text);
    }
    return text;
}

Result<sv::Version> parse_one(const SemverOptions& o, const std::string& text) {
    return sv::parse_version(parse_text(o, text), flavor_of(o));
}

/// Holds the candidates that parse, as written and parsed, and those skipped.
struct Candidates {
    std::vector<std::string> texts;
    std::vector<sv::Version> versions;
    std::vector<std::size_t> positions; ///< each valid one's place in the input
    std::vector<std::string> skipped;
};

// Parses candidates, warning once per invalid one (an error with --strict).
Candidates parse_candidates(Printer& out, const SemverOptions& o,
                            const std::vector<std::string>& texts) {
    Candidates found;
    for (const auto& text : texts) {
        auto v = parse_one(o, text);
        if (!v) {
            (o.strict ? out.error(v.error().describe()) : out.warning(v.error().describe()));
            found.skipped.push_back(text);
            continue;
        }
        found.positions.push_back(found.texts.size() + found.skipped.size());
        found.texts.push_back(text);
        found.versions.push_back(std::move(*v));
    }
    return found;
}

// Says how many candidates were skipped, after the answer; true when that is an error.
bool report_skipped(Printer& out, const SemverOptions& o, std::size_t skipped, std::size_t total) {
    if (skipped == 0) {
        return false;
    }
    if (!o.strict) {
        out.note(std::to_string(skipped) + " of " + std::to_string(total) +
                 " candidates skipped: not " + o.flavor + " versions");
    }
    return o.strict;
}

json error_json(const Error& error, std::string_view constraint, sv::Flavor flavor) {
    json j{{"error", error.message}};
    put_bytes(j, "subject", error.subject);
    if (!constraint.empty() || error.message.find("constraint") != std::string::npos) {
        sv::Diagnosis d = sv::diagnose_constraint(constraint, flavor);
        j["column"] = d.column + 1;
        j["expected"] = d.expected;
    }
    return j;
}

// Parses the constraint or reports the error (stderr, and a JSON document with --json).
std::optional<sv::Constraint> parse_or_report(Printer& out, const std::string& text,
                                              const SemverOptions& o) {
    auto c = sv::parse_constraint(text, flavor_of(o), prerelease_of(o));
    if (!c) {
        out.error(c.error().describe());
        if (out.context().json()) {
            out.print_json(error_json(c.error(), text, flavor_of(o)));
        }
        return std::nullopt;
    }
    return std::move(*c);
}

json intervals_json(const sv::Constraint& c) {
    json list = json::array();
    for (const auto& i : sv::interval_texts(c)) {
        list.push_back({{"min", i.min.empty() ? json(nullptr) : json(i.min)},
                        {"min_inclusive", !i.min.empty() && i.include_min},
                        {"max", i.max.empty() ? json(nullptr) : json(i.max)},
                        {"max_inclusive", !i.max.empty() && i.include_max}});
    }
    return list;
}

int run_check(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    auto c = parse_or_report(out, o.constraint, o);
    if (!c) {
        return k_exit_error;
    }
    std::vector<std::string> texts = arguments_or_stdin(o);
    Candidates cands = parse_candidates(out, o, texts);
    bool all_ok = true;
    // In input order: the skipped ones keep their place with an error.
    json results(texts.size(), json{{"error", "not a valid " + o.flavor + " version"}});
    for (std::size_t i = 0; i < texts.size(); ++i) {
        put_bytes(results[i], "version", texts[i]);
    }
    for (std::size_t i = 0; i < cands.versions.size(); ++i) {
        bool ok = sv::satisfies(*c, cands.versions[i]);
        all_ok = all_ok && ok;
        results[cands.positions[i]] = {{"version", cands.texts[i]}, {"satisfies", ok}};
        if (!ctx.json() && !o.quiet) {
            out.line(cands.texts[i] + (ok ? " satisfies " : " does not satisfy ") + o.constraint +
                     flavor_suffix(ctx, o));
        }
    }
    if (ctx.json()) {
        out.print_json({{"constraint", o.constraint},
                        {"flavor", o.flavor},
                        {"range", sv::normalized_range(*c)},
                        {"results", results},
                        {"skipped", cands.skipped.size()},
                        {"satisfied", all_ok && !cands.versions.empty()}});
    }
    if (report_skipped(out, o, cands.skipped.size(), texts.size())) {
        return k_exit_error;
    }
    if (cands.versions.empty()) {
        out.error("no " + o.flavor + " version to check");
        return k_exit_error;
    }
    return out.finish(all_ok ? k_exit_ok : k_exit_negative);
}

int run_resolve(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    auto c = parse_or_report(out, o.constraint, o);
    if (!c) {
        return k_exit_error;
    }
    std::vector<std::string> candidates = arguments_or_stdin(o);
    std::vector<std::string> parsed_texts;
    for (const auto& text : candidates) {
        parsed_texts.push_back(parse_text(o, text));
    }
    sv::Resolution r = sv::resolve(*c, parsed_texts);
    for (std::size_t i : r.invalid) {
        std::string message = "not a valid " + o.flavor + " version (" + candidates[i] + ")";
        (o.strict ? out.error(message) : out.warning(message));
    }
    if (ctx.json()) {
        json matches = json::array();
        for (std::size_t i : r.matches) {
            matches.push_back(candidates[i]);
        }
        // Invalid candidates may hold any bytes: objects, so that put_bytes can keep them.
        json invalid = json::array();
        for (std::size_t i : r.invalid) {
            json item = json::object();
            put_bytes(item, "version", candidates[i]);
            invalid.push_back(std::move(item));
        }
        out.print_json(
            {{"constraint", o.constraint},
             {"flavor", o.flavor},
             {"best", r.matches.empty() ? json(nullptr) : json(candidates[r.matches.back()])},
             {"matches", matches},
             {"invalid", invalid}});
    } else if (o.all) {
        for (std::size_t i : r.matches) {
            out.line(candidates[i]);
        }
    } else if (!r.matches.empty()) {
        out.line(candidates[r.matches.back()]);
    }
    if (report_skipped(out, o, r.invalid.size(), candidates.size())) {
        return k_exit_error;
    }
    if (r.matches.empty() && !ctx.json() && !o.quiet) {
        out.note("no candidate satisfies " + o.constraint + flavor_suffix(ctx, o));
    }
    return out.finish(r.matches.empty() ? k_exit_negative : k_exit_ok);
}

int run_range(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    auto c = parse_or_report(out, o.constraint, o);
    if (!c) {
        return k_exit_error;
    }
    if (ctx.json()) {
        out.print_json({{"constraint", o.constraint},
                        {"flavor", o.flavor},
                        {"range", sv::normalized_range(*c)},
                        {"intervals", intervals_json(*c)},
                        {"empty", sv::is_empty_constraint(*c)}});
    } else {
        out.line(sv::normalized_range(*c));
    }
    return out.finish(k_exit_ok);
}

int run_intersect(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    std::vector<sv::Constraint> parsed;
    for (const auto& text : o.constraints) {
        auto c = parse_or_report(out, text, o);
        if (!c) {
            return k_exit_error;
        }
        parsed.push_back(std::move(*c));
    }
    sv::Constraint combined = parsed.front();
    for (std::size_t i = 1; i < parsed.size(); ++i) {
        combined = sv::intersect_constraints(combined, parsed[i]);
    }
    bool empty = sv::is_empty_constraint(combined);
    // Name the first pair that cannot both hold: that is the conflict to fix.
    std::optional<std::pair<std::size_t, std::size_t>> conflict;
    for (std::size_t i = 0; empty && !conflict && i < parsed.size(); ++i) {
        for (std::size_t j = i + 1; j < parsed.size(); ++j) {
            if (sv::is_empty_constraint(sv::intersect_constraints(parsed[i], parsed[j]))) {
                conflict = {i, j};
                break;
            }
        }
    }
    if (ctx.json()) {
        json conflict_json = nullptr;
        if (conflict) {
            conflict_json = {o.constraints[conflict->first], o.constraints[conflict->second]};
        }
        out.print_json({{"constraints", o.constraints},
                        {"flavor", o.flavor},
                        {"range", sv::normalized_range(combined)},
                        {"intervals", intervals_json(combined)},
                        {"empty", empty},
                        {"conflict", conflict_json}});
    } else {
        out.line(sv::normalized_range(combined));
        if (conflict) {
            out.note("'" + o.constraints[conflict->first] + "' and '" +
                     o.constraints[conflict->second] + "' have no version in common");
        } else if (empty) {
            out.note("the constraints together admit no version");
        }
    }
    return out.finish(empty ? k_exit_negative : k_exit_ok);
}

int run_sort(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    std::vector<std::string> texts = arguments_or_stdin(o);
    Candidates cands = parse_candidates(out, o, texts);
    if (report_skipped(out, o, cands.skipped.size(), texts.size())) {
        return k_exit_error;
    }
    std::vector<std::string> parsed;
    for (const auto& v : cands.versions) {
        parsed.push_back(v.text);
    }
    auto order = sv::sort_versions(parsed, flavor_of(o));
    if (!order) {
        out.error(order.error().describe());
        return k_exit_error;
    }
    if (o.reverse) {
        std::reverse(order->begin(), order->end());
    }
    // Valid versions are ASCII: the list needs no put_bytes.
    json list = json::array();
    for (std::size_t i : *order) {
        if (ctx.json()) {
            list.push_back(cands.texts[i]);
        } else if (!out.line(cands.texts[i])) {
            break; // the reader has gone (`| head`): the rest would be dropped
        }
    }
    if (ctx.json()) {
        out.print_json(
            {{"flavor", o.flavor}, {"versions", list}, {"skipped", cands.skipped.size()}});
    }
    return out.finish(cands.versions.empty() && !texts.empty() ? k_exit_negative : k_exit_ok);
}

// Parses the two versions of compare and diff, or reports the first invalid one.
std::optional<std::pair<sv::Version, sv::Version>> parse_pair(Printer& out,
                                                              const SemverOptions& o) {
    auto a = parse_one(o, o.versions.at(0));
    auto b = parse_one(o, o.versions.at(1));
    for (const auto* v : {&a, &b}) {
        if (!*v) {
            out.error(v->error().describe());
            return std::nullopt;
        }
    }
    return std::make_pair(std::move(*a), std::move(*b));
}

int run_compare(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    auto pair = parse_pair(out, o);
    if (!pair) {
        return k_exit_error;
    }
    int c = sv::compare_versions(pair->first, pair->second);
    if (ctx.json()) {
        out.print_json(
            {{"a", o.versions[0]}, {"b", o.versions[1]}, {"flavor", o.flavor}, {"result", c}});
    } else {
        out.line(std::to_string(c));
    }
    return out.finish(k_exit_ok);
}

int run_diff(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    auto pair = parse_pair(out, o);
    if (!pair) {
        return k_exit_error;
    }
    std::string d = sv::version_diff(pair->first, pair->second);
    if (ctx.json()) {
        out.print_json({{"a", o.versions[0]},
                        {"b", o.versions[1]},
                        {"flavor", o.flavor},
                        {"diff", d.empty() ? json(nullptr) : json(d)}});
    } else if (!d.empty()) {
        out.line(d);
    }
    return out.finish(k_exit_ok);
}

// Prints one result of a single-version verb (bump, get), or reports its error.
int print_result(Printer& out, const SemverOptions& o, const Result<std::string>& result) {
    if (!result) {
        out.error(result.error().describe());
        return k_exit_error;
    }
    if (out.context().json()) {
        out.print_json({{"version", o.versions[0]},
                        {"part", o.part},
                        {"flavor", o.flavor},
                        {"result", *result}});
    } else {
        out.line(*result);
    }
    return out.finish(k_exit_ok);
}

int run_bump(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    auto v = parse_one(o, o.versions.at(0));
    if (!v) {
        out.error(v.error().describe());
        return k_exit_error;
    }
    auto part = sv::bump_part_from_name(o.part);
    return print_result(
        out, o,
        sv::bump_version(*v, *part,
                         {o.preid, o.preid_base == "1" ? 1U : 0U, o.preid_base != "false"}));
}

int run_get(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    auto v = parse_one(o, o.versions.at(0));
    if (!v) {
        out.error(v.error().describe());
        return k_exit_error;
    }
    return print_result(out, o, sv::version_part(*v, o.part));
}

// The normal form of a valid version: node-semver's `valid()` for npm, with build for cargo.
std::string normal_form(const sv::Version& v) {
    if (v.flavor == sv::Flavor::poetry) {
        return v.pep().to_string();
    }
    std::string out = v.sem().to_string();
    if (v.flavor == sv::Flavor::cargo && !v.sem().build.empty()) {
        out += "+" + v.sem().build;
    }
    return out;
}

int run_validate(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    std::vector<std::string> texts = arguments_or_stdin(o);
    std::vector<std::string> invalid;
    json results = json::array();
    for (const auto& text : texts) {
        auto v = parse_one(o, text);
        if (!v) {
            out.warning(v.error().describe());
            invalid.push_back(text);
            json item{{"valid", false}};
            put_bytes(item, "version", text);
            results.push_back(std::move(item));
            continue;
        }
        results.push_back({{"version", text}, {"valid", true}, {"normalized", normal_form(*v)}});
        if (!ctx.json() && !o.quiet) {
            out.line(normal_form(*v));
        }
    }
    if (ctx.json()) {
        out.print_json({{"flavor", o.flavor}, {"results", results}});
    }
    if (!invalid.empty() && !ctx.json()) {
        out.note(std::to_string(invalid.size()) + " of " + std::to_string(texts.size()) +
                 " are not " + o.flavor + " versions" + flavor_suffix(ctx, o));
    }
    return out.finish(invalid.empty() && !texts.empty() ? k_exit_ok : k_exit_negative);
}

int run_coerce(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    std::vector<std::string> texts = arguments_or_stdin(o);
    std::size_t found = 0;
    json results = json::array();
    for (const auto& text : texts) {
        auto v = sv::coerce_version(text, o.rtl, o.include_prerelease);
        if (v && !sv::parse_version(*v, flavor_of(o))) {
            v.reset(); // a coerced pre-release PEP 440 does not read
        }
        json item{{"version", v ? json(*v) : json(nullptr)}};
        put_bytes(item, "text", text);
        results.push_back(std::move(item));
        if (!v) {
            out.warning("no version in (" + text + ")");
            continue;
        }
        ++found;
        if (!ctx.json()) {
            out.line(*v);
        }
    }
    if (ctx.json()) {
        out.print_json({{"flavor", o.flavor}, {"results", results}});
    }
    return out.finish(found > 0 ? k_exit_ok : k_exit_negative);
}

// The rows several verbs share.
OptionRow flavor_row(SemverOptions& o) {
    return choice<std::string>("-f,--flavor", o.flavor,
                               {{"poetry", "poetry"}, {"npm", "npm"}, {"cargo", "cargo"}}, "FLAVOR",
                               "Version rules: poetry (default), npm or cargo");
}

OptionRow prerelease_row(SemverOptions& o) {
    return flag("-p,--include-prerelease", o.include_prerelease,
                "Let pre-releases satisfy by precedence alone (npm's includePrerelease; "
                "poetry: poetry-core's allows())");
}

OptionRow loose_row(SemverOptions& o) {
    return flag("-l,--loose", o.loose,
                "npm and cargo: read versions as node-semver's loose mode does (=1.2.3, "
                "01.2.3, 1.2.3beta)");
}

OptionRow strict_row(SemverOptions& o) {
    return flag("--strict", o.strict,
                "Make candidates that are not versions an error (exit 2) instead of skipping "
                "them with a warning");
}

OptionRow quiet_row(SemverOptions& o) {
    return flag("-q,--quiet", o.quiet, "Print nothing; only the exit code answers");
}

OptionRow constraint_row(SemverOptions& o, const std::string& help) {
    return positional(ValueKind::text, "constraint", o.constraint, help).require();
}

// The candidates of the verbs that read several: from the arguments, else one per stdin line.
OptionRow candidates_row(SemverOptions& o, const std::string& what) {
    return positional(ValueKind::text, "versions", o.versions, what + " (default: lines of stdin)")
        .repeat();
}

std::vector<Choice<std::string>> same_names(std::initializer_list<const char*> names) {
    std::vector<Choice<std::string>> choices;
    for (const char* name : names) {
        choices.push_back({name, name});
    }
    return choices;
}

const char* k_description =
    R"(Answers version questions the way one ecosystem means them: does a version satisfy a constraint, which candidate is the newest that fits, what interval does a constraint stand for, do constraints conflict, is one within another, how is it written in another ecosystem. The same text can mean different things per flavor (see FLAVORS).

Verbs that take several versions (check, resolve, sort, validate, coerce, outdated) read them from the arguments or, when there are none, one per line of stdin. A candidate that is not a version of the flavor is skipped with one warning line on stderr, and a note says how many were skipped; --strict makes that an error (exit 2). Every range tbx prints (range, intersect, simplify, convert) is valid input of its flavor and admits the same versions. When the flavor is the default, check and the notes name it.

The poetry flavor (default) follows poetry-core 1.4: PEP 440 versions (epochs, pre, post, dev and local parts, calendar versions) and Poetry's constraint syntax (^, ~, ~=, wildcards, ==, !=, <, <=, >, >=, comma or space for AND, || or | for OR). Pre-releases and dev releases satisfy only when the constraint is a single range or version whose own bound is a pre-release or dev release, as Poetry's resolver rules; --include-prerelease gives exactly poetry-core's allows().

The npm flavor follows node-semver 7 (satisfies, Range): caret and tilde including 0.x and partial versions, x-ranges, hyphen ranges, space for AND, || for OR; a pre-release satisfies only if a comparator of the same set names a pre-release of the same major.minor.patch, unless --include-prerelease. Build metadata never affects precedence.

The cargo flavor follows Rust's semver crate (VersionReq): a bare version means caret, comma for AND, *, wildcards, tilde; a pre-release satisfies only if a comparator names a pre-release of the same major.minor.patch. With --include-prerelease that last rule is dropped.

Parse errors name the column and what was expected there.)";

const char* k_flavors_section =
    R"(The same constraint can mean different things per flavor:
  constraint   poetry            npm                               cargo
  ^1.2.3       >=1.2.3,<2.0.0    >=1.2.3 <2.0.0-0                  >=1.2.3, <2.0.0
  ^0.0.3       >=0.0.3,<0.0.4    >=0.0.3 <0.0.4-0                  >=0.0.3, <0.0.4
  ^0.0         >=0.0,<0.1        <0.1.0-0                          >=0.0.0, <0.1.0
  ~1           >=1,<2            >=1.0.0 <2.0.0-0                  >=1.0.0, <2.0.0
  ~1.2.3       >=1.2.3,<1.3.0    >=1.2.3 <1.3.0-0                  >=1.2.3, <1.3.0
  1.2.3        exactly 1.2.3     exactly 1.2.3                     >=1.2.3, <2.0.0 (caret)
  1.2          exactly 1.2       >=1.2.0 <1.3.0-0                  >=1.2.0, <2.0.0 (caret)
  1.2.*        >=1.2.0,<1.3.0    >=1.2.0 <1.3.0-0                  >=1.2.0, <1.3.0
  ~=1.2        >=1.2,<2.0        >=1.2.0 <1.3.0-0 (as ~1.2)        invalid
  !=1.5        all but 1.5       invalid                           invalid
  >=1 <2       >=1,<2            >=1.0.0 <2.0.0-0                  invalid (needs a comma)
  >=1, <2      >=1,<2            invalid                           >=1.0.0, <2.0.0
  1.2 - 2.3    invalid           >=1.2.0 <2.4.0-0                  invalid
  1 || 2       1 || 2            >=1.0.0 <2.0.0-0||>=2.0.0 <3.0.0-0  invalid

Versions: poetry accepts PEP 440 (1.0a1, 1.0.post1, 1.0.dev0, 1!2.0, 1.0+local, 2022.1); npm accepts SemVer 2.0 with an optional leading v; cargo accepts strict SemVer 2.0 only.

Pre-releases: poetry hides pre and dev releases unless the constraint's own bound is one; npm and cargo hide pre-releases unless a comparator names a pre-release of the same major.minor.patch (so ^1.2.3-beta.1 admits 1.2.3-beta.2 but not 1.2.4-beta.1). Poetry's <2.0.0 also excludes 2.0.0a1 when the lower bound is stable.)";

int run_subset(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    auto a = parse_or_report(out, o.constraints.at(0), o);
    auto b = a ? parse_or_report(out, o.constraints.at(1), o) : std::nullopt;
    if (!a || !b) {
        return k_exit_error;
    }
    bool subset = sv::is_subset(*a, *b);
    if (ctx.json()) {
        out.print_json({{"a", o.constraints[0]},
                        {"b", o.constraints[1]},
                        {"flavor", o.flavor},
                        {"subset", subset}});
    } else if (!o.quiet) {
        out.line(o.constraints[0] + (subset ? " is within " : " is not within ") +
                 o.constraints[1] + flavor_suffix(ctx, o));
    }
    return out.finish(subset ? k_exit_ok : k_exit_negative);
}

int run_simplify(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    auto c = parse_or_report(out, o.constraint, o);
    if (!c) {
        return k_exit_error;
    }
    std::vector<std::string> versions = o.versions;
    if (versions.empty() && isatty(STDIN_FILENO) == 0) {
        versions = read_stdin_lines();
    }
    // Without versions: the exact set, printed from its intervals (poetry: poetry-core's).
    Result<std::string> text = !versions.empty() ? sv::simplify_range(*c, versions)
                               : c->flavor == sv::Flavor::poetry
                                   ? Result<std::string>(sv::normalized_range(*c))
                                   : sv::render_version_set(sv::version_set(*c), c->flavor);
    if (!text) {
        out.error(text.error().describe());
        return k_exit_error;
    }
    if (ctx.json()) {
        out.print_json({{"constraint", o.constraint}, {"flavor", o.flavor}, {"simplified", *text}});
    } else {
        out.line(*text);
    }
    return out.finish(k_exit_ok);
}

int run_convert(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    auto from = sv::syntax_from_name(o.from);
    auto to = sv::syntax_from_name(o.to);
    auto converted = sv::convert_constraint(o.constraint, *from, *to);
    if (!converted) {
        out.error("cannot convert from " + o.from + " to " + o.to + ": " +
                  converted.error().describe());
        if (ctx.json()) {
            out.print_json({{"constraint", o.constraint},
                            {"from", o.from},
                            {"to", o.to},
                            {"error", converted.error().message},
                            {"subject", converted.error().subject}});
        }
        return k_exit_error;
    }
    if (ctx.json()) {
        out.print_json({{"constraint", o.constraint},
                        {"from", o.from},
                        {"to", o.to},
                        {"result", converted->text},
                        {"notes", converted->notes}});
        return out.finish(k_exit_ok);
    }
    out.line(converted->text);
    for (const auto& note : converted->notes) {
        out.note(note);
    }
    return out.finish(k_exit_ok);
}

int run_outdated(Context& ctx, const SemverOptions& o) {
    Printer out(ctx);
    auto c = parse_or_report(out, o.constraint, o);
    if (!c) {
        return k_exit_error;
    }
    if (auto in_use = parse_one(o, o.current); !o.current.empty() && !in_use) {
        out.error(in_use.error().describe());
        return k_exit_error;
    }
    std::vector<std::string> texts = arguments_or_stdin(o);
    Candidates cands = parse_candidates(out, o, texts);
    if (report_skipped(out, o, cands.skipped.size(), texts.size())) {
        return k_exit_error;
    }
    std::vector<std::string> parsed;
    for (const auto& v : cands.versions) {
        parsed.push_back(v.text);
    }
    sv::Outdated r = sv::outdated(*c, parsed);
    auto name = [&](const std::optional<std::size_t>& i) -> std::optional<std::string> {
        return i ? std::optional(cands.texts[*i]) : std::nullopt;
    };
    // npm outdated's columns: current is the version in use (--current; without it, what the
    // constraint picks today), wanted the highest satisfying, latest the highest.
    std::optional<std::string> current = o.current.empty() ? name(r.wanted) : o.current;
    std::optional<std::string> wanted = name(r.wanted);
    std::optional<std::string> latest = name(r.latest);
    if (ctx.json()) {
        auto value = [](const std::optional<std::string>& v) {
            return v ? json(*v) : json(nullptr);
        };
        out.print_json({{"constraint", o.constraint},
                        {"flavor", o.flavor},
                        {"current", value(current)},
                        {"wanted", value(wanted)},
                        {"latest", value(latest)},
                        {"outdated", !r.latest_allowed}});
    } else {
        out.line("current " + current.value_or("-"));
        out.line("wanted  " + wanted.value_or("-"));
        out.line("latest  " + latest.value_or("-"));
        if (r.latest && !r.latest_allowed) {
            out.note("the latest version is outside " + o.constraint + flavor_suffix(ctx, o));
        }
    }
    if (!r.latest) {
        out.error("no " + o.flavor + " version among the candidates");
        return k_exit_error;
    }
    return out.finish(r.latest_allowed ? k_exit_ok : k_exit_negative);
}

/// One verb of `tbx semver`: a child command, its rows and what runs it.
struct VerbRow {
    const char* name;
    const char* help;
    int (*run)(Context&, const SemverOptions&);
    /// Makes the verb's rows; called only for the verbs declared (a one-shot call needs one).
    std::function<std::vector<OptionRow>()> rows;
};

// check, resolve, range, intersect: the verbs about constraints.
std::vector<VerbRow> constraint_verbs(SemverOptions& o) {
    return {
        {"check", "Exit 0 if every VERSION satisfies CONSTRAINT (stdin if none given)", run_check,
         [&o] {
             return std::vector<OptionRow>{prerelease_row(o),
                                           strict_row(o),
                                           quiet_row(o),
                                           constraint_row(o, "The constraint, e.g. '^1.2.3'"),
                                           flavor_row(o),
                                           loose_row(o),
                                           candidates_row(o, "Versions to check")};
         }},
        {"resolve", "Print the highest candidate satisfying CONSTRAINT (stdin if none given)",
         run_resolve,
         [&o] {
             return std::vector<OptionRow>{
                 prerelease_row(o),
                 strict_row(o),
                 flag("-a,--all", o.all, "Print every satisfying candidate, ascending"),
                 constraint_row(o, "The constraint"),
                 flavor_row(o),
                 loose_row(o),
                 candidates_row(o, "Candidates")};
         }},
        {"range", "Print the normalized interval of CONSTRAINT", run_range,
         [&o] {
             return std::vector<OptionRow>{flavor_row(o), prerelease_row(o),
                                           constraint_row(o, "The constraint")};
         }},
        {"intersect", "Print the combined range of constraints; exit 1 if they conflict",
         run_intersect,
         [&o] {
             return std::vector<OptionRow>{flavor_row(o), prerelease_row(o),
                                           positional(ValueKind::text, "constraints", o.constraints,
                                                      "Two or more constraints")
                                               .repeat()
                                               .require()
                                               .takes(2, -1)};
         }},
    };
}

// sort, compare, diff: the verbs that order versions.
std::vector<VerbRow> order_verbs(SemverOptions& o) {
    const auto two_versions = [&o] {
        return positional(ValueKind::text, "versions", o.versions, "The versions A and B")
            .repeat()
            .require()
            .takes(2, 2);
    };
    return {
        {"sort", "Sort versions by precedence (stdin if none given)", run_sort,
         [&o] {
             return std::vector<OptionRow>{flag("-r,--reverse", o.reverse, "Highest first"),
                                           strict_row(o), flavor_row(o), loose_row(o),
                                           candidates_row(o, "Versions")};
         }},
        {"compare", "Print -1, 0 or 1 comparing A with B", run_compare,
         [&o, two_versions] {
             return std::vector<OptionRow>{flavor_row(o), loose_row(o), two_versions()};
         }},
        {"diff", "Print the most significant part in which A and B differ (nothing if identical)",
         run_diff,
         [&o, two_versions] {
             return std::vector<OptionRow>{flavor_row(o), loose_row(o), two_versions()};
         }},
    };
}

// bump, get, validate, coerce: the verbs about one version's parts.
std::vector<VerbRow> part_verbs(SemverOptions& o) {
    const auto one_version = [&o](const char* help) {
        return positional(ValueKind::text, "version", o.versions, help).require().takes(1, 1);
    };
    return {
        {"bump", "Print the version with one part incremented", run_bump,
         [&o, one_version] {
             return std::vector<OptionRow>{
                 flavor_row(o),
                 loose_row(o),
                 choice<std::string>(
                     "part", o.part,
                     same_names({"major", "minor", "patch", "premajor", "preminor", "prepatch",
                                 "prerelease", "pre", "release", "post", "dev"}),
                     "PART",
                     "Which part: node-semver's increments; post and dev for poetry "
                     "(pre = prerelease)")
                     .require(),
                 text("--preid", o.preid, "ID",
                      "Pre-release identifier for the pre* parts (npm/cargo: e.g. beta; poetry: a, "
                      "b "
                      "or rc)"),
                 choice<std::string>(
                     "-n,--preid-base", o.preid_base, same_names({"0", "1", "false"}), "BASE",
                     "Number a new pre-release identifier starts from (false: no number)"),
                 one_version("The version to bump")};
         }},
        {"get", "Print one part of a version", run_get,
         [&o, one_version] {
             return std::vector<OptionRow>{
                 flavor_row(o), loose_row(o),
                 choice<std::string>("part", o.part,
                                     same_names({"major", "minor", "patch", "prerel", "build",
                                                 "release", "epoch", "post", "dev", "local"}),
                                     "PART", "Which part (epoch, post, dev, local: poetry only)")
                     .require(),
                 one_version("The version")};
         }},
        {"validate", "Print the valid versions normalized; exit 1 if any is invalid", run_validate,
         [&o] {
             return std::vector<OptionRow>{quiet_row(o), flavor_row(o), loose_row(o),
                                           candidates_row(o, "Versions")};
         }},
        {"coerce", "Print the version found in each text, as node-semver's coerce finds it",
         run_coerce,
         [&o] {
             return std::vector<OptionRow>{
                 flavor_row(o),
                 // node-semver's CLI: --rtl and --ltr set one direction; the last one given wins.
                 flag_setting("--rtl", o.rtl, true, "Take the right-most version in the text"),
                 flag_setting("--ltr", o.rtl, false,
                              "Take the left-most version in the text (default)"),
                 flag("-p,--include-prerelease", o.include_prerelease,
                      "Keep the pre-release that follows the numbers"),
                 positional(ValueKind::text, "versions", o.versions,
                            "Texts (default: lines of stdin)")
                     .repeat()};
         }},
    };
}

// subset, simplify, convert, outdated: the verbs about whole constraints.
std::vector<VerbRow> set_verbs(SemverOptions& o) {
    const auto syntaxes = same_names({"poetry", "npm", "cargo", "pep440"});
    return {
        {"subset", "Exit 0 if every version A admits, B admits too", run_subset,
         [&o] {
             return std::vector<OptionRow>{flavor_row(o), prerelease_row(o), quiet_row(o),
                                           positional(ValueKind::text, "constraints", o.constraints,
                                                      "The constraints A and B")
                                               .repeat()
                                               .require()
                                               .takes(2, 2)};
         }},
        {"simplify",
         "Print a shorter range picking the same VERSIONS (node-semver's simplifyRange); "
         "without versions, the range's set as short as written",
         run_simplify,
         [&o] {
             return std::vector<OptionRow>{
                 flavor_row(o), prerelease_row(o), constraint_row(o, "The range"),
                 positional(ValueKind::text, "versions", o.versions,
                            "Versions (default: lines of stdin, if piped)")
                     .repeat()};
         }},
        {"convert", "Write CONSTRAINT in another syntax, admitting the same versions", run_convert,
         [&o, syntaxes] {
             return std::vector<OptionRow>{
                 choice<std::string>("--from", o.from, syntaxes, "SYNTAX",
                                     "The constraint's syntax (default: poetry)"),
                 choice<std::string>("--to", o.to, syntaxes, "SYNTAX", "The syntax to write")
                     .require(),
                 constraint_row(o, "The constraint")};
         }},
        {"outdated",
         "Print current, wanted (highest satisfying) and latest, as npm outdated; exit 1 if the "
         "latest is outside CONSTRAINT",
         run_outdated,
         [&o] {
             return std::vector<OptionRow>{
                 prerelease_row(o),
                 strict_row(o),
                 text("--current", o.current, "VERSION",
                      "The version in use (default: the highest satisfying)"),
                 constraint_row(o, "The constraint"),
                 flavor_row(o),
                 loose_row(o),
                 candidates_row(o, "Existing versions, e.g. git tags")};
         }},
    };
}

} // namespace

/// Builds the `tbx semver` command with its seven sub-subcommands.
Command make_semver_command() {
    Command cmd;
    cmd.name = "semver";
    cmd.summary = "Check, resolve and compare versions as Poetry, npm or cargo mean them";
    cmd.doc.description = k_description;
    cmd.doc.examples = {
        {"tbx semver check '^1.2.3' 1.4.0 2.0.0", "1.4.0 satisfies, 2.0.0 does not (exit 1)"},
        {"git tag | tbx semver resolve --flavor npm '^1.2'",
         "print the newest tag that satisfies ^1.2"},
        {"tbx semver range '~=2.0.1'", "print poetry's interval: >=2.0.1,<2.1.0"},
        {"tbx semver intersect '^1.2' '<1.1'", "show the conflict (exit 1)"},
        {"tbx semver sort --flavor cargo 1.10.0 1.2.0 1.2.0-rc.1", "sort by precedence"},
        {"tbx semver bump minor 1.2.3", "print 1.3.0"},
        {"tbx semver bump -f npm premajor --preid beta 1.2.3", "print 2.0.0-beta.0"},
        {"tbx semver convert --to pep440 '~1.2'", "print >=1.2,<1.3"},
        {"tbx semver subset -f npm '~1.2.3' '^1'", "exit 0: every version of ~1.2.3 is in ^1"},
        {"git tag | tbx semver outdated -f npm '^1.2'",
         "print current, wanted and latest; exit 1 if the latest is outside ^1.2"},
    };
    cmd.doc.sections = {{"FLAVORS", k_flavors_section}};
    cmd.doc.exit_codes = {
        {"0", "satisfied, found, or done"},
        {"1", "a negative answer: a version does not satisfy, no candidate fits, the "
              "constraints conflict"},
        {"2", "invalid input: a constraint or version that does not parse, a usage error"},
    };
    cmd.colors = false; // versions and verdicts are plain text
    cmd.verbs = [] {
        // Every verb binds the same options; each verb's plan makes its rows when called.
        auto o = std::make_shared<SemverOptions>();
        std::vector<Verb> verbs;
        for (auto* part : {constraint_verbs, order_verbs, part_verbs, set_verbs}) {
            for (auto& row : part(*o)) {
                verbs.push_back(
                    {row.name, row.help, [o, run = row.run, rows = row.rows] {
                         return Plan{rows(), [o, run](Context& ctx) { return run(ctx, *o); }};
                     }});
            }
        }
        return verbs;
    };
    return cmd;
}

} // namespace tbx::cli
