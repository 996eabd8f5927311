#pragma once
// User and group names <-> ids. The default build asks glibc's NSS (getpwnam_r and friends:
// /etc/passwd, systemd, LDAP, ... as /etc/nsswitch.conf says). The static build
// (TBX_STATIC) reads /etc/passwd and /etc/group itself: a static glibc would load the
// libnss_<service>.so.2 modules of nsswitch.conf into the static process, which works only with
// the very glibc it was linked with and crashes otherwise (docs/static-build.md).

#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace tbx::core {

/// Returns the id of the user called `name`, or nullopt when there is none.
std::optional<uid_t> user_id(const std::string& name);
/// Returns the id of the group called `name`, or nullopt when there is none.
std::optional<gid_t> group_id(const std::string& name);
/// Returns the name of user `uid`, or nullopt when it has none.
std::optional<std::string> user_name(uid_t uid);
/// Returns the name of group `gid`, or nullopt when it has none.
std::optional<std::string> group_name(gid_t gid);

} // namespace tbx::core
