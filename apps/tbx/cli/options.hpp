#pragma once
// Option helpers shared by command files; include only from .cpp files that use CLI11 anyway.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

namespace tbx::cli {

/// Adds an option whose value is one of `choices` (name -> value), case-sensitively. The type
/// name becomes "VALUE:{a,b,c}" in the order given, which help and the docs generator show.
template <class T>
CLI::Option* add_choice_option(CLI::App& app, const std::string& name, T& variable,
                               const std::vector<std::pair<std::string, T>>& choices,
                               const std::string& description,
                               const std::string& value_name = "VALUE") {
    std::map<std::string, T> table(choices.begin(), choices.end());
    std::vector<std::string> names;
    std::string type_name = value_name + ":{";
    for (std::size_t i = 0; i < choices.size(); ++i) {
        names.push_back(choices[i].first);
        type_name += (i == 0 ? "" : ",") + choices[i].first;
    }
    type_name += "}";
    // A string option checked by IsMember gives the clearest message: "bogus not in {a,b}".
    auto* option = app.add_option_function<std::string>(
        name, [&variable, table](const std::string& value) { variable = table.at(value); },
        description);
    option->check(CLI::IsMember(names).description(""))->type_name(type_name);
    return option;
}

} // namespace tbx::cli
