// `tbx semver`: check, resolve, range, intersect, sort, compare and bump versions the way
// Poetry (default), npm or cargo mean them. The engine lives in lib/tbx/semver.

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <tbx/semver/constraint.hpp>
#include <tbx/semver/resolve.hpp>
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
    std::string constraint;
    std::vector<std::string> constraints;
    std::vector<std::string> versions;
    std::string part;
};

// Versions may come from anywhere (git tags): never let invalid UTF-8 abort the JSON writer.
void print_json(const json& doc) {
    std::cout << json_line(doc) << '\n';
}

sv::Flavor flavor_of(const SemverOptions& o) {
    return sv::flavor_from_name(o.flavor).value_or(sv::Flavor::poetry);
}

sv::Prerelease prerelease_of(const SemverOptions& o) {
    return o.include_prerelease ? sv::Prerelease::include : sv::Prerelease::by_flavor_rule;
}

// Reads candidate lines from stdin: trimmed, blank lines dropped.
std::vector<std::string> read_stdin_lines() {
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(std::cin, line)) {
        std::size_t b = line.find_first_not_of(" \t\r");
        if (b == std::string::npos) {
            continue;
        }
        std::size_t e = line.find_last_not_of(" \t\r");
        lines.push_back(line.substr(b, e - b + 1));
    }
    return lines;
}

json error_json(const Error& error, std::string_view constraint, sv::Flavor flavor) {
    json j{{"error", error.message}, {"subject", error.subject}};
    if (!constraint.empty() || error.message.find("constraint") != std::string::npos) {
        sv::Diagnosis d = sv::diagnose_constraint(constraint, flavor);
        j["column"] = d.column + 1;
        j["expected"] = d.expected;
    }
    return j;
}

