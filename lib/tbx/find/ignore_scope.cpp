#include <tbx/find/ignore_scope.hpp>

namespace tbx::find {

std::shared_ptr<const IgnoreScope> IgnoreScope::open_root(const std::string& root,
                                                          const IgnoreOptions& options) {
    auto stack = std::make_shared<IgnoreStack>(IgnoreStack::open(root, options));
    stack->enter("");
    auto scope = std::make_shared<IgnoreScope>();
    scope->m_root = std::move(stack);
    return scope;
}

std::shared_ptr<const IgnoreScope>
IgnoreScope::enter(const std::shared_ptr<const IgnoreScope>& parent, const std::string& on_disk,
                   std::string_view relative) {
    auto scope = std::make_shared<IgnoreScope>();
    scope->m_root = parent->m_root;
    scope->m_parent = parent;
    // Nothing under an ignored directory can be included again, as in git.
    scope->m_everything = parent->ignored(relative, true);
    if (!scope->m_everything) {
        scope->m_files = parent->m_root->read_files(on_disk, parent->m_root->prefix() +
                                                                 std::string(relative) + '/');
    }
    return scope;
}

IgnoreVerdict IgnoreScope::verdict(std::string_view from_top, bool is_directory) const {
    // Deeper files win over shallower ones; the root's stack (and the global files) last.
    for (const IgnoreScope* scope = this; scope != nullptr; scope = scope->m_parent.get()) {
        for (auto file = scope->m_files.rbegin(); file != scope->m_files.rend(); ++file) {
            const IgnoreVerdict verdict = file->match(from_top, is_directory);
            if (verdict != IgnoreVerdict::none) {
                return verdict;
            }
        }
    }
    return m_root->verdict(from_top, is_directory);
}

bool IgnoreScope::ignored(std::string_view relative, bool is_directory) const {
    if (m_everything) {
        return true;
    }
    const std::string& prefix = m_root->prefix();
    if (prefix.empty()) {
        return verdict(relative, is_directory) == IgnoreVerdict::ignored;
    }
    return verdict(prefix + std::string(relative), is_directory) == IgnoreVerdict::ignored;
}

WalkIgnores::WalkIgnores(const std::vector<std::string>& roots, const IgnoreOptions& options,
                         unsigned workers)
    : m_roots(roots), m_recent(workers) {
    m_root_scopes.reserve(roots.size());
    for (const std::string& root : roots) {
        m_root_scopes.push_back(IgnoreScope::open_root(root, options));
    }
}

std::string_view WalkIgnores::below_root(std::size_t root_index, std::string_view path) const {
    const std::string& root = m_roots[root_index];
    const std::size_t skip = root.size() + (root.empty() || root.back() == '/' ? 0 : 1);
    return skip >= path.size() ? std::string_view() : path.substr(skip);
}

// Returns the scope of `directory` (a path as the walker prints it, below the root), building
// it (and any missing ancestor's) on first use.
std::shared_ptr<const IgnoreScope> WalkIgnores::scope_of(std::size_t root_index,
                                                         std::string_view directory) {
    const std::string_view relative = below_root(root_index, directory);
    if (relative.empty()) {
        return m_root_scopes[root_index];
    }
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_scopes.find(std::string(directory));
        if (found != m_scopes.end()) {
            return found->second;
        }
    }
    const auto slash = relative.rfind('/');
    const std::string_view parent =
        slash == std::string_view::npos
            ? std::string_view()
            : directory.substr(0, directory.size() - (relative.size() - slash));
    auto parent_scope = parent.empty() ? m_root_scopes[root_index] : scope_of(root_index, parent);
    auto scope = IgnoreScope::enter(parent_scope, std::string(directory), relative);
    std::lock_guard lock(m_mutex);
    return m_scopes.try_emplace(std::string(directory), std::move(scope)).first->second;
}

bool WalkIgnores::ignored(const Entry& entry) {
    if (entry.depth == 0) {
        return false;
    }
    const std::string_view relative = below_root(entry.root_index, entry.path);
    if (entry.depth == 1) {
        return m_root_scopes[entry.root_index]->ignored(relative,
                                                        entry.type == EntryType::directory);
    }
    const std::string_view directory = entry.path.substr(0, entry.name_offset - 1);
    Recent& recent = m_recent[entry.worker];
    if (recent.scope == nullptr || recent.directory != directory) {
        recent.scope = scope_of(entry.root_index, directory);
        recent.directory = directory;
    }
    return recent.scope->ignored(relative, entry.type == EntryType::directory);
}

} // namespace tbx::find
