// Fuzzes the three constraint parsers and everything downstream of a parsed constraint:
// satisfies, the normalized range, intervals, intersection and the error diagnosis.
// Input: byte 0 picks flavor and pre-release mode; the rest is "CONSTRAINT\nVERSION".

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <tbx/semver/constraint.hpp>

using namespace tbx::semver;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) {
        return 0;
    }
    const Flavor flavors[] = {Flavor::poetry, Flavor::npm, Flavor::cargo};
    Flavor flavor = flavors[data[0] % 3];
    Prerelease pre = (data[0] & 4) != 0 ? Prerelease::include : Prerelease::by_flavor_rule;
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    std::string_view constraint = text.substr(0, text.find('\n'));
    std::string_view version =
        text.find('\n') == std::string_view::npos ? "1.0.0" : text.substr(text.find('\n') + 1);

    auto c = parse_constraint(constraint, flavor, pre);
    if (!c) {
        Diagnosis d = diagnose_constraint(constraint, flavor);
        if (d.column > constraint.size() + 1) {
            __builtin_trap();
        }
        return 0;
    }
    (void)normalized_range(*c);
    (void)interval_texts(*c);
    Constraint both = intersect_constraints(*c, *c);
    (void)normalized_range(both);
    (void)is_empty_constraint(both);
    if (auto v = parse_version(version, flavor)) {
        (void)satisfies(*c, *v);
        (void)satisfies(both, *v);
    }
    return 0;
}
