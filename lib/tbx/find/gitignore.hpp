#pragma once
// git's ignore rules (.gitignore at every level, .git/info/exclude, core.excludesFile) and
// ripgrep's .ignore files, for commands that walk a directory tree: subst, and find's
// --gitignore. Paths are relative to the top of the work tree, '/'-separated, without "./".

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tbx::find {

/// Tells what the ignore rules say about a path.
enum class IgnoreVerdict {
    none,    ///< no rule matches it
    ignored, ///< the last matching rule ignores it
    included ///< the last matching rule is a negation (!pattern)
};

/// Holds the rules of one ignore file, in gitignore syntax.
class IgnoreFile {
public:
    /// Parses `text`, the content of an ignore file in directory `base` (relative to the top
    /// of the work tree: "" for the top, else "dir/sub/"). Blank lines and # comments are
    /// skipped; ! negates, a trailing / matches directories only, a / elsewhere anchors the
    /// pattern to `base`; * ? [...] do not match '/', ** matches across directories.
    static IgnoreFile parse(std::string_view text, std::string base = {});

    /// Returns the verdict of the last rule that matches `path` (relative to the top of the
    /// work tree), or none; paths outside `base` match nothing.
    [[nodiscard]] IgnoreVerdict match(std::string_view path, bool is_directory) const;

    /// Returns true when the file has no rule.
    [[nodiscard]] bool empty() const { return m_rules.empty(); }

    /// Returns the directory the rules are relative to.
    [[nodiscard]] const std::string& base() const { return m_base; }

private:
    struct Rule {
        std::string pattern;
        bool negated = false;
        bool directory_only = false;
        bool anchored = false; ///< matched against the path below base, else the last name
    };
    std::vector<Rule> m_rules;
    std::string m_base;
};

/// Returns true when `text` matches the gitignore glob `pattern` (git's wildmatch with
/// WM_PATHNAME: * ? and [...] stop at '/', "**/", "/**" and "/**/" cross directories).
bool wildmatch(std::string_view pattern, std::string_view text);

/// Chooses which ignore files are read.
struct IgnoreOptions {
    bool git = true;        ///< .gitignore files, .git/info/exclude, core.excludesFile
    bool dot_ignore = true; ///< .ignore files (ripgrep's), also outside a git work tree
    std::string home;       ///< $HOME, for ~/.gitconfig and ~/.config/git/ignore
    std::string xdg_config; ///< $XDG_CONFIG_HOME; empty: $HOME/.config
};

/// Follows the ignore files that apply during a depth-first walk of one directory: call
/// enter() for each directory before checking its entries with ignored(). git's rules apply
/// inside a git work tree only (as ripgrep does); a deeper file wins over a shallower one,
/// .ignore over .gitignore, and both over .git/info/exclude and core.excludesFile. An ignored
/// directory is not entered, so nothing under it can be included again (as in git).
class IgnoreStack {
public:
    /// Prepares for a walk of directory `root` (a path as given, e.g. "." or "src/"): finds
    /// the enclosing work tree (the nearest directory with a .git), reads its global and
    /// repository excludes and the ignore files of the directories from its top down to root.
    static IgnoreStack open(const std::string& root, const IgnoreOptions& options);

    /// Reads the ignore files of `directory`, given relative to the walk's root ("" for the
    /// root itself, else "a/b"); the directories entered must follow a depth-first order.
    void enter(std::string_view directory);

    /// Returns true when `path` (relative to the walk's root) is ignored.
    [[nodiscard]] bool ignored(std::string_view path, bool is_directory);

    /// Returns the verdict of the rules read so far on `path`, given relative to the top of
    /// the work tree, without leaving any directory: for one stack opened (and entered at "")
    /// once and then shared by threads, which keep the deeper files themselves (IgnoreScope).
    [[nodiscard]] IgnoreVerdict verdict(std::string_view path, bool is_directory) const;

    /// Returns the walk's root relative to the work tree's top ("" or "a/b/").
    [[nodiscard]] const std::string& prefix() const { return m_prefix; }

    /// Reads the ignore files of one directory (`on_disk`, as it can be opened) whose path
    /// relative to the work tree's top is `base` ("" or "a/b/"), as enter() does.
    [[nodiscard]] std::vector<IgnoreFile> read_files(const std::string& on_disk,
                                                     const std::string& base) const;

private:
    IgnoreOptions m_options;
    std::string m_root;               ///< the walk's root, with a trailing '/'
    std::string m_prefix;             ///< the root relative to the work tree's top ("" or "a/b/")
    bool m_in_git = false;            ///< the root is inside a git work tree
    std::vector<IgnoreFile> m_global; ///< core.excludesFile, then .git/info/exclude
    std::vector<IgnoreFile> m_stack;  ///< .gitignore and .ignore files, shallow to deep
    std::string m_scratch;

    void read_directory(const std::string& on_disk, const std::string& base);
    void pop_to(std::string_view base);
};

/// Returns the path git's core.excludesFile names in the git config files under `options`
/// ($XDG_CONFIG_HOME/git/config, ~/.gitconfig), else $XDG_CONFIG_HOME/git/ignore.
std::string global_excludes_file(const IgnoreOptions& options);

} // namespace tbx::find
