#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include <tbx/find/whereis.hpp>

using namespace tbx::find;

TEST_CASE("find whereis: name rules follow util-linux", "[find][whereis]") {
    CHECK(whereis_name_matches("cat", "cat", WhereKind::binary));
    CHECK_FALSE(whereis_name_matches("cat", "cat.1", WhereKind::binary));
    CHECK_FALSE(whereis_name_matches("cat", "catx", WhereKind::manual));
    CHECK(whereis_name_matches("cat", "cat.1.gz", WhereKind::manual));
    CHECK(whereis_name_matches("cat", "cat.1.zst", WhereKind::manual));
    CHECK(whereis_name_matches("cat", "cat.gz", WhereKind::manual));
    CHECK(whereis_name_matches("cat", "cat.1.C", WhereKind::manual));
    CHECK_FALSE(whereis_name_matches("cat", "cat.1.x.C", WhereKind::manual));
    CHECK_FALSE(whereis_name_matches("cat", "cat.1.bz2.C", WhereKind::manual));
    CHECK(whereis_name_matches("find", "find.info-2.gz", WhereKind::manual));
    CHECK(whereis_name_matches("cat", "s.cat", WhereKind::source));
    CHECK_FALSE(whereis_name_matches("cat", "s.cat", WhereKind::manual));
}

TEST_CASE("find whereis: directories from the environment, deduplicated", "[find][whereis]") {
    namespace fs = std::filesystem;
    std::string templ = (fs::temp_directory_path() / "tbx-whereis-XXXXXX").string();
    const std::string root = mkdtemp(templ.data());
    fs::create_directories(root + "/bin");
    fs::create_directories(root + "/man/man1");
    fs::create_symlink(root + "/bin", root + "/bin2");
    std::ofstream(root + "/bin/tbxprobe") << "";
    std::ofstream(root + "/man/man1/tbxprobe.1.gz") << "";

    WhereisOptions options;
    options.path_env = root + "/bin:" + root + "/bin2::" + root + "/missing";
    options.manpath_env = root + "/man/man1";
    const auto dirs = whereis_directories(options);
    std::size_t ours = 0;
    for (const auto& dir : dirs) {
        if (dir.path.rfind(root, 0) == 0) {
            ++ours;
        }
    }
    CHECK(ours == 2); // bin2 is bin; missing is left out
    const auto result = whereis_lookup("/some/where/tbxprobe", dirs);
    CHECK(result.name == "tbxprobe");
    REQUIRE(result.paths.size() == 2);
    CHECK(result.paths[0] == root + "/bin/tbxprobe");
    CHECK(result.paths[1] == root + "/man/man1/tbxprobe.1.gz");
    CHECK(whereis_lookup("tbxprobe", dirs, where_bit(WhereKind::manual)).paths.size() == 1);
    fs::remove_all(root);
}
