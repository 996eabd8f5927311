// Fuzzes the version parsers (SemVer for npm and cargo, PEP 440 for poetry), ordering and
// bumping. Input: byte 0 picks the flavor; the rest is "A\nB".

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <tbx/semver/bump.hpp>
#include <tbx/semver/parts.hpp>
#include <tbx/semver/version.hpp>

using namespace tbx::semver;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) {
        return 0;
    }
    const Flavor flavors[] = {Flavor::poetry, Flavor::npm, Flavor::cargo};
    Flavor flavor = flavors[data[0] % 3];
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    std::size_t nl = text.find('\n');
    std::string_view a = text.substr(0, nl);
    std::string_view b = nl == std::string_view::npos ? a : text.substr(nl + 1);
    auto va = parse_version(a, flavor);
    auto vb = parse_version(b, flavor);
    if (va && vb) {
        int ab = compare_versions(*va, *vb);
        int ba = compare_versions(*vb, *va);
        // Antisymmetry: a total order must give opposite answers.
        if ((ab > 0) != (ba < 0) || (ab == 0) != (ba == 0)) {
            __builtin_trap();
        }
    }
    if (va) {
        for (BumpPart part : {BumpPart::major, BumpPart::minor, BumpPart::patch, BumpPart::pre,
                              BumpPart::premajor, BumpPart::preminor, BumpPart::prepatch,
                              BumpPart::release, BumpPart::post, BumpPart::dev}) {
            (void)bump_version(*va, part);
        }
        if (flavor == Flavor::poetry) {
            (void)va->pep().to_string();
            (void)pep440_next_breaking(va->pep());
        }
    }
    return 0;
}
