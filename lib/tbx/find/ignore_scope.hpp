#pragma once
// git's ignore rules for a parallel walk (find --gitignore): the rules in force in each
// directory are kept per directory, not on one depth-first stack, so that any worker can ask
// about any entry in any order (post-order walks included).

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <tbx/find/gitignore.hpp>
#include <tbx/find/walker.hpp>

namespace tbx::find {

/// Holds the ignore rules in force inside one directory: its own ignore files, then its
/// parent's scope, down to the walk root's IgnoreStack (global excludes, the work tree's files
/// from its top to the root).
class IgnoreScope {
public:
    /// Returns the scope of a walk's root directory `root` (a path as given).
    static std::shared_ptr<const IgnoreScope> open_root(const std::string& root,
                                                        const IgnoreOptions& options);

    /// Returns the scope of `directory`, a child of `parent`'s directory: `on_disk` opens it,
    /// `relative` is its path below the walk's root ("a/b"). Reads its ignore files; a
    /// directory the parent's rules ignore yields a scope that ignores everything.
    static std::shared_ptr<const IgnoreScope>
    enter(const std::shared_ptr<const IgnoreScope>& parent, const std::string& on_disk,
          std::string_view relative);

    /// Returns true when `relative` (a path below the walk's root, in this scope's directory)
    /// is ignored, or lies in an ignored directory.
    [[nodiscard]] bool ignored(std::string_view relative, bool is_directory) const;

private:
    std::shared_ptr<const IgnoreStack> m_root;
    std::shared_ptr<const IgnoreScope> m_parent; ///< null for the root's scope
    std::vector<IgnoreFile> m_files;             ///< this directory's own ignore files
    bool m_everything = false;                   ///< the directory itself is ignored

    [[nodiscard]] IgnoreVerdict verdict(std::string_view from_top, bool is_directory) const;
};

/// Answers "is this entry ignored?" for every entry of a walk, from any worker: remembers
/// each directory's scope (built when its first entry is asked about) and, per worker, the
/// last one used (a directory's entries come to one worker in a row).
class WalkIgnores {
public:
    /// Prepares for a walk of `roots` with `workers` workers.
    WalkIgnores(const std::vector<std::string>& roots, const IgnoreOptions& options,
                unsigned workers);

    /// Returns true when `entry` (below its root: depth > 0) is ignored.
    [[nodiscard]] bool ignored(const Entry& entry);

private:
    struct alignas(64) Recent {
        std::string directory;
        std::shared_ptr<const IgnoreScope> scope;
    };
    std::vector<std::string> m_roots;
    std::vector<std::shared_ptr<const IgnoreScope>> m_root_scopes;
    std::vector<Recent> m_recent; ///< per worker
    std::mutex m_mutex;           ///< guards m_scopes
    std::unordered_map<std::string, std::shared_ptr<const IgnoreScope>> m_scopes;

    std::shared_ptr<const IgnoreScope> scope_of(std::size_t root_index, std::string_view directory);
    [[nodiscard]] std::string_view below_root(std::size_t root_index, std::string_view path) const;
};

} // namespace tbx::find
