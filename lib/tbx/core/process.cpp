#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

#include <tbx/core/process.hpp>

extern char** environ;

namespace tbx::core {

namespace {

using Clock = std::chrono::steady_clock;

bool is_executable_file(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

// Closes a descriptor once; used for both ends of the pipes on every path.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&& other) noexcept {
        reset();
        m_fd = std::exchange(other.m_fd, -1);
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    void reset() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = -1;
    }
    [[nodiscard]] int get() const { return m_fd; }

private:
    int m_fd = -1;
};

struct Pipe {
    Fd read;
    Fd write;
};

Result<Pipe> make_pipe() {
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
        return tl::unexpected(errno_error(errno, "cannot create a pipe"));
    }
    return Pipe{Fd(fds[0]), Fd(fds[1])};
}

// Builds the child's environment: the parent's, minus unset names, plus/overriding set ones.
std::vector<std::string> child_environment(const ProcessRequest& request) {
    std::vector<std::string> env;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view item(*entry);
        const std::string name(item.substr(0, item.find('=')));
        const bool unset = std::find(request.env_unset.begin(), request.env_unset.end(), name) !=
                           request.env_unset.end();
        if (!unset && request.env_set.find(name) == request.env_set.end()) {
            env.emplace_back(item);
        }
    }
    for (const auto& [name, value] : request.env_set) {
        env.push_back(name + "=" + value);
    }
    return env;
}

std::vector<char*> as_c_strings(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    pointers.reserve(strings.size() + 1);
    for (auto& s : strings) {
        pointers.push_back(s.data());
    }
    pointers.push_back(nullptr);
    return pointers;
}

// Spawns the program in its own process group so a timeout can kill the whole tree.
Result<pid_t> spawn(const std::string& program, const ProcessRequest& request, int stdin_fd,
                    int stdout_fd, int stderr_fd) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, stdin_fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, stderr_fd, STDERR_FILENO);
    if (!request.working_directory.empty()) {
        posix_spawn_file_actions_addchdir_np(&actions, request.working_directory.c_str());
    }
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t all_signals;
    sigfillset(&all_signals);
    sigset_t no_signals;
    sigemptyset(&no_signals);
    // The child starts with default dispositions (tbx ignores SIGPIPE) and nothing blocked.
    posix_spawnattr_setsigdefault(&attributes, &all_signals);
    posix_spawnattr_setsigmask(&attributes, &no_signals);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                              POSIX_SPAWN_SETSIGMASK);

    std::vector<std::string> argv = request.argv;
    std::vector<std::string> env = child_environment(request);
    auto argv_c = as_c_strings(argv);
    auto env_c = as_c_strings(env);
    pid_t pid = -1;
    const int rc =
        posix_spawn(&pid, program.c_str(), &actions, &attributes, argv_c.data(), env_c.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (rc != 0) {
        return tl::unexpected(errno_error(rc, "cannot run command", program));
    }
    return pid;
}

// Shuttles stdin data in and stdout/stderr out until both outputs close or the deadline passes.
bool pump(Fd& in, std::string_view input, Fd& out, Fd& err, ProcessResult& result,
          Clock::time_point deadline) {
    std::array<char, 65536> buffer{};
    std::size_t written = 0;
    while (out.get() >= 0 || err.get() >= 0) {
        std::array<pollfd, 3> fds{};
        nfds_t count = 0;
        const auto add = [&](Fd& fd, short events) {
            if (fd.get() >= 0) {
                fds[count++] = pollfd{fd.get(), events, 0};
            }
        };
        add(out, POLLIN);
        add(err, POLLIN);
        add(in, POLLOUT);
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            return false;
        }
        const int ready = ::poll(fds.data(), count, static_cast<int>(left.count()));
        if (ready < 0 && errno != EINTR) {
            return false;
        }
        for (nfds_t i = 0; i < count && ready > 0; ++i) {
            if (fds[i].revents == 0) {
                continue;
            }
            if (fds[i].fd == in.get()) {
                const ssize_t n = ::write(in.get(), input.data() + written, input.size() - written);
                if (n > 0) {
                    written += static_cast<std::size_t>(n);
                }
                if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input.size()) {
                    in.reset();
                }
                continue;
            }
            Fd& source = fds[i].fd == out.get() ? out : err;
            std::string& sink = fds[i].fd == out.get() ? result.stdout_text : result.stderr_text;
            const ssize_t n = ::read(source.get(), buffer.data(), buffer.size());
            if (n > 0) {
                sink.append(buffer.data(), static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                source.reset();
            }
        }
    }
    return true;
}

