#pragma once
// The last step of an atomic rewrite, giving the finished anonymous temp file a name and
// renaming it over the target, is two system calls; a kill -9 between them would leave the
// named temp file behind. A Committer runs those steps in a small helper process, which
// finishes a request it has started even when tbx itself is killed, then exits.

#include <mutex>
#include <string>

#include <tbx/core/error.hpp>

namespace tbx::core {

/// Performs link-then-rename steps in a helper process so that killing the caller cannot
/// split them. Thread-safe; requests are served one at a time.
class Committer {
public:
    /// Forks the helper. Call it before starting threads (fork copies only the caller).
    static Result<Committer> start();

    Committer(Committer&& other) noexcept;
    Committer& operator=(Committer&&) = delete;
    Committer(const Committer&) = delete;
    Committer& operator=(const Committer&) = delete;
    /// Closes the channel; the helper finishes its request and exits; it is reaped here.
    ~Committer();

    /// Links the file open as `fd` (an O_TMPFILE) at `temp_path`, then renames it to `target`;
    /// on a failed rename the temp name is removed. Both paths must be in one directory.
    Result<void> link_and_rename(int fd, const std::string& temp_path, const std::string& target);

    /// Hard-links `existing` at `temp_path`, then renames that to `target` (backups).
    Result<void> link_path_and_rename(const std::string& existing, const std::string& temp_path,
                                      const std::string& target);

private:
    Committer(int socket, int pid) : m_socket(socket), m_pid(pid) {}
    Result<void> request(int fd, const std::string& first, const std::string& temp_path,
                         const std::string& target);

    int m_socket = -1;
    int m_pid = -1;
    std::mutex m_mutex;
};

/// Runs the two steps of Committer::link_and_rename in this process (no helper).
Result<void> link_and_rename_here(int fd, const std::string& temp_path, const std::string& target);

/// Runs the two steps of Committer::link_path_and_rename in this process (no helper).
Result<void> link_path_and_rename_here(const std::string& existing, const std::string& temp_path,
                                       const std::string& target);

} // namespace tbx::core
