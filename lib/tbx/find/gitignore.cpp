#include <cctype>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include <tbx/core/atomic_file.hpp>
#include <tbx/core/strings.hpp>
#include <tbx/find/gitignore.hpp>

namespace tbx::find {

namespace {

// Matches a [...] class at pattern[p] (just after '[') against byte c; sets p past the ']'.
// Returns nullopt for a class without ']' (then '[' is a literal).
std::optional<bool> match_class(std::string_view pattern, std::size_t& p, unsigned char c) {
    std::size_t i = p;
    bool negated = false;
    if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
        negated = true;
        ++i;
    }
    bool matched = false;
    bool first = true;
    while (i < pattern.size() && (pattern[i] != ']' || first)) {
        first = false;
        if (pattern.substr(i, 2) == "[:") {
            const auto close = pattern.find(":]", i + 2);
            if (close != std::string_view::npos) {
                const std::string_view name = pattern.substr(i + 2, close - i - 2);
                const int u = c;
                matched = matched || (name == "alpha" && std::isalpha(u) != 0) ||
                          (name == "digit" && std::isdigit(u) != 0) ||
                          (name == "alnum" && std::isalnum(u) != 0) ||
                          (name == "space" && std::isspace(u) != 0) ||
                          (name == "upper" && std::isupper(u) != 0) ||
                          (name == "lower" && std::islower(u) != 0) ||
                          (name == "punct" && std::ispunct(u) != 0) ||
                          (name == "xdigit" && std::isxdigit(u) != 0) ||
                          (name == "blank" && (c == ' ' || c == '\t'));
                i = close + 2;
                continue;
            }
        }
        unsigned char low = static_cast<unsigned char>(pattern[i]);
        if (low == '\\' && i + 1 < pattern.size()) {
            low = static_cast<unsigned char>(pattern[++i]);
        }
        ++i;
        unsigned char high = low;
        if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
            high = static_cast<unsigned char>(pattern[i + 1]);
            if (high == '\\' && i + 2 < pattern.size()) {
                high = static_cast<unsigned char>(pattern[i + 2]);
                ++i;
            }
            i += 2;
        }
        matched = matched || (c >= low && c <= high);
    }
    if (i >= pattern.size()) {
        return std::nullopt;
    }
    p = i + 1;
    return matched != negated;
}

bool wild(std::string_view pattern, std::size_t p, std::string_view text, std::size_t t) {
    while (p < pattern.size()) {
        const char c = pattern[p];
        if (c == '*') {
            const bool double_star = pattern.substr(p, 2) == "**";
            const bool at_start = p == 0 || pattern[p - 1] == '/';
            if (double_star && at_start && (p + 2 == pattern.size() || pattern[p + 2] == '/')) {
                if (p + 2 == pattern.size()) {
                    return true; // "/**" at the end: everything below
                }
                // "**/": zero or more whole directories.
                for (std::size_t i = t; i <= text.size(); ++i) {
                    if ((i == t || text[i - 1] == '/') && wild(pattern, p + 3, text, i)) {
                        return true;
                    }
                }
                return false;
            }
            while (p < pattern.size() && pattern[p] == '*') {
                ++p; // a ** elsewhere is a *
            }
            for (std::size_t i = t; i <= text.size(); ++i) {
                if (wild(pattern, p, text, i)) {
                    return true;
                }
                if (i < text.size() && text[i] == '/') {
                    return false;
                }
            }
            return false;
        }
        if (t >= text.size()) {
            return false;
        }
        if (c == '?') {
            if (text[t] == '/') {
                return false;
            }
        } else if (c == '[') {
            std::size_t after = p + 1;
            const auto matched = match_class(pattern, after, static_cast<unsigned char>(text[t]));
            if (matched) {
                if (!*matched || text[t] == '/') {
                    return false;
                }
                p = after;
                ++t;
                continue;
            }
            if (text[t] != '[') {
                return false;
            }
        } else {
            char literal = c;
            if (c == '\\' && p + 1 < pattern.size()) {
                literal = pattern[++p];
            }
            if (text[t] != literal) {
                return false;
            }
        }
        ++p;
        ++t;
    }
    return t == text.size();
}

