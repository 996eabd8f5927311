#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include <tbx/text/lines.hpp>

namespace {

/// Writes `input` to a temporary file and reads it back with for_each_line; returns
/// "content|ending" per line.
std::vector<std::string> read_lines(const std::string& input) {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    REQUIRE(std::fwrite(input.data(), 1, input.size(), file) == input.size());
    REQUIRE(std::fflush(file) == 0);
    const int fd = ::fileno(file);
    REQUIRE(::lseek(fd, 0, SEEK_SET) == 0);
    std::vector<std::string> lines;
    auto done =
        tbx::text::for_each_line(fd, [&](std::string_view content, std::string_view ending) {
            lines.push_back(std::string(content) + "|" + std::string(ending));
            return true;
        });
    std::fclose(file);
    REQUIRE(done);
    return lines;
}

} // namespace

TEST_CASE("text lines: LF, CRLF, a lone CR and a last line without newline", "[text][lines]") {
    CHECK(read_lines("a\nb\r\nc\rd\n\ne") ==
          std::vector<std::string>{"a|\n", "b|\r\n", "c\rd|\n", "|\n", "e|\n"});
    CHECK(read_lines("").empty());
    CHECK(read_lines("\r\n") == std::vector<std::string>{"|\r\n"});
}

TEST_CASE("text lines: lines longer than the buffer and many short ones", "[text][lines]") {
    const std::string long_line(600000, 'x');
    std::string input = long_line + "\n";
    for (int i = 0; i < 50000; ++i) {
        input += std::to_string(i) + "\n";
    }
    const auto lines = read_lines(input);
    REQUIRE(lines.size() == 50001);
    CHECK(lines[0] == long_line + "|\n");
    CHECK(lines[49999] == "49998|\n");
    CHECK(lines.back() == "49999|\n");
}
