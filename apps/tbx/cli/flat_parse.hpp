#pragma once
// The flat parser: reads a plain command line straight from a command's rows, without building
// a CLI11 tree, so that a one-shot call (`tbx semver check ^1.2.3 1.4.0`) starts as fast as
// the check itself. It takes only what it reads exactly as CLI11 would and declines the rest
// (help, a typo, a repeated option, a missing value, a number): the frame then parses the same
// words with CLI11, which answers or names the problem.

#include <optional>
#include <string>
#include <vector>

#include "cli/option_rows.hpp"

namespace tbx::cli {

/// Reads `words` (the words after the command path) against `rows` and stores the values
/// through each row's `store`. Returns the long names of the options given, or nullopt when
/// the words need CLI11; the state the rows bind is then partly filled and must be dropped.
std::optional<std::vector<std::string>> flat_parse(const std::vector<const OptionRow*>& rows,
                                                   const std::vector<std::string>& words);

} // namespace tbx::cli
