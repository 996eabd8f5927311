#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <tbx/memprof/output.hpp>

namespace fs = std::filesystem;
using tbx::memprof::check_output;
using tbx::memprof::OutputKind;
using tbx::memprof::plot_format;

namespace {

fs::path scratch_dir() {
    fs::path dir = fs::temp_directory_path() / ("tbx-memprof-output-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

} // namespace

TEST_CASE("check_output sorts paths by how they are written", "[memprof][output]") {
    const fs::path dir = scratch_dir();
    CHECK(check_output("-")->kind == OutputKind::descriptor);
    CHECK(check_output("-")->fd == 1);
    CHECK(check_output("/dev/fd/2")->fd == 2);
    CHECK(check_output("/dev/null")->kind == OutputKind::write_through);
    CHECK(check_output((dir / "new.csv").string())->kind == OutputKind::replace);
    std::ofstream(dir / "old.csv") << "x";
    CHECK(check_output((dir / "old.csv").string())->kind == OutputKind::replace);
    fs::create_symlink(dir / "absent.csv", dir / "dangling.csv");
    CHECK(check_output((dir / "dangling.csv").string())->kind == OutputKind::write_through);
    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    CHECK(check_output((dir / "fifo").string())->kind == OutputKind::write_through);
    fs::remove_all(dir);
}

TEST_CASE("check_output refuses what cannot be written", "[memprof][output]") {
    const fs::path dir = scratch_dir();
    CHECK_FALSE(check_output(""));
    CHECK_FALSE(check_output("/nonexistent-tbx-dir/x.csv"));
    CHECK_FALSE(check_output(dir.string()));
    std::ofstream(dir / "file") << "x";
    CHECK_FALSE(check_output((dir / "file" / "x.csv").string()));
    CHECK_FALSE(check_output("/dev/fd/987")); // not open
    fs::remove_all(dir);
}

TEST_CASE("plot_format goes by the extension", "[memprof][output]") {
    CHECK(*plot_format("chart.svg") == "svg");
    CHECK(*plot_format("CHART.SVG") == "svg");
    CHECK(*plot_format("-") == "svg");
    CHECK(*plot_format("/dev/fd/63") == "svg");
    CHECK(*plot_format("dir.d/chart") == "svg");
    CHECK_FALSE(plot_format("chart.png"));
    CHECK_FALSE(plot_format("chart.svg.pdf"));
}
