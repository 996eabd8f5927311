// The problem table: one row per code, in enum order, every attribute filled.

#include <set>

#include <catch2/catch.hpp>

#include <tbx/cuda/problems.hpp>

using namespace tbx::cuda;

TEST_CASE("the problem table has one complete row per code, in enum order", "[cuda][problems]") {
    const auto table = problem_table();
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto& row = table[i];
        INFO(row.name);
        // problem_info indexes the table by the enum's value.
        CHECK(static_cast<std::size_t>(row.code) == i);
        CHECK(&problem_info(row.code) == &row);
        CHECK(names.insert(row.name).second);
        CHECK(row.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos);
        CHECK_FALSE(row.summary.empty());
        CHECK_FALSE(row.fix.empty());
    }
    CHECK(table.back().code == ProblemCode::multiple_toolkits);
    CHECK(Problem{ProblemCode::torch_arch_mismatch, "m"}.name() == "torch_arch_mismatch");
    CHECK(severity_name(problem_info(ProblemCode::no_driver).severity) == "error");
    CHECK(severity_name(problem_info(ProblemCode::multiple_toolkits).severity) == "warning");
}
