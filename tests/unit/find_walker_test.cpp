#include <algorithm>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include <tbx/find/walker.hpp>

namespace fs = std::filesystem;
using namespace tbx::find;

namespace {

// Makes a fresh directory under TMPDIR and removes it at scope end.
class TempTree {
public:
    TempTree() {
        std::string templ = (fs::temp_directory_path() / "tbx-walker-XXXXXX").string();
        m_root = mkdtemp(templ.data());
    }
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;
    ~TempTree() {
        std::error_code ec;
        fs::remove_all(m_root, ec);
    }
    [[nodiscard]] const std::string& root() const { return m_root; }
    void file(const std::string& rel) const { std::ofstream(m_root + "/" + rel) << "x"; }
    void dir(const std::string& rel) const { fs::create_directories(m_root + "/" + rel); }
    void link(const std::string& target, const std::string& rel) const {
        fs::create_symlink(target, m_root + "/" + rel);
    }

private:
    std::string m_root;
};

// Records everything it sees, thread-safely.
class Recorder : public Visitor {
public:
    std::function<VisitAction(const Entry&)> decide;

    VisitAction visit(const Entry& entry) override {
        std::lock_guard lock(m_mutex);
        paths.push_back(std::string(entry.path));
        types[std::string(entry.path)] = type_letter(entry.type);
        names[std::string(entry.path)] = std::string(entry.name);
        depths[std::string(entry.path)] = entry.depth;
        // The documented invariants of Entry.
        if (entry.depth > 0) {
            CHECK(entry.path.substr(entry.name_offset) == entry.name);
        }
        CHECK(entry.name.data()[entry.name.size()] == '\0');
        struct stat st {};
        CHECK(fstatat(entry.at_fd, entry.at_name, &st, AT_SYMLINK_NOFOLLOW) == 0);
        return decide ? decide(entry) : VisitAction::continue_walk;
    }
    VisitAction error(const WalkError& error) override {
        std::lock_guard lock(m_mutex);
        errors.push_back(error.path + ": " + error.message);
        return VisitAction::continue_walk;
    }
    void worker_finished(unsigned) override {
        std::lock_guard lock(m_mutex);
        ++finished;
    }

    std::vector<std::string> paths;
    std::map<std::string, char> types;
    std::map<std::string, std::string> names;
    std::map<std::string, std::size_t> depths;
    std::vector<std::string> errors;
    unsigned finished = 0;

private:
    std::mutex m_mutex;
};

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

void make_sample(const TempTree& t) {
    t.dir("a/b/c");
    t.dir("a/empty");
    t.dir(".hidden");
    t.file("a/x.h");
    t.file("a/b/y.h");
    t.file("a/b/c/z");
    t.file(".hidden/h");
    t.link("a", "to_a");
    t.link("missing", "dangling");
    mkfifo((t.root() + "/fifo").c_str(), 0600);
}

} // namespace

TEST_CASE("find walker: parallel and sorted walks see the same entries", "[find][walker]") {
    TempTree t;
    make_sample(t);
    WalkOptions options;
    options.roots = {t.root()};
    Recorder sorted_rec;
    options.order = WalkOrder::sorted;
    REQUIRE(walk(options, sorted_rec).has_value());
    CHECK(sorted_rec.errors.empty());
    CHECK(sorted_rec.paths.size() == 13);
    // Sorted order is pre-order with byte-ordered names.
    std::vector<std::string> expected = {
        "",         "/.hidden", "/.hidden/h", "/a",        "/a/b",  "/a/b/c", "/a/b/c/z",
        "/a/b/y.h", "/a/empty", "/a/x.h",     "/dangling", "/fifo", "/to_a"};
    for (auto& e : expected) {
        e = t.root() + e;
    }
    CHECK(sorted_rec.paths == expected);
    CHECK(sorted_rec.types[t.root() + "/to_a"] == 'l');
    CHECK(sorted_rec.types[t.root() + "/fifo"] == 'p');
    CHECK(sorted_rec.finished == 1);

    for (const unsigned threads : {1U, 2U, 4U}) {
        Recorder rec;
        options.order = WalkOrder::unordered;
        options.threads = threads;
        REQUIRE(walk(options, rec).has_value());
        CHECK(sorted(rec.paths) == sorted(sorted_rec.paths));
        CHECK(rec.finished == threads);
    }
}

