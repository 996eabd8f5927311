#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <tbx/core/atomic_file.hpp>
#include <tbx/subst/journal.hpp>

using namespace tbx::subst;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("the journal saves old contents and undo puts back unchanged files", "[subst][journal]") {
    const fs::path top = fs::temp_directory_path() / ("tbx-journal-" + std::to_string(::getpid()));
    fs::remove_all(top);
    fs::create_directories(top);
    const fs::path root = top / "state";
    const fs::path kept = top / "kept.txt";
    const fs::path edited = top / "edited.txt";
    write(kept, "old kept\n");
    write(edited, "old edited\n");
    {
        auto journal = Journal::begin(root.string(), "tbx subst old new");
        REQUIRE(journal);
        for (const fs::path& path : {kept, edited}) {
            const std::string saved = journal->save(path.string(), 16, false);
            REQUIRE_FALSE(saved.empty());
            REQUIRE(tbx::core::write_file_atomic(path.string(), "new\n"));
            journal->record(path.string(), saved, *tbx::core::stamp_of(path.string()));
        }
        REQUIRE(journal->finish());
    }
    write(edited, "changed by hand\n");
    auto runs = list_runs(root.string());
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].command == "tbx subst old new");
    CHECK(runs[0].files == 2);
    CHECK(runs[0].bytes == 32);
    REQUIRE(load_entries(runs[0]));
    const auto results = undo_run(runs[0]);
    REQUIRE(results.size() == 2);
    CHECK(results[0].restored);
    CHECK_FALSE(results[1].restored);
    CHECK(results[1].reason == "changed since tbx wrote it");
    CHECK(read(kept) == "old kept\n");
    CHECK(read(edited) == "changed by hand\n");
    fs::remove_all(top);
}

TEST_CASE("take_back puts back one file of the run and forgets it", "[subst][journal]") {
    const fs::path top =
        fs::temp_directory_path() / ("tbx-journal-back-" + std::to_string(::getpid()));
    fs::remove_all(top);
    fs::create_directories(top);
    const fs::path first = top / "first.txt";
    const fs::path second = top / "second.txt";
    write(first, "old first\n");
    write(second, "old second\n");
    auto journal = Journal::begin((top / "state").string(), "tbx subst -c old new");
    REQUIRE(journal);
    for (const fs::path& path : {first, second}) {
        const std::string saved = journal->save(path.string(), 16, false);
        REQUIRE(tbx::core::write_file_atomic(path.string(), "new\n"));
        journal->record(path.string(), saved, *tbx::core::stamp_of(path.string()));
    }
    const UndoResult back = journal->take_back(second.string());
    CHECK(back.restored);
    CHECK(read(second) == "old second\n");
    CHECK(read(first) == "new\n");
    CHECK(journal->run_so_far().entries.size() == 1);
    CHECK_FALSE(journal->take_back(second.string()).restored); // no longer in the run
    REQUIRE(journal->finish());
    fs::remove_all(top);
}
