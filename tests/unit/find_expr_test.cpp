#include <fcntl.h>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <tbx/find/expr.hpp>

using namespace tbx::find;

namespace {

// Records what the actions of an expression ask for.
class RecordingHost : public ActionHost {
public:
    void print(unsigned, const Entry& entry, char terminator, const PrintDetails&) override {
        printed += std::string(entry.path) + terminator;
    }
    void write(unsigned, std::string_view bytes) override { printed += bytes; }
    void flush(unsigned) override {}
    bool ask(const std::string&) override { return false; }
    void error(std::string_view, const std::string& message) override { errors.push_back(message); }

    std::string printed;
    std::vector<std::string> errors;
};

Entry entry_named(const std::string& path, std::size_t name_offset, EntryType type) {
    Entry entry;
    entry.path = path;
    entry.name = std::string_view(path).substr(name_offset);
    entry.name_offset = name_offset;
    entry.at_fd = AT_FDCWD;
    entry.at_name = path.c_str();
    entry.type = type;
    entry.depth = 1;
    return entry;
}

// Parses `args` and evaluates the expression for the entry ./src/main.c (a regular file).
std::pair<bool, std::string> evaluate(const std::vector<std::string>& args) {
    auto command = parse_find_command(args, {});
    REQUIRE(command);
    RecordingHost host;
    const Evaluator evaluator(*command, host);
    const std::string path = "./src/main.c";
    const auto outcome = evaluator.evaluate(entry_named(path, 6, EntryType::regular));
    return {outcome.matched, host.printed};
}

std::string parse_error(const std::vector<std::string>& args) {
    auto command = parse_find_command(args, {});
    REQUIRE_FALSE(command);
    return command.error().describe();
}

} // namespace

TEST_CASE("find expr: starting points end where find says", "[find][expr]") {
    auto command = parse_find_command({"-L", "--", "a", "-", ")", ",", "-name", "x"}, {});
    REQUIRE(command);
    CHECK(command->roots == std::vector<std::string>{"a", "-", ")", ","});
    CHECK(command->links == LinkMode::logical);
    auto dashdash = parse_find_command({"--", ".", "-type", "f"}, {});
    REQUIRE(dashdash);
    CHECK(dashdash->roots == std::vector<std::string>{"."});
    auto none = parse_find_command({"!", "-name", "x"}, {});
    REQUIRE(none);
    CHECK(none->roots == std::vector<std::string>{"."});
}

TEST_CASE("find expr: precedence, short-circuit and the implied -print", "[find][expr]") {
    // -a binds tighter than -o: true -o (false -a print) prints nothing.
    CHECK(evaluate({"-true", "-o", "-false", "-print"}) == std::pair<bool, std::string>{true, ""});
    // Without an action, -print applies to the whole expression.
    CHECK(evaluate({"-name", "*.c", "-o", "-false"}).second == "./src/main.c\n");
    CHECK(evaluate({"!", "-name", "*.c"}) == std::pair<bool, std::string>{false, ""});
    // The comma evaluates both sides and answers with the right one.
    CHECK(evaluate({"-print", ",", "-false"}) ==
          std::pair<bool, std::string>{false, "./src/main.c\n"});
    CHECK(
        evaluate({"(", "-false", "-o", "-name", "main.*", ")", "-printf", "%f|%h|%d\\n"}).second ==
        "main.c|./src|1\n");
}

TEST_CASE("find expr: long options are ORed per kind and ANDed before the rest", "[find][expr]") {
    CHECK(evaluate({"--name", "*.h", "--name", "*.c", "--type", "f"}).first);
    CHECK_FALSE(evaluate({"--name", "*.c", "--type", "d"}).first);
    CHECK(evaluate({"--name=*.c", "-print0"}).second == std::string("./src/main.c\0", 13));
    auto paths = parse_find_command({"--type", "f", "src", "include"}, {});
    REQUIRE(paths);
    CHECK(paths->roots == std::vector<std::string>{"src", "include"});
    CHECK(parse_error({".", "--name", "a.txt", "b.txt"}).find("quote it") != std::string::npos);
}

TEST_CASE("find expr: errors name what is wrong", "[find][expr]") {
    CHECK(parse_error({"-foo"}) == "unknown predicate (-foo)");
    CHECK(parse_error({"-name"}) == "missing argument to -name (-name)");
    CHECK(parse_error({"(", "-true"}).find("expecting to find a ')'") != std::string::npos);
    CHECK(parse_error({"-o", "-true"}).find("binary operator '-o'") != std::string::npos);
    CHECK(parse_error({"-type", "q"}).find("unknown argument to -type") != std::string::npos);
    CHECK(parse_error({"-size", "3x"}).find("-size") != std::string::npos);
    CHECK(parse_error({"-regextype", "perl"}).find("posix-extended") != std::string::npos);
    CHECK(parse_error({"-exec", "echo"}).find("-exec") != std::string::npos);
    CHECK(parse_error({"-newermt", "two parsecs"}).find("as a date or time") != std::string::npos);
}

TEST_CASE("find expr: arities let a front end skip values", "[find][expr]") {
    CHECK(primary_arity("-name") == 1);
    CHECK(primary_arity("-fprintf") == 2);
    CHECK(primary_arity("-exec") == -1);
    CHECK(primary_arity("-print") == 0);
    CHECK(primary_arity("--json") == 0);
    CHECK(primary_arity("-newermt") == 1);
}

TEST_CASE("find expr: actions decide the walk", "[find][expr]") {
    auto del = parse_find_command({"-name", "*.o", "-delete"}, {});
    REQUIRE(del);
    CHECK(del->depth_first);
    CHECK(del->needs_serial);
    auto plain = parse_find_command({"-name", "*.o"}, {});
    REQUIRE(plain);
    CHECK_FALSE(plain->needs_serial);
    CHECK_FALSE(plain->needs_stat);
    auto sized = parse_find_command({"-size", "+1k"}, {});
    REQUIRE(sized);
    CHECK(sized->needs_stat);
    ParseSettings quiet;
    quiet.implied_print = false;
    auto quiet_command = parse_find_command({"-name", "*.c"}, quiet);
    REQUIRE(quiet_command);
    RecordingHost host;
    const std::string path = "./src/main.c";
    CHECK(
        Evaluator(*quiet_command, host).evaluate(entry_named(path, 6, EntryType::regular)).matched);
    CHECK(host.printed.empty());
}
