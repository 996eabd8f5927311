#include <unistd.h>

#include <catch2/catch.hpp>

#include <tbx/core/terminal.hpp>

using namespace tbx::core;

TEST_CASE("a pipe is not a terminal and has no width") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    CHECK_FALSE(is_terminal(fds[0]));
    CHECK_FALSE(terminal_columns(fds[1]));
    ::close(fds[0]);
    ::close(fds[1]);
}
