#pragma once
// The command tree as the docs generators see it: built from the rows (and, for CLI11's own
// options such as --help-all, from CLI11) by docgen.cpp; rendered as man pages there and as
// completions in completions.cpp.

#include <functional>
#include <string>
#include <vector>

#include "cli/command.hpp"

namespace tbx::cli {

/// Says what the generators need to know about one option.
struct OptionInfo {
    std::vector<std::string> names; ///< "-n", "--name"; empty for positionals
    std::string value_name;         ///< "GLOB"; empty for flags
    std::string description;
    std::vector<std::string> choices;
    std::vector<std::string> aliases; ///< older spellings of choices, still accepted
    std::string kind; ///< flag | text | number | choice | file | dir | command | executable
    std::string hint; ///< file | dir | command | executable | empty
    bool positional = false;
    bool repeatable = false;
    bool optional_value = false; ///< the value, if any, is attached: "--sort=KEY"
};

/// Describes one node of the command tree: "find", "semver", "semver check".
struct CommandInfo {
    std::string path; ///< words after "tbx"
    std::string summary;
    std::vector<OptionInfo> options;
    std::vector<CommandInfo> children;
    const Command* command = nullptr; ///< the registry row this node belongs to
};

/// Calls `visit` on `node` and every node below it, parents first.
void walk(const CommandInfo& node, const std::function<void(const CommandInfo&)>& visit);

/// Returns the last words of `node`'s children's paths: "check resolve ...".
std::string words_of_children(const CommandInfo& node);

/// Returns the bash completion script for the tree under `root`.
std::string bash_completion(const CommandInfo& root);

/// Returns the zsh completion script for the tree under `root`.
std::string zsh_completion(const CommandInfo& root);

/// Returns the fish completion script for the tree under `root`.
std::string fish_completion(const CommandInfo& root);

} // namespace tbx::cli
