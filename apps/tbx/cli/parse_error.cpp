#include "cli/parse_error.hpp"

#include <algorithm>
#include <regex>

#include <CLI/CLI.hpp>

#include <tbx/core/strings.hpp>

#include "cli/declare.hpp"

namespace tbx::cli {

namespace {

// One row per CLI11 message shape: its pattern and the house text built from the captures
// ($1, $2, ... as std::regex_replace fills them in). Rows are tried in order.
struct Rewrite {
    const char* pattern;
    const char* house;
};

const Rewrite k_rewrites[] = {
    {R"(\S*: (\S+ must be one of \{.*\} \(.*\)))", "$1"}, // a row's choice check: the house text
    {R"(Could not convert: (\S+) = (.*))", "invalid value for $1 ($2)"},
    {R"(The value (.*) is not an allowed value for (\S+))", "invalid value for $2 ($1)"},
    {R"((\S+): Value (.*) could not be converted.*)", "invalid value for $1 ($2)"},
    {R"((\S+): (.*) not in \{(.*)\})", "$1 must be one of {$3} ($2)"},
    {R"((\S+): \d+ required ([^: ]+).* missing)", "missing value for $1 ($2)"},
    {R"((\S+): too many inputs for a flag)", "$1 takes no value"},
    {R"((\S+): Should be true/false or a number)", "$1 takes no value"},
    {R"(Expected exactly (\d+) arguments to (\S+), got (\d+))", "$2 takes $1 values (got $3)"},
    {R"(Expected at least (\d+) arguments to (\S+), got (\d+))",
     "$2 takes at least $1 values (got $3)"},
    {R"((\S+): At least (\d+) required but received (\d+))",
     "$1 takes at least $2 values (got $3)"},
    {R"((\S+): At Most (\d+) required but received (\d+))", "$1 takes at most $2 values (got $3)"},
    {R"((\S+) requires (\S+))", "$1 needs $2"},
    {R"((\S+) excludes (\S+))", "$1 cannot be combined with $2"},
    {R"((-\S+) is required)", "missing required option ($1)"},
    {R"((\S+) is required)", "missing required argument ($1)"},
};

// Lists the option names of `app`, nested option groups and subcommands included: the names
// of its rows (hidden ones only when `hidden` says so: they are accepted, never suggested), and
// of options declared the old way.
void collect_option_names(const CLI::App& app, std::vector<std::string>& names,
                          bool hidden = false) {
    const RowTable& table = row_table(app);
    for (const CLI::Option* option : app.get_options()) {
        if (const OptionRow* row = table.row_of(option)) {
            for (const auto* name : {&row->long_name, &row->short_name, &row->single_dash}) {
                if ((hidden || !row->hidden) && !row->positional() && !name->empty()) {
                    names.push_back(*name);
                }
            }
            continue;
        }
        for (const auto& name : option->get_lnames()) {
            names.push_back("--" + name);
        }
        for (const auto& name : option->get_snames()) {
            names.push_back("-" + name);
        }
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        collect_option_names(*sub, names, hidden);
    }
}

std::vector<std::string> visible_subcommands(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (!sub->get_name().empty() && !sub->get_group().empty()) {
            names.push_back(sub->get_name());
        }
    }
    return names;
}

// "The following arguments were not expected: --bogus extra" names unknown options and
// surplus words; each gets its own clause, options with the nearest known name.
std::string extras_message(const std::string& text, const CLI::App& scope) {
    const auto colon = text.find(": ");
    std::vector<std::string> names;
    collect_option_names(scope, names);
    std::string message;
    for (auto word : core::split(std::string_view(text).substr(colon + 2), ' ')) {
        if (word.empty()) {
            continue;
        }
        const bool option = word.size() > 1 && word[0] == '-';
        const std::string name(option ? word.substr(0, word.find('=')) : word);
        message += (message.empty() ? "" : "; ") +
                   (option ? "unknown option (" + name + ")" + did_you_mean(name, names)
                           : "unexpected argument (" + name + ")");
    }
    return message;
}

// Names the first long option in `args` that `scope` does not know, with a suggestion.
std::string unknown_long_options(const std::vector<std::string>& args, const CLI::App& scope) {
    std::vector<std::string> names;
    // A command's options (--json) are accepted after its subcommand too (fallthrough).
    for (const CLI::App* app = &scope; app != nullptr; app = app->get_parent()) {
        collect_option_names(*app, names, true);
    }
    for (const auto& arg : args) {
        if (arg == "--") {
            break;
        }
        const std::string name = arg.substr(0, arg.find('='));
        if (name.size() > 2 && name.starts_with("--") &&
            std::find(names.begin(), names.end(), name) == names.end() && name != "--help") {
            return "unknown option (" + name + ")" + did_you_mean(name, names);
        }
    }
    return {};
}

std::string missing_subcommand_message(const CLI::App& scope) {
    std::string list;
    for (const auto& name : visible_subcommands(scope)) {
        list += (list.empty() ? "" : ", ") + name;
    }
    const bool root = scope.get_parent() == nullptr;
    return std::string(root ? "missing command" : "missing subcommand") + " (" +
           (root ? "see 'tbx --help'" : "one of " + list) + ")";
}

// Finds the option called `name` ("--json") in `app` or its nameless option groups.
const CLI::Option* find_option(const CLI::App& app, const std::string& name) {
    for (const CLI::Option* option : app.get_options()) {
        if (option->check_name(name)) {
            return option;
        }
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_name().empty()) {
            if (const CLI::Option* option = find_option(*sub, name)) {
                return option;
            }
        }
    }
    return nullptr;
}

