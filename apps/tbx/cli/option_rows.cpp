#include "cli/option_rows.hpp"

#include <algorithm>

namespace tbx::cli {

namespace {

// Returns the named (non-positional) row spelled `name` ("-w" or "--width"), or nullptr.
const OptionRow* row_named(const std::vector<const OptionRow*>& rows, std::string_view name) {
    if (name.empty()) {
        return nullptr;
    }
    for (const OptionRow* row : rows) {
        if (!row->positional() && (row->long_name == name || row->short_name == name)) {
            return row;
        }
    }
    return nullptr;
}

// Returns the row of a short option with its value attached ("-w20", "-f="), or nullptr.
const OptionRow* attached_short(const std::vector<const OptionRow*>& rows, const std::string& arg) {
    if (arg.size() <= 2 || arg[0] != '-' || arg[1] == '-') {
        return nullptr;
    }
    const OptionRow* row = row_named(rows, arg.substr(0, 2));
    return row != nullptr && row->takes_value() ? row : nullptr;
}

} // namespace

const char* kind_name(ValueKind kind) {
    switch (kind) {
    case ValueKind::flag:
        return "flag";
    case ValueKind::text:
        return "text";
    case ValueKind::number:
        return "number";
    case ValueKind::choice:
        return "choice";
    case ValueKind::file:
        return "file";
    case ValueKind::dir:
        return "dir";
    case ValueKind::command:
        return "command";
    case ValueKind::executable:
        return "executable";
    }
    return "text";
}

std::string OptionRow::cli_names() const {
    if (short_name.empty()) {
        return long_name;
    }
    return long_name.empty() ? short_name : short_name + "," + long_name;
}

std::vector<std::string> OptionRow::choice_names() const {
    std::vector<std::string> names;
    for (const auto& entry : choices) {
        if (!entry.alias) {
            names.push_back(entry.name);
        }
    }
    return names;
}

void RowTable::add(const CLI::App* app, const CLI::Option* option, OptionRow row) {
    m_entries.push_back({app, option, std::make_unique<OptionRow>(std::move(row))});
}

std::vector<const OptionRow*> RowTable::rows_of(const CLI::App* app) const {
    std::vector<const OptionRow*> rows;
    for (const auto& entry : m_entries) {
        if (entry.app == app) {
            rows.push_back(entry.row.get());
        }
    }
    return rows;
}

std::vector<const OptionRow*> RowTable::unbound_rows_of(const CLI::App* app) const {
    std::vector<const OptionRow*> rows;
    for (const auto& entry : m_entries) {
        if (entry.app == app && entry.option == nullptr) {
            rows.push_back(entry.row.get());
        }
    }
    return rows;
}

const OptionRow* RowTable::row_of(const CLI::Option* option) const {
    for (const auto& entry : m_entries) {
        if (option != nullptr && entry.option == option) {
            return entry.row.get();
        }
    }
    return nullptr;
}

std::vector<std::string> options_first(const std::vector<const OptionRow*>& rows,
                                       std::vector<std::string> args) {
    std::vector<std::string> options;
    std::vector<std::string> positionals;
    bool unknown = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            positionals.insert(positionals.end(), args.begin() + static_cast<long>(i) + 1,
                               args.end());
            break;
        }
        const OptionRow* row = row_named(rows, arg);
        if (arg == "-h" || arg == "--help" || (row != nullptr && !row->needs_value())) {
            options.push_back(arg);
        } else if (row != nullptr && i + 1 < args.size()) {
            // CLI11 reads "--name=" as no value: an empty value goes as a word of its own.
            const std::string& value = args[++i];
            options.push_back(value.empty() ? row->long_name : row->long_name + "=" + value);
            if (value.empty()) {
                options.emplace_back();
            }
        } else if (row != nullptr) {
            // The value is missing: CLI11 says so when the option comes last, not before "--"
            // (which it would take as the value). Parsing fails anyway: drop the positionals.
            options.push_back(arg);
            return options;
        } else if (const OptionRow* attached = attached_short(rows, arg)) {
            options.push_back(attached->long_name + "=" + arg.substr(2));
        } else if (arg.starts_with("--")) {
            // "--width=9" and a flag given a value ("--box=1") go to CLI11 as typed; an
            // unknown long option is reported with a suggestion.
            unknown = unknown || row_named(rows, arg.substr(0, arg.find('='))) == nullptr;
            options.push_back(arg);
        } else {
            positionals.push_back(arg);
        }
    }
    if (unknown) {
        // Parsing fails anyway; leave the words as typed so the message names only the typo.
        return args;
    }
    if (!positionals.empty()) {
        options.emplace_back("--");
        options.insert(options.end(), positionals.begin(), positionals.end());
    }
    return options;
}

std::vector<std::string> command_last(const std::vector<const OptionRow*>& rows,
                                      const std::vector<std::string>& children,
                                      std::vector<std::string> args) {
    if (!args.empty() && std::find(children.begin(), children.end(), args[0]) != children.end()) {
        return args; // a subcommand (`memprof plot`); a program of that name runs after --
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            return args;
        }
        if (arg.size() > 1 && arg[0] == '-') {
            const OptionRow* row = row_named(rows, arg);
            if (row != nullptr && row->needs_value()) {
                ++i; // skip the option's value
            }
            continue;
        }
        args.insert(args.begin() + static_cast<std::ptrdiff_t>(i), "--");
        return args;
    }
    return args;
}

} // namespace tbx::cli
