#include <catch2/catch.hpp>

#include <tbx/core/strings.hpp>

using namespace tbx::core;

TEST_CASE("is_valid_utf8 accepts well-formed text and rejects malformed sequences") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ascii"));
    CHECK(is_valid_utf8("\xC3\xA9t\xC3\xA9 \xE2\x94\x80 \xF0\x9F\x98\x80"));
    CHECK_FALSE(is_valid_utf8("\xFF"));
    CHECK_FALSE(is_valid_utf8("\xC3"));             // truncated
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));     // surrogate U+D800
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
}

TEST_CASE("to_utf8_lossy replaces each bad byte and keeps the rest") {
    CHECK(to_utf8_lossy("a\xFF"
                        "b") == "a\xEF\xBF\xBD"
                                "b");
    CHECK(to_utf8_lossy("\xC3\xA9") == "\xC3\xA9");
    CHECK(is_valid_utf8(to_utf8_lossy("\xC3\x28\xA0\xA1\xE2\x28\xA1")));
}

TEST_CASE("base64_encode follows the RFC 4648 test vectors") {
    // RFC 4648 section 10.
    CHECK(base64_encode("") == "");
    CHECK(base64_encode("f") == "Zg==");
    CHECK(base64_encode("fo") == "Zm8=");
    CHECK(base64_encode("foo") == "Zm9v");
    CHECK(base64_encode("foob") == "Zm9vYg==");
    CHECK(base64_encode("fooba") == "Zm9vYmE=");
    CHECK(base64_encode("foobar") == "Zm9vYmFy");
    CHECK(base64_encode(std::string("\xFF\x00\x80", 3)) == "/wCA");
}

TEST_CASE("nearest_name suggests plausible typos only") {
    const std::vector<std::string> commands = {"find", "whereis", "subst", "semver", "memprof"};
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(nearest_name("fnd", commands) == "find");
    CHECK(nearest_name("semvr", commands) == "semver");
    CHECK(nearest_name("memprf", commands) == "memprof");
    CHECK(nearest_name("completely-different", commands).empty());
}

TEST_CASE("split and trim") {
    CHECK(split("a,,b", ',') == std::vector<std::string_view>{"a", "", "b"});
    CHECK(split("", ',') == std::vector<std::string_view>{""});
    CHECK(trim("  x y \n") == "x y");
    CHECK(trim(" \t ").empty());
}
