#include "cli/flat_parse.hpp"

#include <algorithm>
#include <utility>

#include <climits>

namespace tbx::cli {

namespace {

// The values given for each row, in the order the rows were first given.
using Given = std::vector<std::pair<const OptionRow*, std::vector<std::string>>>;

std::vector<std::string>& values_of(Given& given, const OptionRow* row) {
    const auto it = std::find_if(given.begin(), given.end(),
                                 [row](const auto& entry) { return entry.first == row; });
    return it != given.end() ? it->second
                             : given.emplace_back(row, std::vector<std::string>{}).second;
}

const OptionRow* option_named(const std::vector<const OptionRow*>& rows, std::string_view name) {
    const auto it = std::find_if(rows.begin(), rows.end(), [name](const OptionRow* row) {
        return !row->positional() && (name == row->long_name || name == row->short_name);
    });
    return it == rows.end() ? nullptr : *it;
}

// Reads the option word at words[at] ("--name=value", "--name value", "-n value", "-nVALUE",
// a flag), advancing `at` past a value in the next word. Returns false to decline: an unknown
// name (--help included), clustered flags, a value that looks like an option or is empty.
bool read_option(const std::vector<const OptionRow*>& rows, const std::vector<std::string>& words,
                 std::size_t& at, Given& given) {
    const std::string& word = words[at];
    std::string name = word;
    std::optional<std::string> value;
    if (word.starts_with("--")) {
        if (const auto eq = word.find('='); eq != std::string::npos) {
            name = word.substr(0, eq);
            value = word.substr(eq + 1);
        }
    } else if (word.size() > 2) {
        name = word.substr(0, 2);
        value = word.substr(2);
    }
    const OptionRow* row = option_named(rows, name);
    if (row == nullptr || !row->store || row->optional_value || row->expression ||
        (row->list && !row->repeatable)) {
        return false; // CLI11 reads a list option's following words; the flat parser does not
    }
    if (!row->takes_value()) {
        values_of(given, row).emplace_back();
        return !value;
    }
    if (!value) {
        if (at + 1 >= words.size() || words[at + 1].starts_with('-')) {
            return false;
        }
        value = words[++at];
    }
    values_of(given, row).push_back(*value);
    return !value->empty() && !value->starts_with('=');
}

// Hands the positional words to the positional rows in order, each taking as many as it may.
// Returns false where CLI11 would spread them otherwise or refuse them: a list before another
// positional, an optional positional before a required one, too few or too many words.
bool read_positionals(const std::vector<const OptionRow*>& rows,
                      const std::vector<std::string>& words, Given& given) {
    std::size_t next = 0;
    bool optional_seen = false;
    bool list_seen = false;
    for (const OptionRow* row : rows) {
        if (!row->positional()) {
            continue;
        }
        const int low = row->words ? row->words->first : (row->required ? 1 : 0);
        const int high = row->words ? row->words->second : (row->list ? -1 : 1);
        if (list_seen || (optional_seen && low > 0) || !row->store) {
            return false;
        }
        optional_seen = optional_seen || low == 0;
        list_seen = high < 0;
        const std::size_t room = high < 0 ? SIZE_MAX : static_cast<std::size_t>(high);
        const std::size_t taken = std::min(room, words.size() - next);
        if (taken < static_cast<std::size_t>(std::max(low, row->required ? 1 : 0))) {
            return false;
        }
        if (taken > 0) {
            auto& values = values_of(given, row);
            values.assign(words.begin() + static_cast<long>(next),
                          words.begin() + static_cast<long>(next + taken));
        }
        next += taken;
    }
    return next == words.size();
}

// Returns false when CLI11 would refuse what was given: an option given twice that is not
// repeatable, two options that exclude each other, a required option left out.
bool consistent(const std::vector<const OptionRow*>& rows, const Given& given) {
    const auto was_given = [&given](std::string_view name) {
        return std::any_of(given.begin(), given.end(),
                           [name](const auto& entry) { return entry.first->long_name == name; });
    };
    for (const auto& [row, values] : given) {
        if (!row->positional() && values.size() > 1 && !row->repeatable) {
            return false;
        }
        if (std::any_of(row->excludes.begin(), row->excludes.end(), was_given)) {
            return false;
        }
    }
    return std::none_of(rows.begin(), rows.end(), [&](const OptionRow* row) {
        return row->required && !was_given(row->long_name);
    });
}

} // namespace

std::optional<std::vector<std::string>> flat_parse(const std::vector<const OptionRow*>& rows,
                                                   const std::vector<std::string>& words) {
    Given given;
    std::vector<std::string> positional_words;
    for (std::size_t at = 0; at < words.size(); ++at) {
        const std::string& word = words[at];
        if (word == "--") {
            positional_words.insert(positional_words.end(),
                                    words.begin() + static_cast<long>(at) + 1, words.end());
            break;
        }
        if (!word.starts_with('-')) {
            positional_words.push_back(word);
        } else if (word == "-" || !read_option(rows, words, at, given)) {
            return std::nullopt; // "-" and negative numbers: CLI11's own rules decide
        }
    }
    if (!read_positionals(rows, positional_words, given) || !consistent(rows, given)) {
        return std::nullopt;
    }
    std::vector<std::string> names;
    for (const auto& [row, values] : given) {
        if (!row->store(values)) {
            return std::nullopt;
        }
        names.push_back(row->long_name);
    }
    return names;
}

} // namespace tbx::cli
