#include <optional>

#include <tbx/find/gitignore.hpp>
#include <tbx/find/glob.hpp>
#include <tbx/find/walker.hpp>
#include <tbx/subst/file_source.hpp>

namespace tbx::subst {

namespace {

/// Holds the compiled globs of a FileFilter, each tagged with what it is matched against.
struct CompiledGlob {
    find::Glob glob;
    bool whole_path = false; ///< a glob with '/' matches the path relative to the root
};

Result<std::vector<CompiledGlob>> compile_all(const std::vector<std::string>& patterns) {
    std::vector<CompiledGlob> compiled;
    compiled.reserve(patterns.size());
    for (const std::string& pattern : patterns) {
        auto glob = find::Glob::compile(pattern);
        if (!glob) {
            return tl::unexpected(glob.error());
        }
        const bool whole_path = glob->contains_slash();
        compiled.push_back({std::move(*glob), whole_path});
    }
    return compiled;
}

bool matches_any(const std::vector<CompiledGlob>& globs, std::string_view name,
                 std::string_view relative) {
    for (const CompiledGlob& compiled : globs) {
        if (compiled.glob.matches(compiled.whole_path ? relative : name)) {
            return true;
        }
    }
    return false;
}

bool is_vcs_directory(std::string_view name) {
    return name == ".git" || name == ".hg" || name == ".svn";
}

class Lister final : public find::Visitor {
public:
    Lister(std::size_t prefix, const std::vector<CompiledGlob>& include,
           const std::vector<CompiledGlob>& exclude, HiddenFiles hidden,
           std::optional<find::IgnoreStack>& ignores, const std::function<void(std::string)>& emit,
           const std::function<void(const Error&)>& on_error)
        : m_prefix(prefix), m_include(include), m_exclude(exclude), m_hidden(hidden),
          m_ignores(ignores), m_emit(emit), m_on_error(on_error) {}

    find::VisitAction visit(const find::Entry& entry) override {
        const std::string_view name = entry.name;
        const std::string_view relative = entry.path.substr(m_prefix);
        const bool is_directory = entry.type == find::EntryType::directory;
        if ((is_directory && is_vcs_directory(name)) || matches_any(m_exclude, name, relative)) {
            return find::VisitAction::prune;
        }
        if (name.front() == '.' && m_hidden == HiddenFiles::skip) {
            ++m_counts.hidden;
            return find::VisitAction::prune;
        }
        if (m_ignores) {
            if (m_ignores->ignored(relative, is_directory)) {
                ++m_counts.ignored;
                return find::VisitAction::prune;
            }
            if (is_directory) {
                m_ignores->enter(relative);
            }
        }
        if (entry.type == find::EntryType::regular &&
            (m_include.empty() || matches_any(m_include, name, relative))) {
            m_emit(std::string(entry.path));
        }
        return find::VisitAction::continue_walk;
    }

    find::VisitAction error(const find::WalkError& error) override {
        m_on_error(errno_error(error.errnum, "cannot read", error.path));
        return find::VisitAction::continue_walk;
    }

    [[nodiscard]] const ListingCounts& counts() const { return m_counts; }

private:
    std::size_t m_prefix;
    const std::vector<CompiledGlob>& m_include;
    const std::vector<CompiledGlob>& m_exclude;
    HiddenFiles m_hidden;
    std::optional<find::IgnoreStack>& m_ignores;
    ListingCounts m_counts;
    const std::function<void(std::string)>& m_emit;
    const std::function<void(const Error&)>& m_on_error;
};

} // namespace

Result<ListingCounts> list_files(const std::string& root, const FileFilter& filter,
                                 const std::function<void(std::string)>& emit,
                                 const std::function<void(const Error&)>& on_error) {
    auto include = compile_all(filter.include);
    if (!include) {
        return tl::unexpected(include.error());
    }
    auto exclude = compile_all(filter.exclude);
    if (!exclude) {
        return tl::unexpected(exclude.error());
    }
    find::WalkOptions options;
    // A trailing '/' makes the walker resolve a root that is a symlink to a directory (the
    // caller checked it with stat) while links below the root stay unfollowed.
    options.roots = {root.empty() || root.back() == '/' ? root : root + "/"};
    options.min_depth = 1; // the root is listed, not filtered: "." is not a hidden file
    options.order = find::WalkOrder::sorted;
    std::optional<find::IgnoreStack> ignores;
    if (filter.respect_ignore_files) {
        find::IgnoreOptions ignore_options;
        ignore_options.home = filter.home;
        ignore_options.xdg_config = filter.xdg_config;
        ignores.emplace(find::IgnoreStack::open(root, ignore_options));
        ignores->enter("");
    }
    Lister lister(options.roots.front().size(), *include, *exclude, filter.hidden, ignores, emit,
                  on_error);
    auto walked = find::walk(options, lister);
    if (!walked) {
        return tl::unexpected(walked.error());
    }
    return lister.counts();
}

} // namespace tbx::subst
