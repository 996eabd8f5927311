// tbx whereis: util-linux whereis's lines (binaries, manuals, sources of a command).
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tbx/find/whereis.hpp>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"

namespace tbx::cli {
namespace {

struct WhereisCliOptions {
    std::vector<std::string> names;
    bool binaries = false;
    bool manuals = false;
    bool sources = false;
};

const char* kind_key(find::WhereKind kind) {
    switch (kind) {
    case find::WhereKind::binary:
        return "binaries";
    case find::WhereKind::manual:
        return "manuals";
    case find::WhereKind::source:
        return "sources";
    }
    return "binaries";
}

// One name's record: {"name", "binaries", "manuals", "sources"}, bytes by the put_bytes rule.
nlohmann::ordered_json result_json(const find::WhereisResult& result) {
    nlohmann::ordered_json item = nlohmann::ordered_json::object();
    put_bytes(item, "name", result.name);
    for (const find::WhereKind kind :
         {find::WhereKind::binary, find::WhereKind::manual, find::WhereKind::source}) {
        std::vector<std::string> found;
        for (std::size_t i = 0; i < result.paths.size(); ++i) {
            if (result.kinds[i] == kind) {
                found.push_back(result.paths[i]);
            }
        }
        put_bytes_list(item, kind_key(kind), found);
    }
    return item;
}

int run_whereis(Context& ctx, const WhereisCliOptions& options) {
    find::WhereMask mask = 0;
    if (options.binaries) {
        mask |= find::where_bit(find::WhereKind::binary);
    }
    if (options.manuals) {
        mask |= find::where_bit(find::WhereKind::manual);
    }
    if (options.sources) {
        mask |= find::where_bit(find::WhereKind::source);
    }
    if (mask == 0) {
        mask = find::k_where_all;
    }
    find::WhereisOptions where;
    const char* path = std::getenv("PATH");
    const char* manpath = std::getenv("MANPATH");
    where.path_env = path != nullptr ? path : "";
    where.manpath_env = manpath != nullptr ? manpath : "";
    const auto dirs = find::whereis_directories(where);

    bool all_found = true;
    auto results = nlohmann::ordered_json::array();
    std::string out;
    for (const std::string& name : options.names) {
        const find::WhereisResult result = find::whereis_lookup(name, dirs, mask);
        all_found = all_found && !result.paths.empty();
        if (ctx.json()) {
            results.push_back(result_json(result));
            continue;
        }
        out += result.name;
        out += ':';
        for (const std::string& found : result.paths) {
            out += ' ';
            out += found;
        }
        out += '\n';
    }
    if (ctx.json()) {
        out = json_line(nlohmann::ordered_json{{"results", std::move(results)}}) + "\n";
    }
    OutputBuffer output(stdout);
    output.write(out);
    return ctx.finish_output(output, all_found ? k_exit_ok : k_exit_negative);
}

} // namespace

Command make_whereis_command() {
    Command command;
    command.name = "whereis";
    command.summary = "Locate the binary, manual and source files of commands";
    command.doc.description =
        "Prints, for each NAME, the lines util-linux whereis(1) prints on the same machine: "
        "'NAME: path...' with the matching entries of the standard binary directories and "
        "$PATH, of the manual and info directories (and $MANPATH), compressed pages included, "
        "and of the source directories, in whereis's order. Anything up to the last '/' of "
        "NAME is ignored.\n\n"
        "-b, -m and -s restrict the search to binaries, manuals or sources; they combine. "
        "With --json the result is one JSON object on one line, {\"results\": [...]}, one "
        "{\"name\", \"binaries\", \"manuals\", \"sources\"} object per NAME in order; a list "
        "holding a path that is not UTF-8 gets a sibling such as \"binaries_base64\" with every "
        "path's exact bytes (docs/json.md).";
    command.doc.examples = {
        {"tbx whereis cat", "cat: /usr/bin/cat /usr/share/man/man1/cat.1.gz"},
        {"tbx whereis -b python3 gcc", "only the binaries"},
        {"tbx whereis --json -m bash", "bash's manuals as JSON"},
    };
    command.doc.exit_codes = {
        {"0", "every NAME was found somewhere"},
        {"1", "some NAME was found nowhere (its line is still printed)"},
        {"2", "a usage error"},
    };
    command.colors = false;
    command.plan = [] {
        auto o = std::make_shared<WhereisCliOptions>();
        return Plan{
            {
                positional(ValueKind::executable, "names", o->names, "Command names to look up")
                    .repeat()
                    .require(),
                flag("-b,--binaries", o->binaries, "Search only for binaries"),
                flag("-m,--manuals", o->manuals, "Search only for manuals and info files"),
                flag("-s,--sources", o->sources, "Search only for sources"),
            },
            [o](Context& ctx) { return run_whereis(ctx, *o); }};
    };
    return command;
}

} // namespace tbx::cli
