#include <csignal>
#include <cstdlib>
#include <optional>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <tbx/core/process.hpp>

using namespace tbx::core;
using namespace std::chrono_literals;

namespace {

ProcessRequest command(std::vector<std::string> argv) {
    ProcessRequest request;
    request.argv = std::move(argv);
    return request;
}

} // namespace

TEST_CASE("ProcessRunner captures stdout, stderr and the exit code") {
    const ProcessRunner runner;
    auto result = runner.run(command({"sh", "-c", "echo out; echo err >&2; exit 7"}));
    REQUIRE(result);
    CHECK(result->stdout_text == "out\n");
    CHECK(result->stderr_text == "err\n");
    CHECK(result->exit_code == 7);
    CHECK_FALSE(result->succeeded());
}

TEST_CASE("ProcessRunner feeds stdin and passes environment changes") {
    const ProcessRunner runner;
    ProcessRequest request = command({"sh", "-c", "cat; printf %s \"$TBX_TEST_VAR\""});
    request.stdin_data = std::string(200000, 'x'); // larger than a pipe buffer
    request.env_set["TBX_TEST_VAR"] = "set";
    auto result = runner.run(request);
    REQUIRE(result);
    CHECK(result->stdout_text == std::string(200000, 'x') + "set");
    CHECK(result->succeeded());
}

TEST_CASE("ProcessRunner kills the whole process group at the timeout") {
    const ProcessRunner runner;
    // The grandchild holds stdout open: only a group kill ends the wait.
    ProcessRequest request = command({"sh", "-c", "sleep 30 & sleep 30"});
    request.timeout = 200ms;
    auto result = runner.run(request);
    REQUIRE(result);
    CHECK(result->timed_out);
    CHECK(result->signal == SIGKILL);
    CHECK(result->elapsed < 10s);
}

TEST_CASE("ProcessRunner reports a signal death and a missing command") {
    const ProcessRunner runner;
    auto killed = runner.run(command({"sh", "-c", "kill -TERM $$"}));
    REQUIRE(killed);
    CHECK(killed->signal == SIGTERM);

    auto missing = runner.run(command({"tbx-no-such-command-xyz"}));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == tbx::ErrorKind::not_found);
}

TEST_CASE("find_in_path picks the first executable like execvp") {
    CHECK(find_in_path("sh", "/nonexistent:/bin:/usr/bin") ==
          std::optional<std::string>("/bin/sh"));
    CHECK_FALSE(find_in_path("sh", "/nonexistent"));
    CHECK(ProcessRunner("/usr/bin:/bin").find_program("/bin/sh") ==
          std::optional<std::string>("/bin/sh"));
}

TEST_CASE("path_directories splits PATH, an empty element being the current directory") {
    using List = std::vector<std::string>;
    CHECK(path_directories("/usr/bin:/bin") == List{"/usr/bin", "/bin"});
    CHECK(path_directories("/a::/b") == List{"/a", ".", "/b"});
    CHECK(path_directories(":/a:") == List{".", "/a", "."});
    CHECK(path_directories("") == List{"."});
}

TEST_CASE("search_path is $PATH, else the system default execvp uses") {
    // The system default, from the C library itself (glibc: "/bin:/usr/bin").
    std::string system_default(::confstr(_CS_PATH, nullptr, 0), '\0');
    ::confstr(_CS_PATH, system_default.data(), system_default.size());
    system_default.pop_back();
    REQUIRE_FALSE(system_default.empty());

    const char* saved = std::getenv("PATH");
    const std::optional<std::string> original =
        saved ? std::optional(std::string(saved)) : std::nullopt;
    ::setenv("PATH", "/x:/y", 1);
    CHECK(search_path() == "/x:/y");
    ::setenv("PATH", "", 1);
    CHECK(search_path().empty()); // set but empty: the current directory only, as execvp
    ::unsetenv("PATH");
    CHECK(search_path() == system_default);
    CHECK(ProcessRunner().find_program("sh").has_value()); // sh is on every default path
    if (original) {
        ::setenv("PATH", original->c_str(), 1);
    }
}
