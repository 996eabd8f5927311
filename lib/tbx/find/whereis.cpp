#include <cstdlib>
#include <dirent.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include <tbx/find/whereis.hpp>

namespace tbx::find {
namespace {

// whereis's compiled-in lists; "@" marks where the multiarch directories go.
const char* const k_binary_dirs[] = {"/usr/bin",
                                     "/usr/sbin",
                                     "/bin",
                                     "/sbin",
                                     "@",
                                     "/usr/lib",
                                     "/usr/lib32",
                                     "/usr/lib64",
                                     "/etc",
                                     "/usr/etc",
                                     "/lib",
                                     "/lib32",
                                     "/lib64",
                                     "/usr/games",
                                     "/usr/games/bin",
                                     "/usr/games/lib",
                                     "/usr/emacs/etc",
                                     "/usr/lib/emacs/*/etc",
                                     "/usr/TeX/bin",
                                     "/usr/tex/bin",
                                     "/usr/interviews/bin/LINUX",
                                     "/usr/X11R6/bin",
                                     "/usr/X386/bin",
                                     "/usr/bin/X11",
                                     "/usr/X11/bin",
                                     "/usr/X11R5/bin",
                                     "/usr/local/bin",
                                     "/usr/local/sbin",
                                     "/usr/local/etc",
                                     "/usr/local/lib",
                                     "/usr/local/games",
                                     "/usr/local/games/bin",
                                     "/usr/local/emacs/etc",
                                     "/usr/local/TeX/bin",
                                     "/usr/local/tex/bin",
                                     "/usr/local/bin/X11",
                                     "/usr/contrib",
                                     "/usr/hosts",
                                     "/usr/include",
                                     "/usr/g++-include",
                                     "/usr/ucb",
                                     "/usr/old",
                                     "/usr/new",
                                     "/usr/local",
                                     "/usr/libexec",
                                     "/usr/share",
                                     "/opt/*/bin"};
const char* const k_manual_dirs[] = {
    "/usr/man/*",     "/usr/share/man/*",         "/usr/X386/man/*", "/usr/X11/man/*",
    "/usr/TeX/man/*", "/usr/interviews/man/mann", "/usr/share/info"};
const char* const k_source_dirs[] = {
    "/usr/src/*",          "/usr/src/lib/libc/*",           "/usr/src/lib/libc/net/*",
    "/usr/src/ucb/pascal", "/usr/src/ucb/pascal/utilities", "/usr/src/undoc"};

struct DirCloser {
    void operator()(DIR* dir) const { closedir(dir); }
};
using DirPtr = std::unique_ptr<DIR, DirCloser>;

bool is_dot_or_dotdot(const char* name) {
    return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

class DirList {
public:
    // Adds a readable directory unless the same one (device, inode) is already listed for
    // the same kind.
    void add(WhereKind kind, const std::string& dir) {
        struct stat st {};
        if (access(dir.c_str(), R_OK) != 0 || stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
            return;
        }
        for (const Item& item : m_items) {
            if (item.dev == st.st_dev && item.ino == st.st_ino && item.dir.kind == kind) {
                return;
            }
        }
        char resolved[PATH_MAX];
        std::string canonical = realpath(dir.c_str(), resolved) != nullptr ? resolved : dir;
        m_items.push_back(Item{WhereDir{kind, std::move(canonical)}, st.st_dev, st.st_ino});
    }

    // Expands the first `*` of `pattern` with every entry of the directory before it, in
    // directory order.
    void add_expanded(WhereKind kind, const std::string& pattern) {
        const std::size_t star = pattern.find('*');
        if (star == std::string::npos) {
            add(kind, pattern);
            return;
        }
        const std::string head = pattern.substr(0, star);
        const std::string tail = pattern.substr(star + 1);
        const DirPtr dir(opendir(head.c_str()));
        if (!dir) {
            return;
        }
        while (const dirent* entry = readdir(dir.get())) {
            if (!is_dot_or_dotdot(entry->d_name)) {
                add(kind, head + entry->d_name + tail);
            }
        }
    }

    void add_env(WhereKind kind, const std::string& value) {
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t end = value.find(':', start);
            if (end == std::string::npos) {
                end = value.size();
            }
            if (end > start) {
                add(kind, value.substr(start, end - start));
            }
            start = end + 1;
        }
    }

    std::vector<WhereDir> take() {
        std::vector<WhereDir> out;
        out.reserve(m_items.size());
        for (Item& item : m_items) {
            out.push_back(std::move(item.dir));
        }
        return out;
    }

private:
    struct Item {
        WhereDir dir;
        dev_t dev;
        ino_t ino;
    };
    std::vector<Item> m_items;
};

} // namespace

std::string WhereisOptions::default_multiarch() {
#if defined(__x86_64__) && defined(__linux__)
    return "x86_64-linux-gnu";
#elif defined(__aarch64__) && defined(__linux__)
    return "aarch64-linux-gnu";
#elif defined(__i386__) && defined(__linux__)
    return "i386-linux-gnu";
#else
    return "";
#endif
}

std::vector<WhereDir> whereis_directories(const WhereisOptions& options) {
    DirList list;
    for (const char* dir : k_binary_dirs) {
        if (std::string_view(dir) == "@") {
            if (!options.multiarch.empty()) {
                for (const char* base : {"/lib/", "/usr/lib/", "/usr/local/lib/"}) {
                    list.add(WhereKind::binary, base + options.multiarch);
                }
            }
            continue;
        }
        list.add_expanded(WhereKind::binary, dir);
    }
    list.add_env(WhereKind::binary, options.path_env);
    for (const char* dir : k_manual_dirs) {
        list.add_expanded(WhereKind::manual, dir);
    }
    list.add_env(WhereKind::manual, options.manpath_env);
    for (const char* dir : k_source_dirs) {
        list.add_expanded(WhereKind::source, dir);
    }
    return list.take();
}

bool whereis_name_matches(std::string_view name, std::string_view entry, WhereKind kind) {
    if (kind == WhereKind::source && entry.starts_with("s.") &&
        whereis_name_matches(name, entry.substr(2), kind)) {
        return true;
    }
    // Compressed manuals count as their uncompressed name for the section scan below.
    std::size_t remaining = entry.size();
    if (kind == WhereKind::manual) {
        for (const std::string_view suffix : {".Z", ".gz", ".xz", ".bz2", ".zst"}) {
            if (entry.ends_with(suffix)) {
                remaining -= suffix.size();
                break;
            }
        }
    }
    std::size_t common = 0;
    while (common < name.size() && common < entry.size() && name[common] == entry[common]) {
        ++common;
    }
    // `remaining` counts down like whereis's unsigned counter, wrapping included: "cat.gz"
    // is a manual for "cat".
    remaining -= common;
    if (common == name.size() && common == entry.size()) {
        return true;
    }
    if (kind == WhereKind::binary || common != name.size() || entry[common] != '.') {
        return false;
    }
    --remaining;
    std::size_t pos = common + 1;
    while (remaining > 0 && pos < entry.size()) {
        --remaining;
        if (entry[pos++] == '.') {
            // Only a ".C" suffix may follow the section (old C++ manuals).
            return pos + 1 == entry.size() && entry[pos] == 'C';
        }
    }
    return true;
}

WhereisResult whereis_lookup(std::string_view name, const std::vector<WhereDir>& dirs,
                             WhereMask mask) {
    WhereisResult result;
    const std::size_t slash = name.rfind('/');
    result.name = std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
    for (const WhereDir& dir : dirs) {
        if ((where_bit(dir.kind) & mask) == 0) {
            continue;
        }
        const DirPtr handle(opendir(dir.path.c_str()));
        if (!handle) {
            continue;
        }
        while (const dirent* entry = readdir(handle.get())) {
            if (whereis_name_matches(result.name, entry->d_name, dir.kind)) {
                result.paths.push_back(dir.path + "/" + entry->d_name);
                result.kinds.push_back(dir.kind);
            }
        }
    }
    return result;
}

} // namespace tbx::find