// "0.001000" -> "0.001", "3600.000000" -> "3600": CLI11 prints range bounds with to_string.
std::string short_number(const std::string& number) {
    if (number.find('.') == std::string::npos) {
        return number;
    }
    std::string out = number.substr(0, number.find_last_not_of('0') + 1);
    return out.back() == '.' ? out.substr(0, out.size() - 1) : out;
}

// Messages whose house form needs more than a pattern: flags given a value, range bounds.
std::string special_message(const std::string& text, const CLI::App& scope) {
    static const std::regex convert(R"(Could not convert: (\S+) = (.*))");
    static const std::regex range(R"((\S+): Value (.*) not in range (\S+) to (\S+))");
    std::smatch match;
    if (std::regex_match(text, match, convert)) {
        const CLI::Option* option = find_option(scope, match[1].str());
        if (option != nullptr && option->get_items_expected_max() == 0) {
            return match[1].str() + " takes no value (" + match[2].str() + ")";
        }
    } else if (std::regex_match(text, match, range)) {
        return match[1].str() + " must be from " + short_number(match[3].str()) + " to " +
               short_number(match[4].str()) + " (" + match[2].str() + ")";
    }
    return {};
}

// Lower-cases the first letter: CLI11 starts its sentences with a capital, diagnostics don't.
std::string lower_first(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') {
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    }
    return text;
}

} // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& names) {
    const std::string nearest = core::nearest_name(word, names);
    return nearest.empty() || nearest == word ? "" : "; did you mean '" + nearest + "'?";
}

std::string house_message(const CLI::ParseError& error, const CLI::App& scope,
                          const std::vector<std::string>& args) {
    const std::string text = error.what();
    if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
        // CLI11 checks required arguments before it reports unknown options, but a mistyped
        // option (`whereis --binarys`) is the better thing to report than what is then missing.
        if (auto unknown = unknown_long_options(args, scope); !unknown.empty()) {
            return unknown;
        }
    }
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr && text.find(": ") != text.npos) {
        return extras_message(text, scope);
    }
    if (text == "A subcommand is required") {
        return missing_subcommand_message(scope);
    }
    if (auto special = special_message(text, scope); !special.empty()) {
        return special;
    }
    for (const auto& rewrite : k_rewrites) {
        const std::regex pattern(rewrite.pattern);
        if (std::regex_match(text, pattern)) {
            return std::regex_replace(text, pattern, rewrite.house);
        }
    }
    return lower_first(text);
}

} // namespace tbx::cli
