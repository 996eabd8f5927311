// Throughput of tbx's semver engine: N (constraint, version) checks in one process, on the
// same workload files as node_bench.js and poetry_bench.py. Prints checks per second.
//
// Usage: bench_semver FLAVOR CONSTRAINTS.txt VERSIONS.txt [N]

#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include <tbx/semver/constraint.hpp>

using namespace tbx::semver;

namespace {

std::vector<std::string> read_lines(const char* path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(line);
    }
    return lines;
}

// Process CPU time, not wall time: the machine is shared, and CPU seconds are what a check
// costs (node's and Python's benches measure the same way).
double cpu_now() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_semver FLAVOR CONSTRAINTS VERSIONS [N]\n");
        return 2;
    }
    Flavor flavor = flavor_from_name(argv[1]).value_or(Flavor::poetry);
    auto constraints = read_lines(argv[2]);
    auto versions = read_lines(argv[3]);
    long n = argc > 4 ? std::stol(argv[4]) : 1000000;

    // Mode 1, like `new Range(c)` once and `range.test(v)` per check: constraints parsed
    // once, each version string parsed per check (into one reused SemVersion, as `resolve`
    // does: no allocation unless a pre-release or build is longer than 15 bytes).
    std::vector<Constraint> parsed;
    for (const auto& c : constraints) {
        auto p = parse_constraint(c, flavor);
        if (!p) {
            std::fprintf(stderr, "bad constraint: %s\n", c.c_str());
            return 2;
        }
        parsed.push_back(std::move(*p));
    }
    // Pair i is (constraint i mod C, version 7919*i mod V), stepped without divisions (the
    // node and Python benches step the same way).
    const std::size_t step = 7919 % versions.size();
    std::size_t ci = 0;
    std::size_t vi = 0;
    long hits = 0;
    SemVersion sem;
    double start = cpu_now();
    for (long i = 0; i < n; ++i) {
        const Constraint& c = parsed[ci];
        const std::string& text = versions[vi];
        ci = ci + 1 == parsed.size() ? 0 : ci + 1;
        vi += step;
        vi = vi >= versions.size() ? vi - versions.size() : vi;
        if (flavor == Flavor::poetry) {
            auto v = parse_pep440(text);
            hits += v && satisfies(c, *v) ? 1 : 0;
        } else {
            hits += parse_semver_into(text, flavor, sem) && satisfies(c, sem) ? 1 : 0;
        }
    }
    double t1 = cpu_now() - start;

    // Mode 2, like `satisfies(v, c)` with two strings: everything parsed per check.
    long n2 = n / 10;
    long hits2 = 0;
    start = cpu_now();
    for (long i = 0; i < n2; ++i) {
        const std::string& c = constraints[static_cast<std::size_t>(i) % constraints.size()];
        const std::string& text = versions[static_cast<std::size_t>(i * 7919) % versions.size()];
        auto pc = parse_constraint(c, flavor);
        auto v = parse_version(text, flavor);
        hits2 += pc && v && satisfies(*pc, *v) ? 1 : 0;
    }
    double t2 = cpu_now() - start;
    std::printf("{\"impl\": \"tbx\", \"flavor\": \"%s\", \"checks\": %ld, \"matches\": %ld, "
                "\"parsed_range_per_s\": %.0f, \"strings_per_s\": %.0f}\n",
                argv[1], n, hits, static_cast<double>(n) / t1, static_cast<double>(n2) / t2);
    (void)hits2;
    return 0;
}
