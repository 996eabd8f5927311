#pragma once
// Rewrites CLI11's parse errors into the house form "<what> (<value>)".

#include <string>
#include <vector>

namespace CLI {
class App;
class ParseError;
} // namespace CLI

namespace tbx::cli {

/// Returns the message for `error` in the house form, e.g. "invalid value for --maxdepth (abc)"
/// for CLI11's "Could not convert: --maxdepth = abc". `scope` is the App whose options were
/// being parsed: unknown options are matched against its names for a "did you mean" hint, and
/// a missing subcommand lists its subcommands. `args` are the words typed after the command:
/// an unknown option among them is reported before a missing required argument. Texts CLI11
/// did not write pass through with a lower-case first letter.
std::string house_message(const CLI::ParseError& error, const CLI::App& scope,
                          const std::vector<std::string>& args);

/// Returns "; did you mean 'NAME'?" for the option or word nearest `word` in `names`, or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& names);

} // namespace tbx::cli
