#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>

#include "cli/declare.hpp"

namespace tbx::cli {

namespace {

// Accepts a choice's names and aliases; the message lists the names only, as the docs do, and
// names the option itself: CLI11 leaves the name out for a hidden option.
CLI::Validator choice_validator(const OptionRow& row) {
    std::vector<std::string> accepted;
    for (const auto& entry : row.choices) {
        accepted.push_back(entry.name);
    }
    std::string listed;
    for (const auto& name : row.choice_names()) {
        listed += (listed.empty() ? "" : ",") + name;
    }
    const std::string prefix = row.long_name + " must be one of {" + listed + "} (";
    return CLI::Validator(
        [accepted, prefix](std::string& value) -> std::string {
            if (std::find(accepted.begin(), accepted.end(), value) != accepted.end()) {
                return {};
            }
            return prefix + value + ")";
        },
        "");
}

} // namespace

template <class T>
CLI::Option* bind_value(CLI::App& app, const OptionRow& row, T& target) {
    return app.add_option(row.cli_names(), target, row.help);
}

// The types rows store; a row of another type fails to link, and gets its line here.
template CLI::Option* bind_value(CLI::App&, const OptionRow&, std::string&);
template CLI::Option* bind_value(CLI::App&, const OptionRow&, std::vector<std::string>&);
template CLI::Option* bind_value(CLI::App&, const OptionRow&, std::optional<std::string>&);
template CLI::Option* bind_value(CLI::App&, const OptionRow&, unsigned&);
template CLI::Option* bind_value(CLI::App&, const OptionRow&, unsigned long&);
template CLI::Option* bind_value(CLI::App&, const OptionRow&, std::optional<long long>&);
template CLI::Option* bind_value(CLI::App&, const OptionRow&, double&);

CLI::Option* bind_text(CLI::App& app, const OptionRow& row,
                       std::function<void(const std::string&)> store) {
    return app.add_option_function<std::string>(row.cli_names(), std::move(store), row.help);
}

RowTable& row_table(const CLI::App& app) {
    const CLI::App* root = &app;
    while (root->get_parent() != nullptr) {
        root = root->get_parent();
    }
    // The frame creates every tree's root as a RootApp (build_app_tree).
    auto* tree_root = dynamic_cast<const RootApp*>(root);
    if (tree_root == nullptr) {
        throw std::logic_error("an App outside the tbx tree declares rows");
    }
    return const_cast<RootApp*>(tree_root)->rows;
}

OptionRow make_row(const std::string& names, ValueKind kind, std::string value_name,
                   std::string help) {
    OptionRow row;
    std::string rest = names;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string name = rest.substr(0, comma);
        rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
        const bool is_short = name.size() == 2 && name[0] == '-';
        (is_short ? row.short_name : row.long_name) = name;
    }
    row.kind = kind;
    row.value_name = kind == ValueKind::flag ? "" : std::move(value_name);
    row.help = std::move(help);
    return row;
}

OptionRow flag(const std::string& names, bool& target, std::string help) {
    OptionRow row = make_row(names, ValueKind::flag, "", std::move(help));
    row.bind = [&target](CLI::App& app, const OptionRow& self) {
        return app.add_flag(self.cli_names(), target, self.help);
    };
    row.store = [&target](const std::vector<std::string>& values) {
        target = !values.empty();
        return true;
    };
    return row;
}

OptionRow flag_setting(const std::string& names, bool& target, bool value, std::string help) {
    OptionRow row = make_row(names, ValueKind::flag, "", std::move(help));
    row.bind = [&target, value](CLI::App& app, const OptionRow& self) {
        return app
            .add_flag_callback(
                self.cli_names(), [&target, value] { target = value; }, self.help)
            ->trigger_on_parse();
    };
    return row;
}

void declare(CLI::App& app, std::vector<OptionRow> rows) {
    RowTable& table = row_table(app);
    std::map<std::string, CLI::Option*> declared;
    for (auto& row : rows) {
        if (!row.bind) {
            table.add(&app, nullptr, std::move(row)); // the command's own parser reads it
            continue;
        }
        CLI::Option* option = row.bind(app, row);
        if (row.takes_value() && !row.positional()) {
            // --help shows the choices too; the docs read them from the row.
            std::string listed;
            for (const auto& name : row.choice_names()) {
                listed += (listed.empty() ? "" : ",") + name;
            }
            const std::string value =
                row.optional_value ? "[=" + row.value_name + "]" : row.value_name;
            option->type_name(listed.empty() ? value : value + ":{" + listed + "}");
        }
        if (row.optional_value) {
            option->expected(0, 1)->allow_extra_args(false);
        }
        if (row.kind == ValueKind::choice) {
            option->check(choice_validator(row));
        }
        if (row.range) {
            option->check(CLI::Range(row.range->first, row.range->second).description(""));
        }
        if (row.repeatable && !row.positional()) {
            // Each occurrence takes one value: `--gpu a --gpu b`, never `--gpu a b`.
            option->expected(1)
                ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
                ->allow_extra_args(false);
        }
        if (row.words) {
            option->expected(row.words->first, row.words->second);
        }
        if (row.required) {
            option->required();
        }
        if (row.hidden) {
            option->group("");
        } else if (!row.group.empty()) {
            option->group(row.group);
        }
        declared[row.long_name] = option;
        table.add(&app, option, std::move(row));
    }
    for (const OptionRow* row : table.rows_of(&app)) {
        if (declared.count(row->long_name) == 0) {
            continue; // declared by an earlier call
        }
        for (const auto& other : row->excludes) {
            declared.at(row->long_name)->excludes(declared.at(other));
        }
    }
}

} // namespace tbx::cli
