#pragma once
// Row builders: a command's setup reads like a table, and keeps CLI11 out of the command's own
// file (cli/declare.hpp turns the rows into CLI11 options):
//
//   Plan{{
//       number("-w,--width", o->width, "N", "field width").within(0, k_max),
//       choice<Align>("--align", o->align, {{"left", Align::left}, ...}, "WHERE", "where"),
//       flag("--box", o->box, "draw a frame"),
//       positional(ValueKind::text, "text", o->words, "text to center").repeat(),
//   }, run};

#include <functional>
#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "cli/option_rows.hpp"

namespace tbx::cli {

/// Adds the CLI11 option that stores row's value in `target`, converted as CLI11 converts a
/// T; defined in options.cpp for each type a row stores (a string, a number, a list).
template <class T>
CLI::Option* bind_value(CLI::App& app, const OptionRow& row, T& target);

/// Adds the CLI11 option that hands row's value, as text, to `store`.
CLI::Option* bind_text(CLI::App& app, const OptionRow& row,
                       std::function<void(const std::string&)> store);

/// Builds a row without a binding: names ("-w,--width" or "text"), kind, value name, help.
OptionRow make_row(const std::string& names, ValueKind kind, std::string value_name,
                   std::string help);

/// Returns a flag row stored in `target`.
OptionRow flag(const std::string& names, bool& target, std::string help);

/// Returns a flag row that sets `target` to `value` as it is parsed, so that of two flags
/// setting the same target the last one given wins (`--rtl` / `--ltr`).
OptionRow flag_setting(const std::string& names, bool& target, bool value, std::string help);

/// Returns the flat parser's store for a text or list target; none for another type (a number,
/// an optional), which only CLI11 converts.
template <class T>
std::function<bool(const std::vector<std::string>&)> text_store(T& target) {
    if constexpr (std::is_same_v<T, std::string>) {
        return [&target](const std::vector<std::string>& values) {
            if (values.size() != 1) {
                return false;
            }
            target = values.front();
            return true;
        };
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        return [&target](const std::vector<std::string>& values) {
            target = values;
            return true;
        };
    } else {
        return {};
    }
}

/// Returns a valued row of `kind` stored in `target` (a string, number, optional or vector).
template <class T>
OptionRow valued(ValueKind kind, const std::string& names, T& target, std::string value_name,
                 std::string help) {
    OptionRow row = make_row(names, kind, std::move(value_name), std::move(help));
    row.bind = [&target](CLI::App& app, const OptionRow& self) {
        return bind_value(app, self, target);
    };
    row.store = text_store(target);
    row.list = std::is_same_v<T, std::vector<std::string>>;
    return row;
}

/// Returns a text row ("SEP", "GLOB") stored in `target`.
template <class T>
OptionRow text(const std::string& names, T& target, std::string value_name, std::string help) {
    return valued(ValueKind::text, names, target, std::move(value_name), std::move(help));
}

/// Returns a number row stored in `target`; bound it with `.within(low, high)`.
template <class T>
OptionRow number(const std::string& names, T& target, std::string value_name, std::string help) {
    return valued(ValueKind::number, names, target, std::move(value_name), std::move(help));
}

/// Returns a positional argument's row ("text", "spec"); `.repeat()` for several words.
template <class T>
OptionRow positional(ValueKind kind, const std::string& name, T& target, std::string help) {
    return valued(kind, name, target, name, std::move(help));
}

/// Names one value of a choice option and the enum value it maps to.
template <class E>
struct Choice {
    std::string name;
    E value;
    bool alias = false; ///< an older spelling: accepted, not listed
};

/// Returns a row whose value is one of `choices`, stored in `target` as the mapped value.
template <class E>
OptionRow choice(const std::string& names, E& target, const std::vector<Choice<E>>& choices,
                 std::string value_name, std::string help) {
    OptionRow row = make_row(names, ValueKind::choice, std::move(value_name), std::move(help));
    std::map<std::string, E> table;
    for (const auto& entry : choices) {
        row.choices.push_back({entry.name, entry.alias});
        table.emplace(entry.name, entry.value);
    }
    row.bind = [&target, table](CLI::App& app, const OptionRow& self) {
        return bind_text(app, self,
                         [&target, table](const std::string& value) { target = table.at(value); });
    };
    row.store = [&target, table](const std::vector<std::string>& values) {
        const auto found = values.size() == 1 ? table.find(values.front()) : table.end();
        if (found == table.end()) {
            return false;
        }
        target = found->second;
        return true;
    };
    return row;
}

} // namespace tbx::cli
