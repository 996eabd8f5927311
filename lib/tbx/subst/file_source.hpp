#pragma once
// Which files a directory argument stands for: a recursive listing filtered by --include,
// --exclude and --hidden. Kept behind this small interface so the walker underneath can be
// swapped (it is find's parallel getdents64 walker and glob matcher).

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::subst {

/// Chooses whether names starting with '.' are listed.
enum class HiddenFiles { skip, include };

/// Filters the files of a recursive listing.
struct FileFilter {
    /// A file is listed only when its name (or, for a glob with '/', its path relative to the
    /// root) matches one of these; empty: every file.
    std::vector<std::string> include;
    /// Files and directories matching one of these are left out (directories are not entered).
    std::vector<std::string> exclude;
    HiddenFiles hidden = HiddenFiles::skip;
    /// Skip what git ignores (.gitignore files, .git/info/exclude, core.excludesFile, inside a
    /// git work tree) and what .ignore files name.
    bool respect_ignore_files = true;
    /// $HOME and $XDG_CONFIG_HOME, where git's global excludes file is looked up.
    std::string home;
    std::string xdg_config;
};

/// Counts what a listing left out.
struct ListingCounts {
    std::size_t ignored = 0; ///< files and directories left out by ignore files
    std::size_t hidden = 0;  ///< files and directories left out for a name starting with '.'
};

/// Lists the regular files under directory `root` that pass `filter`, calling `emit` with
/// each path (root joined with "/") and `on_error` for each directory or entry that cannot be
/// read. Symlinks below the root are not followed; version-control directories (.git, .hg,
/// .svn) are never entered. Fails with ErrorKind::invalid_argument for an empty glob. The
/// order is deterministic: depth first, each directory's entries in byte order of names.
/// Returns how many entries the ignore files and the hidden rule left out.
Result<ListingCounts> list_files(const std::string& root, const FileFilter& filter,
                                 const std::function<void(std::string)>& emit,
                                 const std::function<void(const Error&)>& on_error);

} // namespace tbx::subst
