#include <tbx/core/accounts.hpp>

#ifdef TBX_STATIC
#include <charconv>
#include <fstream>
#else
#include <cerrno>
#include <grp.h>
#include <pwd.h>
#include <vector>
#endif

namespace tbx::core {
namespace {

#ifdef TBX_STATIC

// One entry of /etc/passwd or /etc/group: "name:password:id:...".
struct Entry {
    std::string name;
    unsigned long id = 0;
};

std::optional<Entry> parse_entry(std::string_view line) {
    std::size_t first = line.find(':');
    std::size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos || first == 0) {
        return std::nullopt;
    }
    std::string_view id = line.substr(second + 1, line.find(':', second + 1) - second - 1);
    Entry entry{std::string(line.substr(0, first)), 0};
    auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), entry.id);
    if (error != std::errc() || end != id.data() + id.size() || id.empty()) {
        return std::nullopt;
    }
    return entry;
}

// The first entry of `path` that `wanted` accepts (the files service's order).
template <class Wanted>
std::optional<Entry> find_entry(const char* path, Wanted wanted) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#' || line[0] == '+' || line[0] == '-') {
            continue; // comments, and NIS compat entries the files service also skips
        }
        if (auto entry = parse_entry(line); entry && wanted(*entry)) {
            return entry;
        }
    }
    return std::nullopt;
}

std::optional<Entry> by_name(const char* path, const std::string& name) {
    return find_entry(path, [&](const Entry& e) { return e.name == name; });
}

std::optional<Entry> by_id(const char* path, unsigned long id) {
    return find_entry(path, [&](const Entry& e) { return e.id == id; });
}

#else

// Calls a reentrant NSS lookup (returning getpwnam_r's error code) with a buffer that grows
// while it is too small; the lookup copies what it needs before the buffer goes.
template <class Lookup>
void with_nss_buffer(Lookup lookup) {
    std::vector<char> buffer(1024);
    while (lookup(buffer.data(), buffer.size()) == ERANGE && buffer.size() < (1U << 20)) {
        buffer.resize(buffer.size() * 4);
    }
}

#endif

} // namespace

#ifdef TBX_STATIC

std::optional<uid_t> user_id(const std::string& name) {
    auto e = by_name("/etc/passwd", name);
    return e ? std::optional(static_cast<uid_t>(e->id)) : std::nullopt;
}

std::optional<gid_t> group_id(const std::string& name) {
    auto e = by_name("/etc/group", name);
    return e ? std::optional(static_cast<gid_t>(e->id)) : std::nullopt;
}

std::optional<std::string> user_name(uid_t uid) {
    auto e = by_id("/etc/passwd", uid);
    return e ? std::optional(e->name) : std::nullopt;
}

std::optional<std::string> group_name(gid_t gid) {
    auto e = by_id("/etc/group", gid);
    return e ? std::optional(e->name) : std::nullopt;
}

#else

std::optional<uid_t> user_id(const std::string& name) {
    std::optional<uid_t> id;
    with_nss_buffer([&](char* buffer, std::size_t size) {
        passwd record{};
        passwd* found = nullptr;
        int error = getpwnam_r(name.c_str(), &record, buffer, size, &found);
        if (error == 0 && found != nullptr) {
            id = found->pw_uid;
        }
        return error;
    });
    return id;
}

std::optional<gid_t> group_id(const std::string& name) {
    std::optional<gid_t> id;
    with_nss_buffer([&](char* buffer, std::size_t size) {
        group record{};
        group* found = nullptr;
        int error = getgrnam_r(name.c_str(), &record, buffer, size, &found);
        if (error == 0 && found != nullptr) {
            id = found->gr_gid;
        }
        return error;
    });
    return id;
}

std::optional<std::string> user_name(uid_t uid) {
    std::optional<std::string> name;
    with_nss_buffer([&](char* buffer, std::size_t size) {
        passwd record{};
        passwd* found = nullptr;
        int error = getpwuid_r(uid, &record, buffer, size, &found);
        if (error == 0 && found != nullptr) {
            name = found->pw_name;
        }
        return error;
    });
    return name;
}

std::optional<std::string> group_name(gid_t gid) {
    std::optional<std::string> name;
    with_nss_buffer([&](char* buffer, std::size_t size) {
        group record{};
        group* found = nullptr;
        int error = getgrgid_r(gid, &record, buffer, size, &found);
        if (error == 0 && found != nullptr) {
            name = found->gr_name;
        }
        return error;
    });
    return name;
}

#endif

} // namespace tbx::core
