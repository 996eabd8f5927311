// -exec, -execdir, -ok and -okdir: commands started with posix_spawnp, the terminal and the
// standard streams inherited (unlike core::ProcessRunner, which captures output under a
// deadline), and the `{} +` batches.
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tbx/find/expr_tree.hpp>

extern char** environ;

namespace tbx::find {
namespace {

// Runs argv (in the directory `dir_fd`, or `dir` when not empty) and returns its exit
// status; -1 when it did not start.
int run_command(const std::vector<std::string>& argv, const std::string& dir, bool null_stdin,
                ActionHost& host, int dir_fd = -1) {
    std::vector<char*> pointers;
    pointers.reserve(argv.size() + 1);
    for (const std::string& arg : argv) {
        pointers.push_back(const_cast<char*>(arg.c_str()));
    }
    pointers.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (dir_fd >= 0) {
        // The descriptor reaches directories whose paths exceed PATH_MAX.
        posix_spawn_file_actions_addfchdir_np(&actions, dir_fd);
    } else if (!dir.empty()) {
        posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
    }
    if (null_stdin) {
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    }
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, pointers[0], &actions, nullptr, pointers.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        host.error(argv[0], std::strerror(rc));
        return -1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Where -execdir runs and what it passes for {}: the entry's directory and "./name".
std::pair<std::string, std::string> dir_and_name(const Entry& entry) {
    if (entry.depth == 0) {
        const std::string_view path = entry.path;
        const std::size_t slash = path.substr(0, entry.name_offset).rfind('/');
        std::string dir =
            slash == std::string_view::npos ? "." : std::string(path.substr(0, slash + 1));
        std::string name(entry.name);
        if (name == "/") {
            return {"/", "/"};
        }
        return {dir, "./" + name};
    }
    return {std::string(entry.path.substr(0, entry.name_offset)), "./" + std::string(entry.name)};
}

std::string replace_braces(const std::string& arg, const std::string& path) {
    std::string out;
    std::size_t start = 0;
    for (std::size_t at = arg.find("{}"); at != std::string::npos; at = arg.find("{}", start)) {
        out += arg.substr(start, at - start);
        out += path;
        start = at + 2;
    }
    out += arg.substr(start);
    return out;
}

// The most bytes of arguments one batched command gets: ARG_MAX less the environment and
// find's headroom.
std::size_t argument_budget() {
    long arg_max = sysconf(_SC_ARG_MAX);
    if (arg_max <= 0) {
        arg_max = 128 * 1024;
    }
    std::size_t environment = 0;
    for (char** var = environ; *var != nullptr; ++var) {
        environment += std::strlen(*var) + 1 + sizeof(char*);
    }
    const auto budget = static_cast<std::size_t>(arg_max) - 2048;
    return budget > environment + 4096 ? budget - environment : 4096;
}

} // namespace

bool eval_exec(const Node& node, EvalState& state) {
    const ExecSpec& spec = *node.exec;
    std::string dir;
    std::string path(state.entry.path);
    if (spec.in_dir) {
        std::tie(dir, path) = dir_and_name(state.entry);
    }
    if (spec.batched) {
        state.command.batches->add(spec, dir, path, state.host, state.entry.worker);
        return true;
    }
    std::vector<std::string> argv;
    argv.reserve(spec.argv.size());
    for (const std::string& arg : spec.argv) {
        argv.push_back(replace_braces(arg, path));
    }
    state.host.flush(state.entry.worker);
    if (spec.ask && !state.host.ask("< " + argv[0] + " ... " + path + " > ? ")) {
        return false;
    }
    const int dir_fd = spec.in_dir && state.entry.depth > 0 ? state.entry.at_fd : -1;
    return run_command(argv, dir, spec.ask, state.host, dir_fd) == 0;
}

std::size_t ExecBatches::add_slot() {
    m_pending.emplace_back();
    return m_pending.size() - 1;
}

void ExecBatches::add(const ExecSpec& spec, const std::string& dir, const std::string& path,
                      ActionHost& host, unsigned worker) {
    static const std::size_t k_budget = argument_budget();
    std::lock_guard lock(m_mutex);
    Pending& pending = m_pending[spec.index];
    pending.spec = &spec;
    const std::size_t cost = path.size() + 1 + sizeof(char*);
    if (!pending.paths.empty() && (pending.dir != dir || pending.bytes + cost > k_budget)) {
        host.flush(worker);
        run(pending, host);
    }
    if (pending.paths.empty()) {
        pending.dir = dir;
        pending.bytes = 0;
        for (std::size_t i = 0; i + 1 < spec.argv.size(); ++i) {
            pending.bytes += spec.argv[i].size() + 1 + sizeof(char*);
        }
    }
    pending.paths.push_back(path);
    pending.bytes += cost;
}

void ExecBatches::run(Pending& pending, ActionHost& host) {
    std::vector<std::string> argv(pending.spec->argv.begin(), pending.spec->argv.end() - 1);
    argv.insert(argv.end(), pending.paths.begin(), pending.paths.end());
    if (run_command(argv, pending.dir, false, host) != 0) {
        m_failed = true;
    }
    pending.paths.clear();
}

bool ExecBatches::finish(ActionHost& host) {
    std::lock_guard lock(m_mutex);
    for (Pending& pending : m_pending) {
        if (!pending.paths.empty()) {
            run(pending, host);
        }
    }
    return !m_failed;
}

} // namespace tbx::find
