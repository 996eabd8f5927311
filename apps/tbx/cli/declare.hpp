#pragma once
// Turns rows into CLI11 options: the one place the row builders (cli/options.hpp) meet CLI11.
// Included by the frame and by the commands that declare CLI11 children of their own.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/options.hpp"

namespace tbx::cli {

/// The root App of the tbx tree: it keeps the rows every App of the tree was declared from.
class RootApp : public CLI::App {
public:
    using CLI::App::App;
    RowTable rows; ///< read by the docs generator, the rewriters and the suggestions
};

/// Returns the row table of the tree `app` belongs to.
RowTable& row_table(const CLI::App& app);

/// Declares `rows` on `app` (CLI11 options, value names, choice checks, ranges, groups,
/// exclusions) and records them in the tree's row table.
void declare(CLI::App& app, std::vector<OptionRow> rows);

} // namespace tbx::cli