// Removes trailing spaces that are not escaped with a backslash (git's rule) and a CR.
std::string_view trim_line(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    while (!line.empty() && line.back() == ' ') {
        if (line.size() >= 2 && line[line.size() - 2] == '\\') {
            break;
        }
        line.remove_suffix(1);
    }
    return line;
}

std::string read_or_empty(const std::string& path) {
    auto text = core::read_file(path);
    return text ? std::move(*text) : std::string();
}

bool is_directory(const std::string& path) {
    struct stat status {};
    return ::stat(path.c_str(), &status) == 0 && S_ISDIR(status.st_mode);
}

bool exists(const std::string& path) {
    struct stat status {};
    return ::lstat(path.c_str(), &status) == 0;
}

// Returns the value of core.excludesFile in one git config text, or nullopt.
std::optional<std::string> excludes_file_in(std::string_view config) {
    std::optional<std::string> value;
    bool in_core = false;
    for (auto line : core::split(config, '\n')) {
        std::string_view text = core::trim(line);
        if (text.empty() || text.front() == '#' || text.front() == ';') {
            continue;
        }
        if (text.front() == '[') {
            std::string section(text.substr(1, text.find(']') - 1));
            for (char& c : section) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            in_core = core::trim(section) == "core";
            continue;
        }
        const auto equals = text.find('=');
        if (!in_core || equals == std::string_view::npos) {
            continue;
        }
        std::string key(core::trim(text.substr(0, equals)));
        for (char& c : key) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (key == "excludesfile") {
            std::string_view raw = core::trim(text.substr(equals + 1));
            if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') {
                raw = raw.substr(1, raw.size() - 2);
            }
            value = std::string(raw);
        }
    }
    return value;
}

} // namespace

bool wildmatch(std::string_view pattern, std::string_view text) {
    return wild(pattern, 0, text, 0);
}

