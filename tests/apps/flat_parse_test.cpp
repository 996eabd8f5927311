// The frame's flat parser (cli/flat_parse): what it reads from a command's rows, and every
// command line it must leave to CLI11 rather than read differently.
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli/flat_parse.hpp"
#include "cli/options.hpp"

using namespace tbx::cli;

namespace {

enum class Flavor { poetry, npm };

// A command shaped like `semver check` plus cuda's kinds of rows.
struct Options {
    bool quiet = false;
    bool json = false;
    Flavor flavor = Flavor::poetry;
    std::string preid;
    std::vector<std::string> gpus;
    double timeout = 5;
    bool rtl = false;
    std::string sort;
    std::string constraint;
    std::vector<std::string> versions;

    std::vector<OptionRow> rows() {
        return {
            flag("-q,--quiet", quiet, "quiet"),
            choice<Flavor>("-f,--flavor", flavor,
                           {{"poetry", Flavor::poetry}, {"npm", Flavor::npm}}, "FLAVOR", "flavor"),
            text("--preid", preid, "ID", "pre-release id").exclude("--quiet"),
            text("--gpu", gpus, "SM", "a GPU").repeat(),
            number("--timeout", timeout, "SEC", "seconds"),
            flag_setting("--rtl", rtl, true, "right to left"),
            text("--sort", sort, "KEY", "sort key").optional(),
            positional(ValueKind::text, "constraint", constraint, "the constraint").require(),
            positional(ValueKind::text, "versions", versions, "versions").repeat(),
            flag("--json", json, "JSON"),
        };
    }
};

// Parses `words` into fresh options; nullopt when the flat parser declines them.
std::optional<Options> parse(const std::vector<std::string>& words,
                             std::vector<std::string>* given = nullptr) {
    Options options;
    const auto rows = options.rows();
    std::vector<const OptionRow*> pointers;
    for (const auto& row : rows) {
        pointers.push_back(&row);
    }
    auto names = flat_parse(pointers, words);
    if (!names) {
        return std::nullopt;
    }
    if (given != nullptr) {
        *given = *names;
    }
    return options;
}

} // namespace

TEST_CASE("flat parse: reads options anywhere and hands the other words to positionals in order",
          "[frame]") {
    std::vector<std::string> given;
    const auto o = parse({"-f", "npm", "^1", "1.2", "--quiet", "1.3", "--json"}, &given);
    REQUIRE(o);
    CHECK(o->flavor == Flavor::npm);
    CHECK(o->quiet);
    CHECK(o->json);
    CHECK(o->constraint == "^1");
    CHECK(o->versions == std::vector<std::string>{"1.2", "1.3"});
    CHECK(given ==
          std::vector<std::string>{"--flavor", "--quiet", "--json", "constraint", "versions"});
}

TEST_CASE("flat parse: attached values, '--' and repeatable options", "[frame]") {
    const auto long_form = parse({"--flavor=npm", "--preid=beta", "^1"});
    REQUIRE(long_form);
    CHECK(long_form->flavor == Flavor::npm);
    CHECK(long_form->preid == "beta");
    const auto short_form = parse({"-fnpm", "^1"});
    REQUIRE(short_form);
    CHECK(short_form->flavor == Flavor::npm);
    const auto after_dashes = parse({"^1", "--", "-1", "--quiet"});
    REQUIRE(after_dashes);
    CHECK_FALSE(after_dashes->quiet);
    CHECK(after_dashes->versions == std::vector<std::string>{"-1", "--quiet"});
    const auto gpus = parse({"--gpu", "sm_86", "^1", "--gpu=sm_61"});
    REQUIRE(gpus);
    CHECK(gpus->gpus == std::vector<std::string>{"sm_86", "sm_61"});
    const auto defaults = parse({"^1"});
    REQUIRE(defaults);
    CHECK(defaults->flavor == Flavor::poetry);
    CHECK(defaults->versions.empty());
}

TEST_CASE("flat parse: leaves to CLI11 what it would not read exactly as CLI11 does", "[frame]") {
    const std::vector<std::vector<std::string>> declined = {
        {"--help", "^1"},                  // help
        {"-h", "^1"},                      //
        {"--flavr", "npm", "^1"},          // a typo
        {"-qf", "npm", "^1"},              // clustered short options
        {"-q", "-q", "^1"},                // a flag given twice
        {"-f", "npm", "-f", "npm", "^1"},  // an option given twice
        {"-f", "yarn", "^1"},              // a bad choice
        {"^1", "-f"},                      // a missing value
        {"--preid", "-x", "^1"},           // a value that looks like an option
        {"--preid=", "^1"},                // an empty value
        {"--quiet=1", "^1"},               // a flag given a value
        {"--quiet", "--preid", "b", "^1"}, // options that exclude each other
        {"--timeout", "9", "^1"},          // a number: CLI11 converts it
        {"--rtl", "^1"},                   // a flag setting a shared target: the order counts
        {"--sort", "^1"},                  // an optional value
        {"^1", "-"},                       // "-"
        {"^1", "-1"},                      // a negative number
        {},                                // a required positional missing
    };
    for (const auto& words : declined) {
        std::string line;
        for (const auto& word : words) {
            line += word + " ";
        }
        INFO(line);
        CHECK_FALSE(parse(words));
    }
}

TEST_CASE("flat parse: a positional takes no more words than CLI11 gives it", "[frame]") {
    std::string single;
    std::vector<std::string> pair;
    const auto rows = std::vector<OptionRow>{
        positional(ValueKind::text, "version", single, "one").require(),
        positional(ValueKind::text, "pair", pair, "two").repeat().require().takes(2, 2),
    };
    const std::vector<const OptionRow*> pointers = {&rows[0], &rows[1]};
    CHECK_FALSE(flat_parse(pointers, {"a", "b"}));           // too few for the pair
    CHECK_FALSE(flat_parse(pointers, {"a", "b", "c", "d"})); // one word too many
    REQUIRE(flat_parse(pointers, {"a", "b", "c"}));
    CHECK(single == "a");
    CHECK(pair == std::vector<std::string>{"b", "c"});
}
