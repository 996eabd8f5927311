#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <tbx/core/atomic_file.hpp>

using namespace tbx::core;
namespace fs = std::filesystem;

namespace {

// A fresh directory per test, removed at the end.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "tbx-atomic-XXXXXX").string();
        path = ::mkdtemp(pattern.data());
    }
    ~TempDir() {
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add);
        fs::remove_all(path);
    }
    [[nodiscard]] std::size_t entries() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), {}));
    }
};

void write_plain(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

} // namespace

TEST_CASE("write_file_atomic replaces content and keeps the mode") {
    TempDir dir;
    const auto file = dir.path / "a.txt";
    write_plain(file, "old");
    fs::permissions(file, fs::perms(0640));
    REQUIRE(write_file_atomic(file.string(), "new content"));
    CHECK(read_file(file.string()).value() == "new content");
    CHECK((fs::status(file).permissions() & fs::perms::all) == fs::perms(0640));
    CHECK(dir.entries() == 1); // no temp file left
}

TEST_CASE("write_file_atomic edits a symlink's target and keeps the link") {
    TempDir dir;
    write_plain(dir.path / "target.txt", "old");
    fs::create_symlink("target.txt", dir.path / "link.txt");
    REQUIRE(write_file_atomic((dir.path / "link.txt").string(), "new"));
    CHECK(fs::is_symlink(dir.path / "link.txt"));
    CHECK(read_file((dir.path / "target.txt").string()).value() == "new");
}

TEST_CASE("write_file_atomic refuses when the file changed since it was read") {
    TempDir dir;
    const auto file = dir.path / "a.txt";
    write_plain(file, "old");
    const auto stamp = stamp_of(file.string()).value();
    write_plain(file, "changed by someone else");
    AtomicWriteOptions options;
    options.expected_stamp = stamp;
    auto result = write_file_atomic(file.string(), "mine", options);
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == tbx::ErrorKind::conflict);
    CHECK(read_file(file.string()).value() == "changed by someone else");
    CHECK(dir.entries() == 1);
}

TEST_CASE("write_file_atomic fails cleanly in a read-only directory") {
    if (::geteuid() == 0) {
        SUCCEED("root ignores directory permissions; covered by the read-only tmpfs CLI test");
        return;
    }
    TempDir dir;
    const auto file = dir.path / "a.txt";
    write_plain(file, "old");
    fs::permissions(dir.path, fs::perms(0555));
    auto result = write_file_atomic(file.string(), "new");
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == tbx::ErrorKind::permission);
    CHECK(read_file(file.string()).value() == "old");
}

TEST_CASE("read_file reports a missing file") {
    auto result = read_file("/nonexistent/tbx/file");
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == tbx::ErrorKind::not_found);
    CHECK(result.error().describe() ==
          "cannot open: No such file or directory (/nonexistent/tbx/file)");
}

TEST_CASE("write_file_atomic creates a missing file with exactly the mode asked") {
    TempDir dir;
    const auto file = dir.path / "new.txt";
    const mode_t saved_umask = ::umask(077);
    AtomicWriteOptions options;
    options.new_file_mode = 0644;
    auto result = write_file_atomic(file.string(), "fresh", options);
    ::umask(saved_umask);
    REQUIRE(result);
    CHECK(read_file(file.string()).value() == "fresh");
    CHECK((fs::status(file).permissions() & fs::perms::all) == fs::perms(0644));
    CHECK(dir.entries() == 1);
}

TEST_CASE("AtomicWriter streams pieces and commits them over the original") {
    TempDir dir;
    const auto file = dir.path / "s.txt";
    write_plain(file, "0123456789");
    fs::permissions(file, fs::perms(0600));
    const int original = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(original >= 0);
    struct stat status {};
    REQUIRE(::fstat(original, &status) == 0);
    auto writer = AtomicWriter::open(file.string(), Durability::no_fsync);
    REQUIRE(writer);
    REQUIRE(writer->write("ab"));
    REQUIRE(writer->copy_from(original, 2, 6)); // "234567" straight from the old file
    REQUIRE(writer->write("yz"));
    CHECK(read_file(file.string()).value() == "0123456789"); // nothing visible before commit
    REQUIRE(writer->commit(original, status));
    ::close(original);
    CHECK(read_file(file.string()).value() == "ab234567yz");
    CHECK((fs::status(file).permissions() & fs::perms::all) == fs::perms(0600));
    CHECK(dir.entries() == 1);
}