IgnoreFile IgnoreFile::parse(std::string_view text, std::string base) {
    IgnoreFile file;
    file.m_base = std::move(base);
    for (auto raw : core::split(text, '\n')) {
        std::string_view line = trim_line(raw);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        Rule rule;
        if (line.front() == '!') {
            rule.negated = true;
            line.remove_prefix(1);
        } else if (line.front() == '\\' && line.size() > 1 && (line[1] == '!' || line[1] == '#')) {
            line.remove_prefix(1);
        }
        if (!line.empty() && line.back() == '/') {
            rule.directory_only = true;
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        rule.anchored = line.find('/') != std::string_view::npos;
        if (line.front() == '/') {
            line.remove_prefix(1);
        }
        rule.pattern = std::string(line);
        file.m_rules.push_back(std::move(rule));
    }
    return file;
}

IgnoreVerdict IgnoreFile::match(std::string_view path, bool is_directory) const {
    if (!path.starts_with(m_base)) {
        return IgnoreVerdict::none;
    }
    const std::string_view below = path.substr(m_base.size());
    const auto slash = below.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? below : below.substr(slash + 1);
    for (auto rule = m_rules.rbegin(); rule != m_rules.rend(); ++rule) {
        if (rule->directory_only && !is_directory) {
            continue;
        }
        if (wildmatch(rule->pattern, rule->anchored ? below : name)) {
            return rule->negated ? IgnoreVerdict::included : IgnoreVerdict::ignored;
        }
    }
    return IgnoreVerdict::none;
}

std::string global_excludes_file(const IgnoreOptions& options) {
    const std::string config_home =
        options.xdg_config.empty() ? options.home + "/.config" : options.xdg_config;
    std::optional<std::string> path;
    // Later files win, as in git: $XDG_CONFIG_HOME/git/config, then ~/.gitconfig.
    for (const std::string& config : {config_home + "/git/config", options.home + "/.gitconfig"}) {
        if (auto value = excludes_file_in(read_or_empty(config))) {
            path = std::move(value);
        }
    }
    if (!path) {
        return config_home + "/git/ignore";
    }
    if (path->starts_with("~/")) {
        return options.home + path->substr(1);
    }
    return *path;
}

IgnoreStack IgnoreStack::open(const std::string& root, const IgnoreOptions& options) {
    IgnoreStack stack;
    stack.m_options = options;
    stack.m_root = root.empty() || root.back() == '/' ? root : root + "/";
    // Find the work tree's top: the nearest directory, from root up, holding .git.
    char resolved[PATH_MAX];
    std::string top;
    if (options.git && ::realpath(root.empty() ? "." : root.c_str(), resolved) != nullptr) {
        std::string directory = resolved;
        std::string below;
        while (true) {
            if (exists(directory + "/.git")) {
                top = directory;
                stack.m_prefix = below;
                stack.m_in_git = true;
                break;
            }
            const auto slash = directory.rfind('/');
            if (directory == "/" || slash == std::string::npos) {
                break;
            }
            const std::string name = directory.substr(slash + 1);
            below = name + "/" + below;
            directory = slash == 0 ? "/" : directory.substr(0, slash);
        }
    }
    if (stack.m_in_git) {
        const std::string git = top == "/" ? "/.git" : top + "/.git";
        // The repository's own config wins over the user's, as in git.
        std::string excludes = global_excludes_file(options);
        if (auto local = excludes_file_in(read_or_empty(git + "/config"))) {
            excludes = local->starts_with("~/") ? options.home + local->substr(1) : *local;
        }
        stack.m_global.push_back(IgnoreFile::parse(read_or_empty(excludes), ""));
        if (is_directory(git)) {
            stack.m_global.push_back(IgnoreFile::parse(read_or_empty(git + "/info/exclude"), ""));
        }
        // The directories from the top down to the root's parent; the root's own files come
        // with enter("").
        std::string base;
        for (auto part : core::split(stack.m_prefix, '/')) {
            if (part.empty()) {
                continue;
            }
            stack.read_directory((top == "/" ? "" : top) + "/" + base, base);
            base += std::string(part) + "/";
        }
    }
    return stack;
}

std::vector<IgnoreFile> IgnoreStack::read_files(const std::string& on_disk,
                                                const std::string& base) const {
    const std::string directory =
        on_disk.empty() || on_disk.back() == '/' ? on_disk : on_disk + "/";
    std::vector<IgnoreFile> files;
    if (m_in_git && m_options.git) {
        auto file = IgnoreFile::parse(read_or_empty(directory + ".gitignore"), base);
        if (!file.empty()) {
            files.push_back(std::move(file));
        }
    }
    if (m_options.dot_ignore) {
        auto file = IgnoreFile::parse(read_or_empty(directory + ".ignore"), base);
        if (!file.empty()) {
            files.push_back(std::move(file));
        }
    }
    return files;
}

void IgnoreStack::read_directory(const std::string& on_disk, const std::string& base) {
    for (IgnoreFile& file : read_files(on_disk, base)) {
        m_stack.push_back(std::move(file));
    }
}

void IgnoreStack::pop_to(std::string_view base) {
    while (!m_stack.empty() && !base.starts_with(m_stack.back().base())) {
        m_stack.pop_back();
    }
}

void IgnoreStack::enter(std::string_view directory) {
    std::string base = m_prefix + std::string(directory);
    if (!directory.empty()) {
        base += '/';
    }
    pop_to(base);
    read_directory(m_root + std::string(directory), base);
}

bool IgnoreStack::ignored(std::string_view path, bool is_directory) {
    m_scratch = m_prefix;
    m_scratch += path;
    const auto slash = m_scratch.rfind('/');
    pop_to(slash == std::string::npos ? std::string_view()
                                      : std::string_view(m_scratch).substr(0, slash + 1));
    return verdict(m_scratch, is_directory) == IgnoreVerdict::ignored;
}

IgnoreVerdict IgnoreStack::verdict(std::string_view path, bool is_directory) const {
    for (auto file = m_stack.rbegin(); file != m_stack.rend(); ++file) {
        const IgnoreVerdict verdict = file->match(path, is_directory);
        if (verdict != IgnoreVerdict::none) {
            return verdict;
        }
    }
    for (auto file = m_global.rbegin(); file != m_global.rend(); ++file) {
        const IgnoreVerdict verdict = file->match(path, is_directory);
        if (verdict != IgnoreVerdict::none) {
            return verdict;
        }
    }
    return IgnoreVerdict::none;
}

} // namespace tbx::find
