#pragma once
// One row per option: the single declaration that the parser, the argv rewriters, --help, the
// man pages, the completions and "did you mean" all read. Keep CLI11 out of this header: the
// builders that bind a row to a variable live in cli/options.hpp.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace tbx::cli {

/// Says what an option's value is: how it parses, documents and completes.
enum class ValueKind {
    flag,       ///< no value
    text,       ///< any text; completes nothing
    number,     ///< a number (or a size, a duration); completes nothing
    choice,     ///< one of the row's choices; completes them
    file,       ///< a path; completes files
    dir,        ///< a directory; completes directories
    command,    ///< a command line: a program name, then its own arguments (files)
    executable, ///< a program: a name on PATH or a path
};

/// Returns "flag", "text", ... as `__generate json` and the completions name the kind.
const char* kind_name(ValueKind kind);

/// Names one accepted value of a choice option.
struct ChoiceName {
    std::string name;
    bool alias = false; ///< an older spelling: accepted, not listed
};

/// Declares one option or positional argument of a command.
struct OptionRow {
    std::string long_name;  ///< "--width"; a positional's name ("text") has no dashes
    std::string short_name; ///< "-w" or ""
    ValueKind kind = ValueKind::flag;
    std::string value_name; ///< "N", "WHEN"; empty for flags
    std::string help;
    std::string group;   ///< the --help section; "" = CLI11's default
    bool hidden = false; ///< accepted, but left out of --help, man pages and completions
    bool repeatable = false;
    bool list = false; ///< the value is a list: a positional then takes every word left
    bool required = false;
    std::vector<ChoiceName> choices; ///< kind choice: the accepted names, in help order
    std::optional<std::pair<double, double>> range; ///< kind number: inclusive bounds
    std::vector<std::string> excludes;        ///< long names this option cannot be combined with
    std::optional<std::pair<int, int>> words; ///< a positional's word count {min, max}; -1 = any
    /// A single-dash spelling of the same option, read by the command's own parser (find's
    /// "-name" for --name; "-exec" for a row that has no other name). The docs, completions
    /// and suggestions list it; CLI11 never sees it.
    std::string single_dash;
    bool optional_value = false; ///< the value may be left out ("--sort" or "--sort=KEY")
    /// Read by the command from its positional words (find's expression), not by CLI11: the
    /// argv rewriter passes it on with its value, the docs list it.
    bool expression = false;
    /// Adds the CLI11 option that stores the value (set by the builders in cli/options.hpp);
    /// empty for a row only the command's own parser reads (`.single_dash` names it).
    std::function<CLI::Option*(CLI::App&, const OptionRow&)> bind;
    /// Stores the values given for the row without CLI11 (cli/flat_parse.hpp): every value in
    /// order, one "" per flag given. Returns false for a value the row does not take; empty for
    /// a row only CLI11 stores (a number: CLI11's conversions decide what it reads).
    std::function<bool(const std::vector<std::string>& values)> store;

    /// Returns true for a positional argument.
    [[nodiscard]] bool positional() const {
        return !long_name.empty() && !long_name.starts_with("-");
    }
    /// Returns true when the option takes a value (every positional does).
    [[nodiscard]] bool takes_value() const { return kind != ValueKind::flag; }
    /// Returns true when the option reads the next word as its value ("--width 9").
    [[nodiscard]] bool needs_value() const { return takes_value() && !optional_value; }
    /// Returns true when `name` is one of the row's names (long, short or single-dash).
    [[nodiscard]] bool named(std::string_view name) const {
        return !name.empty() && (name == long_name || name == short_name || name == single_dash);
    }
    /// Returns "-w,--width" (or "text") as CLI11 spells the names.
    [[nodiscard]] std::string cli_names() const;
    /// Returns the listed (non-alias) choice names.
    [[nodiscard]] std::vector<std::string> choice_names() const;

    /// Marks the option as allowed more than once (each occurrence takes one value).
    OptionRow& repeat() {
        repeatable = true;
        return *this;
    }
    /// Marks the option or argument as required.
    OptionRow& require() {
        required = true;
        return *this;
    }
    /// Hides the option from help, man pages and completions (it is still accepted).
    OptionRow& hide() {
        hidden = true;
        return *this;
    }
    /// Limits a number to [low, high].
    OptionRow& within(double low, double high) {
        range = std::make_pair(low, high);
        return *this;
    }
    /// Refuses the option together with `other` ("--no-python").
    OptionRow& exclude(std::string other) {
        excludes.push_back(std::move(other));
        return *this;
    }
    /// Takes between `low` and `high` words (-1: no limit), for a positional of a list type.
    OptionRow& takes(int low, int high) {
        words = std::make_pair(low, high);
        return *this;
    }
    /// Lets the value be left out; given, it is attached: `--sort` or `--sort=KEY`.
    OptionRow& optional() {
        optional_value = true;
        return *this;
    }
    /// Gives the option a single-dash spelling that the command's own parser reads ("-name").
    OptionRow& spelled(std::string name) {
        single_dash = std::move(name);
        return *this;
    }
    /// Marks the option as part of the command's expression (see `expression`).
    OptionRow& in_expression() {
        expression = true;
        return *this;
    }
    /// Puts the option in a --help section of its own.
    OptionRow& in_group(std::string name) {
        group = std::move(name);
        return *this;
    }
};

/// Keeps the rows declared on every App of the tree, for the docs, rewriters and suggestions.
class RowTable {
public:
    /// Records `row`, declared on `app` as `option`.
    void add(const CLI::App* app, const CLI::Option* option, OptionRow row);
    /// Returns the rows declared on `app`, in declaration order.
    [[nodiscard]] std::vector<const OptionRow*> rows_of(const CLI::App* app) const;
    /// Returns the row `option` was declared from, or nullptr (CLI11's own, such as --help-all).
    [[nodiscard]] const OptionRow* row_of(const CLI::Option* option) const;
    /// Returns the rows declared on `app` without a CLI11 option (read by the command's own
    /// parser, such as find's `-exec`), in declaration order.
    [[nodiscard]] std::vector<const OptionRow*> unbound_rows_of(const CLI::App* app) const;

private:
    struct Entry {
        const CLI::App* app;
        const CLI::Option* option;
        std::unique_ptr<OptionRow> row;
    };
    std::vector<Entry> m_entries;
};

/// Says how a command's words are ordered before CLI11 parses them.
enum class ArgOrder {
    as_typed,      ///< leave the words as typed
    options_first, ///< options anywhere; every other word (even "-5") is positional
    command_last,  ///< the first positional word starts a command line that is not parsed
};

/// Moves the options in `args` (known from `rows`) to the front spelled `--name=value`, and
/// puts "--" before the other words, so that positionals may start with '-' ("-f -", "-5").
/// An explicit "--" makes every later word positional. A valued option at the very end comes
/// last, without the positionals (CLI11 then reports its missing value); an unknown "--word"
/// leaves every word as typed (CLI11 then names only the typo). `-h` and `--help` are flags.
std::vector<std::string> options_first(const std::vector<const OptionRow*>& rows,
                                       std::vector<std::string> args);

/// Inserts "--" before the first word that is neither an option of `rows` nor an option's
/// value, so that the command line starting there keeps its own options (`memprof make -j8`).
/// Leaves `args` alone when they hold "--" already or start with one of `children`.
std::vector<std::string> command_last(const std::vector<const OptionRow*>& rows,
                                      const std::vector<std::string>& children,
                                      std::vector<std::string> args);

} // namespace tbx::cli