// Parses the constraint or reports the error (stderr, and a JSON document with --json).
std::optional<sv::Constraint> parse_or_report(Context& ctx, const std::string& text,
                                              const SemverOptions& o) {
    auto c = sv::parse_constraint(text, flavor_of(o), prerelease_of(o));
    if (!c) {
        ctx.error(c.error().describe());
        if (ctx.json()) {
            print_json(error_json(c.error(), text, flavor_of(o)));
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
    auto c = parse_or_report(ctx, o.constraint, o);
    if (!c) {
        return k_exit_error;
    }
    bool all_ok = true;
    bool invalid = false;
    json results = json::array();
    for (const auto& text : o.versions) {
        auto v = sv::parse_version(text, c->flavor);
        if (!v) {
            invalid = true;
            ctx.error(v.error().describe());
            results.push_back({{"version", text}, {"error", v.error().message}});
            continue;
        }
        bool ok = sv::satisfies(*c, *v);
        all_ok = all_ok && ok;
        results.push_back({{"version", text}, {"satisfies", ok}});
        if (!ctx.json() && !o.quiet) {
            std::cout << text << (ok ? " satisfies " : " does not satisfy ") << o.constraint
                      << '\n';
        }
    }
    if (ctx.json()) {
        print_json({{"constraint", o.constraint},
                    {"flavor", o.flavor},
                    {"range", sv::normalized_range(*c)},
                    {"results", results},
                    {"satisfied", all_ok && !invalid}});
    }
    if (invalid) {
        return k_exit_error;
    }
    return all_ok ? k_exit_ok : k_exit_negative;
}

int run_resolve(Context& ctx, const SemverOptions& o) {
    auto c = parse_or_report(ctx, o.constraint, o);
    if (!c) {
        return k_exit_error;
    }
    std::vector<std::string> candidates = o.versions.empty() ? read_stdin_lines() : o.versions;
    sv::Resolution r = sv::resolve(*c, candidates);
    if (o.strict) {
        for (std::size_t i : r.invalid) {
            ctx.error("not a " + o.flavor + " version (" + candidates[i] + ")");
        }
    }
    if (ctx.json()) {
        json matches = json::array();
        for (std::size_t i : r.matches) {
            matches.push_back(candidates[i]);
        }
        json invalid = json::array();
        for (std::size_t i : r.invalid) {
            invalid.push_back(candidates[i]);
        }
        print_json(
            {{"constraint", o.constraint},
             {"flavor", o.flavor},
             {"best", r.matches.empty() ? json(nullptr) : json(candidates[r.matches.back()])},
             {"matches", matches},
             {"invalid", invalid}});
    } else if (o.all) {
        for (std::size_t i : r.matches) {
            std::cout << candidates[i] << '\n';
        }
    } else if (!r.matches.empty()) {
        std::cout << candidates[r.matches.back()] << '\n';
    }
    if (o.strict && !r.invalid.empty()) {
        return k_exit_error;
    }
    return r.matches.empty() ? k_exit_negative : k_exit_ok;
}

int run_range(Context& ctx, const SemverOptions& o) {
    auto c = parse_or_report(ctx, o.constraint, o);
    if (!c) {
        return k_exit_error;
    }
    if (ctx.json()) {
        print_json({{"constraint", o.constraint},
                    {"flavor", o.flavor},
                    {"range", sv::normalized_range(*c)},
                    {"intervals", intervals_json(*c)},
                    {"empty", sv::is_empty_constraint(*c)}});
    } else {
        std::cout << sv::normalized_range(*c) << '\n';
    }
    return k_exit_ok;
}

int run_intersect(Context& ctx, const SemverOptions& o) {
    std::vector<sv::Constraint> parsed;
    for (const auto& text : o.constraints) {
        auto c = parse_or_report(ctx, text, o);
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
        print_json({{"constraints", o.constraints},
                    {"flavor", o.flavor},
                    {"range", sv::normalized_range(combined)},
                    {"intervals", intervals_json(combined)},
                    {"empty", empty},
                    {"conflict", conflict_json}});
    } else {
        std::cout << sv::normalized_range(combined) << '\n';
        if (conflict) {
            ctx.note("'" + o.constraints[conflict->first] + "' and '" +
                     o.constraints[conflict->second] + "' have no version in common");
        } else if (empty) {
            ctx.note("the constraints together admit no version");
        }
    }
    return empty ? k_exit_negative : k_exit_ok;
}

int run_sort(Context& ctx, const SemverOptions& o) {
    std::vector<std::string> versions = o.versions.empty() ? read_stdin_lines() : o.versions;
    auto order = sv::sort_versions(versions, flavor_of(o));
    if (!order) {
        ctx.error(order.error().describe());
        return k_exit_error;
    }
    if (ctx.json()) {
        json list = json::array();
        for (std::size_t i : *order) {
            list.push_back(versions[i]);
        }
        print_json(list);
    } else {
        for (std::size_t i : *order) {
            std::cout << versions[i] << '\n';
        }
    }
    return k_exit_ok;
}

int run_compare(Context& ctx, const SemverOptions& o) {
    auto a = sv::parse_version(o.versions.at(0), flavor_of(o));
    auto b = sv::parse_version(o.versions.at(1), flavor_of(o));
    for (const auto* v : {&a, &b}) {
        if (!*v) {
            ctx.error(v->error().describe());
            return k_exit_error;
        }
    }
    int c = sv::compare_versions(*a, *b);
    if (ctx.json()) {
        print_json(
            {{"a", o.versions[0]}, {"b", o.versions[1]}, {"flavor", o.flavor}, {"result", c}});
    } else {
        std::cout << c << '\n';
    }
    return k_exit_ok;
}

int run_bump(Context& ctx, const SemverOptions& o) {
    auto v = sv::parse_version(o.versions.at(0), flavor_of(o));
    if (!v) {
        ctx.error(v.error().describe());
        return k_exit_error;
    }
    sv::BumpPart part = o.part == "major"   ? sv::BumpPart::major
                        : o.part == "minor" ? sv::BumpPart::minor
                        : o.part == "patch" ? sv::BumpPart::patch
                                            : sv::BumpPart::pre;
    auto next = sv::bump_version(*v, part);
    if (!next) {
        ctx.error(next.error().describe());
        return k_exit_error;
    }
    if (ctx.json()) {
        print_json({{"version", o.versions[0]},
                    {"part", o.part},
                    {"flavor", o.flavor},
                    {"result", *next}});
    } else {
        std::cout << *next << '\n';
    }
    return k_exit_ok;
}

void add_flavor(CLI::App& sub, SemverOptions& o) {
    add_choice_option<std::string>(sub, "--flavor,-f", o.flavor,
                                   {{"poetry", "poetry"}, {"npm", "npm"}, {"cargo", "cargo"}},
                                   "Version rules: poetry (default), npm or cargo", "FLAVOR");
}

void add_prerelease(CLI::App& sub, SemverOptions& o) {
    sub.add_flag("--include-prerelease", o.include_prerelease,
                 "Let pre-releases satisfy by precedence alone (npm's includePrerelease; "
                 "poetry: poetry-core's allows())");
}

const char* k_description =
    R"(Answers version questions the way one ecosystem means them: does a version satisfy a constraint, which candidate is the newest that fits, what interval does a constraint stand for, do constraints conflict. The same text can mean different things per flavor (see FLAVORS).

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
    };
    cmd.doc.sections = {{"FLAVORS", k_flavors_section}};
    cmd.doc.exit_codes = {
        {"0", "satisfied, found, or done"},
        {"1", "a negative answer: a version does not satisfy, no candidate fits, the "
              "constraints conflict"},
        {"2", "invalid input: a constraint or version that does not parse, a usage error"},
    };
    cmd.setup = [](CLI::App& app) -> Runner {
        auto o = std::make_shared<SemverOptions>();
        app.require_subcommand(1);
        // --json and --color are declared on `semver` itself; let them follow a subcommand.
        app.fallthrough();

        auto* check = app.add_subcommand("check", "Exit 0 if every VERSION satisfies CONSTRAINT");
        add_flavor(*check, *o);
        add_prerelease(*check, *o);
        check->add_flag("--quiet,-q", o->quiet, "Print nothing; only the exit code answers");
        check->add_option("constraint", o->constraint, "The constraint, e.g. '^1.2.3'")->required();
        check->add_option("versions", o->versions, "Versions to check")->required();

        auto* resolve = app.add_subcommand(
            "resolve", "Print the highest candidate satisfying CONSTRAINT (stdin if none given)");
        add_flavor(*resolve, *o);
        add_prerelease(*resolve, *o);
        resolve->add_flag("--all,-a", o->all, "Print every satisfying candidate, ascending");
        resolve->add_flag("--strict", o->strict,
                          "Report candidates that are not versions (exit 2) instead of "
                          "skipping them");
        resolve->add_option("constraint", o->constraint, "The constraint")->required();
        resolve->add_option("versions", o->versions, "Candidates (default: lines of stdin)");

        auto* range = app.add_subcommand("range", "Print the normalized interval of CONSTRAINT");
        add_flavor(*range, *o);
        add_prerelease(*range, *o);
        range->add_option("constraint", o->constraint, "The constraint")->required();

        auto* intersect = app.add_subcommand(
            "intersect", "Print the combined range of constraints; exit 1 if they conflict");
        add_flavor(*intersect, *o);
        add_prerelease(*intersect, *o);
        intersect->add_option("constraints", o->constraints, "Two or more constraints")
            ->required()
            ->expected(2, -1);

        auto* sort =
            app.add_subcommand("sort", "Sort versions by precedence (stdin if none given)");
        add_flavor(*sort, *o);
        sort->add_option("versions", o->versions, "Versions (default: lines of stdin)");

        auto* compare = app.add_subcommand("compare", "Print -1, 0 or 1 comparing A with B");
        add_flavor(*compare, *o);
        compare->add_option("versions", o->versions, "The versions A and B")
            ->required()
            ->expected(2);

        auto* bump =
            app.add_subcommand("bump", "Print the next major, minor, patch or pre version");
        add_flavor(*bump, *o);
        add_choice_option<std::string>(
            *bump, "part", o->part,
            {{"major", "major"}, {"minor", "minor"}, {"patch", "patch"}, {"pre", "pre"}},
            "Which part to increment", "PART")
            ->required();
        bump->add_option("version", o->versions, "The version to bump")->required()->expected(1);

        return [o, check, resolve, range, intersect, sort, compare, bump](Context& ctx) -> int {
            if (check->parsed()) {
                return run_check(ctx, *o);
            }
            if (resolve->parsed()) {
                return run_resolve(ctx, *o);
            }
            if (range->parsed()) {
                return run_range(ctx, *o);
            }
            if (intersect->parsed()) {
                return run_intersect(ctx, *o);
            }
            if (sort->parsed()) {
                return run_sort(ctx, *o);
            }
            if (compare->parsed()) {
                return run_compare(ctx, *o);
            }
            if (bump->parsed()) {
                return run_bump(ctx, *o);
            }
            return k_exit_error;
        };
    };
    return cmd;
}

} // namespace tbx::cli