void decode_status(int status, ProcessResult& result) {
    if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
    }
}

} // namespace

std::string search_path() {
    if (const char* path = std::getenv("PATH")) {
        return path;
    }
    const std::size_t size = ::confstr(_CS_PATH, nullptr, 0);
    if (size == 0) {
        return "/bin:/usr/bin"; // glibc's value of _CS_PATH
    }
    std::string path(size, '\0');
    ::confstr(_CS_PATH, path.data(), size);
    path.resize(size - 1); // the terminating NUL
    return path;
}

std::vector<std::string> path_directories(std::string_view path) {
    std::vector<std::string> directories;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find(':', start);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        const std::string_view dir = path.substr(start, end - start);
        directories.emplace_back(dir.empty() ? std::string_view(".") : dir);
        start = end + 1;
    }
    return directories;
}

std::optional<std::string> find_in_path(const std::string& name, const std::string& path) {
    if (name.empty()) {
        return std::nullopt;
    }
    if (name.find('/') != std::string::npos) {
        return is_executable_file(name) ? std::optional(name) : std::nullopt;
    }
    for (const std::string& dir : path_directories(path)) {
        std::string candidate = dir + "/" + name;
        if (is_executable_file(candidate)) {
            return candidate;
        }
    }
    return std::nullopt;
}

ProcessRunner::ProcessRunner(std::optional<std::string> path)
    : m_path(path ? std::move(*path) : search_path()) {}

std::optional<std::string> ProcessRunner::find_program(const std::string& name) const {
    return find_in_path(name, m_path);
}

Result<ProcessResult> ProcessRunner::run(const ProcessRequest& request) const {
    if (request.argv.empty()) {
        return fail(ErrorKind::invalid_argument, "empty command line");
    }
    const std::string& name = request.argv.front();
    const auto program = find_program(name);
    if (!program) {
        const bool exists =
            name.find('/') != std::string::npos && ::access(name.c_str(), F_OK) == 0;
        return exists ? fail(ErrorKind::permission, "command is not executable", name)
                      : fail(ErrorKind::not_found, "command not found", name);
    }
    auto in = make_pipe();
    auto out = make_pipe();
    auto err = make_pipe();
    if (!in || !out || !err) {
        return tl::unexpected(!in ? in.error() : !out ? out.error() : err.error());
    }
    const auto start = Clock::now();
    auto pid = spawn(*program, request, in->read.get(), out->write.get(), err->write.get());
    if (!pid) {
        return tl::unexpected(pid.error());
    }
    in->read.reset();
    out->write.reset();
    err->write.reset();
    if (!request.stdin_data || request.stdin_data->empty()) {
        in->write.reset();
    } else {
        // Non-blocking, so a child that is busy writing its output never deadlocks with us.
        ::fcntl(in->write.get(), F_SETFL, ::fcntl(in->write.get(), F_GETFL) | O_NONBLOCK);
    }

    // A child that exits before reading its input must not kill tbx with SIGPIPE.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);

    ProcessResult result;
    const std::string_view input = request.stdin_data ? *request.stdin_data : std::string_view{};
    const bool finished =
        pump(in->write, input, out->read, err->read, result, start + request.timeout);
    if (!finished) {
        result.timed_out = true;
        ::kill(-*pid, SIGKILL);
    }
    int status = 0;
    while (::waitpid(*pid, &status, 0) < 0 && errno == EINTR) {
    }
    decode_status(status, result);

    timespec no_wait{};
    sigtimedwait(&pipe_signal, nullptr, &no_wait); // drop a SIGPIPE raised by our write
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return result;
}

} // namespace tbx::core
