#pragma once
// util-linux whereis(1) (2.38): locate the binary, manual and source files of a command by
// scanning a fixed list of standard directories plus $PATH and $MANPATH, in the same order and
// with the same name rules, so the lines printed are whereis's own.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tbx::find {

/// Names the kinds of file whereis looks for; values combine as a bit mask.
enum class WhereKind : std::uint8_t {
    binary = 1, ///< -b
    manual = 2, ///< -m (man pages, compressed or not, and info files)
    source = 4, ///< -s
};

/// Holds a set of WhereKind values.
using WhereMask = std::uint8_t;
/// Selects every kind, whereis's default.
inline constexpr WhereMask k_where_all = 7;

/// Returns the mask bit of one kind.
constexpr WhereMask where_bit(WhereKind kind) {
    return static_cast<WhereMask>(kind);
}

/// Describes one directory whereis scans.
struct WhereDir {
    WhereKind kind = WhereKind::binary;
    std::string path; ///< canonical (symlinks resolved), as whereis prints it
};

/// Configures the directory list: the environment is passed in, not read.
struct WhereisOptions {
    std::string path_env;    ///< $PATH (binaries)
    std::string manpath_env; ///< $MANPATH (manuals); empty when unset
    /// Multiarch triplet of the standard library directories ("x86_64-linux-gnu"); empty for
    /// none. Defaults to the one this binary was built for.
    std::string multiarch = default_multiarch();

    /// Returns the build's multiarch triplet, as Debian's whereis has compiled in.
    static std::string default_multiarch();
};

/// Lists the directories to scan, in whereis's order (`whereis -l`): the standard binary
/// directories, $PATH, the manual directories (with `*` expanded in directory order),
/// $MANPATH, the source directories. Unreadable, missing and duplicate (same device and inode,
/// same kind) directories are left out.
std::vector<WhereDir> whereis_directories(const WhereisOptions& options);

/// Describes what was found for one name.
struct WhereisResult {
    std::string name;               ///< the name after its last '/', as whereis prints it
    std::vector<std::string> paths; ///< dir/entry in scan order (directory order within each)
    std::vector<WhereKind> kinds;   ///< the kind of each path's directory
};

/// Returns true when directory entry `entry` is a hit for `name` in a directory of `kind`:
/// equal; for manuals and sources also `name.section[.compression]` (e.g. "cat.1.gz"); for
/// sources also SCCS "s.name".
bool whereis_name_matches(std::string_view name, std::string_view entry, WhereKind kind);

/// Looks `name` (anything up to its last '/' is dropped) up in the directories of the kinds
/// in `mask`.
WhereisResult whereis_lookup(std::string_view name, const std::vector<WhereDir>& dirs,
                             WhereMask mask = k_where_all);

} // namespace tbx::find