TEST_CASE("find walker: prune, stop, depth limits", "[find][walker]") {
    TempTree t;
    make_sample(t);
    WalkOptions options;
    options.roots = {t.root() + "/"};
    options.order = WalkOrder::sorted;

    Recorder pruning;
    pruning.decide = [](const Entry& e) {
        return e.name == "b" ? VisitAction::prune : VisitAction::continue_walk;
    };
    REQUIRE(walk(options, pruning).has_value());
    CHECK(std::count(pruning.paths.begin(), pruning.paths.end(), t.root() + "/a/b") == 1);
    CHECK(std::count(pruning.paths.begin(), pruning.paths.end(), t.root() + "/a/b/y.h") == 0);
    // A root with a trailing slash is joined without doubling it, as find does.
    CHECK(pruning.paths.front() == t.root() + "/");
    CHECK(pruning.paths[1] == t.root() + "/.hidden");
    CHECK(pruning.names[t.root() + "/"] == fs::path(t.root()).filename().string());

    Recorder stopping;
    stopping.decide = [](const Entry&) { return VisitAction::stop; };
    auto stats = walk(options, stopping);
    REQUIRE(stats.has_value());
    CHECK(stats->stopped);
    CHECK(stopping.paths.size() == 1);

    for (const WalkOrder order : {WalkOrder::sorted, WalkOrder::unordered}) {
        options.order = order;
        options.min_depth = 2;
        options.max_depth = 2;
        Recorder depth;
        REQUIRE(walk(options, depth).has_value());
        for (const auto& [path, d] : depth.depths) {
            CHECK(d == 2);
        }
        CHECK(sorted(depth.paths) == sorted({t.root() + "/.hidden/h", t.root() + "/a/b",
                                             t.root() + "/a/empty", t.root() + "/a/x.h"}));
    }
}

TEST_CASE("find walker: follow mode reports loops and dangling links", "[find][walker]") {
    TempTree t;
    make_sample(t);
    t.link("..", "a/b/up");
    t.link("self", "self");
    for (const WalkOrder order : {WalkOrder::sorted, WalkOrder::unordered}) {
        WalkOptions options;
        options.roots = {t.root()};
        options.symlinks = SymlinkPolicy::follow;
        options.order = order;
        Recorder rec;
        REQUIRE(walk(options, rec).has_value());
        CHECK(rec.types[t.root() + "/to_a"] == 'd');
        CHECK(rec.types[t.root() + "/dangling"] == 'l');
        CHECK(rec.types.count(t.root() + "/to_a/x.h") == 1);
        // a/b/up -> a is the loop; self -> self cannot be resolved.
        CHECK(rec.types.count(t.root() + "/a/b/up") == 0);
        CHECK(rec.errors.size() == 3); // a/b/up, to_a/b/up, self
    }
}

TEST_CASE("find walker: errors are reported and the walk goes on", "[find][walker]") {
    TempTree t;
    make_sample(t);
    WalkOptions options;
    options.roots = {t.root() + "/nope", t.root() + "/a/x.h", t.root() + "/a"};
    Recorder rec;
    REQUIRE(walk(options, rec).has_value());
    REQUIRE(rec.errors.size() == 1);
    CHECK(rec.errors[0].find("No such file or directory") != std::string::npos);
    CHECK(rec.paths.size() == 8);
    CHECK_FALSE(walk(WalkOptions{{}, {}, {}, 0, 0, 0, {}}, rec).has_value());
}

TEST_CASE("find walker: 10k-level nesting with few descriptors", "[find][walker]") {
    TempTree t;
    // Build by descriptor: the full path is far beyond PATH_MAX.
    int fd = open(t.root().c_str(), O_RDONLY | O_DIRECTORY);
    REQUIRE(fd >= 0);
    const int levels = 10000;
    for (int i = 0; i < levels; ++i) {
        REQUIRE(mkdirat(fd, "d", 0700) == 0);
        if (i % 100 == 0) {
            // A sibling at some levels keeps parents open on the stack.
            close(openat(fd, "f", O_CREAT | O_WRONLY, 0600));
            mkdirat(fd, "s", 0700);
        }
        const int next = openat(fd, "d", O_RDONLY | O_DIRECTORY);
        close(fd);
        fd = next;
        REQUIRE(fd >= 0);
    }
    close(fd);
    for (const WalkOrder order : {WalkOrder::sorted, WalkOrder::unordered}) {
        WalkOptions options;
        options.roots = {t.root()};
        options.order = order;
        Recorder rec;
        REQUIRE(walk(options, rec).has_value());
        CHECK(rec.errors.empty());
        CHECK(rec.paths.size() == 1 + levels + 2 * (levels / 100));
    }
    // Remove by descriptor too (remove_all would need long paths).
    std::string cmd = "rm -rf '" + t.root() + "'";
    CHECK(std::system(cmd.c_str()) == 0);
}
