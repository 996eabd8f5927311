#include <array>

#include <tbx/cuda/torch_table.hpp>

namespace tbx::cuda {

namespace {

// Checked 2026-12-02. Which variants exist per release, and the arch list of each:
//   [pv] pytorch.github.io _get_started/previous-versions.md: the pip commands of each release
//        (https://pytorch.org/get-started/previous-versions/), 2.0 ... 2.9.
//   [bc] pytorch/pytorch .ci/manywheel/build_cuda.sh (the 2.8 state): TORCH_CUDA_ARCH_LIST
//        12.6 "5.0;6.0;7.0;7.5;8.0;8.6;9.0", 12.8 "7.0;7.5;8.0;8.6;9.0;10.0;12.0",
//        12.9 "7.0;...;12.0+PTX" (X+PTX adds compute_X to get_arch_list).
//   [rm] pytorch/pytorch RELEASE.md "PyTorch CUDA Support Matrix" and its PRs: #164471 (2.9),
//        #175253 (2.11: Volta dropped from 12.8), #182849 (2.12: 12.8 dropped, 13.2 added),
//        #187075 (2.13), #197555 (2.14 = 2.13 = 2.12); RFCs #172663, #178665, #190355.
//   [al] get_arch_list() outputs recorded in public material: 1.11.0+cu113 and 1.12.1+cu116
//        (sm_37 ... sm_86: the builder's 11.x list before 11.8), 2.5.1+cu121 (sm_50 ... sm_90),
//        2.6.0+cu118 (sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_37 sm_90, two sources),
//        2.7.1+cu128 and 2.13.0.dev+cu132 (sm_75 ... sm_120 compute_120).
//   [ix] wheels on download.pytorch.org pinned in public files: torch==2.11.0+cu132,
//        2.12.1+cu132, 2.14.0+cu132. 2.11's cu132 arch list is taken to be cu130's (same
//        matrix row in 2.12; not recorded separately).
// 2.15 is announced without CUDA 12.6 wheels and is not in the table yet.
constexpr std::string_view k_cu11_old = "sm_37 sm_50 sm_60 sm_70 sm_75 sm_80 sm_86";
constexpr std::string_view k_cu118_2_0 = "sm_37 sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_90";
constexpr std::string_view k_cu118 = "sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_37 sm_90";
constexpr std::string_view k_cu12_legacy = "sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_90";
constexpr std::string_view k_cu128_2_7 = "sm_75 sm_80 sm_86 sm_90 sm_100 sm_120 compute_120";
constexpr std::string_view k_cu128_volta = "sm_70 sm_75 sm_80 sm_86 sm_90 sm_100 sm_120";
constexpr std::string_view k_cu129 = "sm_70 sm_75 sm_80 sm_86 sm_90 sm_100 sm_120 compute_120";
constexpr std::string_view k_cu128_turing = "sm_75 sm_80 sm_86 sm_90 sm_100 sm_120";
constexpr std::string_view k_cu13 = "sm_75 sm_80 sm_86 sm_90 sm_100 sm_120 compute_120";

constexpr CudaVersion cu(int major, int minor) {
    return CudaVersion{major, minor, {}};
}

constexpr std::array<TorchVariant, 42> k_variants{{
    {"2.0", "cu117", cu(11, 7), k_cu11_old, "[pv] [al]"},
    {"2.0", "cu118", cu(11, 8), k_cu118_2_0, "[pv] 11.8 adds 9.0"},
    {"2.1", "cu118", cu(11, 8), k_cu118, "[pv] [al]"},
    {"2.1", "cu121", cu(12, 1), k_cu12_legacy, "[pv] [al]"},
    {"2.2", "cu118", cu(11, 8), k_cu118, "[pv] [al]"},
    {"2.2", "cu121", cu(12, 1), k_cu12_legacy, "[pv] [al]"},
    {"2.3", "cu118", cu(11, 8), k_cu118, "[pv] [al]"},
    {"2.3", "cu121", cu(12, 1), k_cu12_legacy, "[pv] [al]"},
    {"2.4", "cu118", cu(11, 8), k_cu118, "[pv] [al]"},
    {"2.4", "cu121", cu(12, 1), k_cu12_legacy, "[pv] [al]"},
    {"2.4", "cu124", cu(12, 4), k_cu12_legacy, "[pv] [al]"},
    {"2.5", "cu118", cu(11, 8), k_cu118, "[pv] [al]"},
    {"2.5", "cu121", cu(12, 1), k_cu12_legacy, "[pv] [al] 2.5.1+cu121"},
    {"2.5", "cu124", cu(12, 4), k_cu12_legacy, "[pv] [al]"},
    {"2.6", "cu118", cu(11, 8), k_cu118, "[pv] [al] 2.6.0+cu118"},
    {"2.6", "cu124", cu(12, 4), k_cu12_legacy, "[pv] [al]"},
    {"2.6", "cu126", cu(12, 6), k_cu12_legacy, "[pv] [bc]"},
    {"2.7", "cu118", cu(11, 8), k_cu118, "[pv] [al]"},
    {"2.7", "cu126", cu(12, 6), k_cu12_legacy, "[pv] [bc]"},
    {"2.7", "cu128", cu(12, 8), k_cu128_2_7, "[pv] [al] 2.7.1+cu128"},
    {"2.8", "cu126", cu(12, 6), k_cu12_legacy, "[pv] [bc]"},
    {"2.8", "cu128", cu(12, 8), k_cu128_volta, "[pv] [bc]"},
    {"2.8", "cu129", cu(12, 9), k_cu129, "[pv] [bc]"},
    {"2.9", "cu126", cu(12, 6), k_cu12_legacy, "[pv] [rm] #164471"},
    {"2.9", "cu128", cu(12, 8), k_cu128_volta, "[pv] [rm] #164471"},
    {"2.9", "cu130", cu(13, 0), k_cu13, "[pv] [rm] #164471"},
    {"2.10", "cu126", cu(12, 6), k_cu12_legacy, "[rm] 2.9 and 2.10 share the matrix"},
    {"2.10", "cu128", cu(12, 8), k_cu128_volta, "[rm] 2.9 and 2.10 share the matrix"},
    {"2.10", "cu130", cu(13, 0), k_cu13, "[rm] 2.9 and 2.10 share the matrix"},
    {"2.11", "cu126", cu(12, 6), k_cu12_legacy, "[rm] #175253"},
    {"2.11", "cu128", cu(12, 8), k_cu128_turing, "[rm] #175253: Volta dropped from 12.8"},
    {"2.11", "cu130", cu(13, 0), k_cu13, "[rm] #175253"},
    {"2.11", "cu132", cu(13, 2), k_cu13, "[ix] torch==2.11.0+cu132; arch list as cu130"},
    {"2.12", "cu126", cu(12, 6), k_cu12_legacy, "[rm] #182849"},
    {"2.12", "cu130", cu(13, 0), k_cu13, "[rm] #182849"},
    {"2.12", "cu132", cu(13, 2), k_cu13, "[rm] #182849 [ix] 2.12.1+cu132"},
    {"2.13", "cu126", cu(12, 6), k_cu12_legacy, "[rm] #187075"},
    {"2.13", "cu130", cu(13, 0), k_cu13, "[rm] #187075"},
    {"2.13", "cu132", cu(13, 2), k_cu13, "[rm] #187075 [al] 2.13.0.dev+cu132"},
    {"2.14", "cu126", cu(12, 6), k_cu12_legacy, "[rm] #197555 #190355"},
    {"2.14", "cu130", cu(13, 0), k_cu13, "[rm] #197555 #190355"},
    {"2.14", "cu132", cu(13, 2), k_cu13, "[rm] #197555 #190355 [ix] 2.14.0+cu132"},
}};

} // namespace

std::span<const TorchVariant> torch_variants() {
    return k_variants;
}

std::vector<TorchVariant> variants_of(std::string_view torch_release) {
    std::vector<TorchVariant> rows;
    for (const auto& variant : k_variants) {
        if (variant.torch == torch_release) {
            rows.push_back(variant);
        }
    }
    return rows;
}

std::vector<std::string> torch_releases() {
    std::vector<std::string> releases;
    for (const auto& variant : k_variants) {
        if (releases.empty() || releases.back() != variant.torch) {
            releases.emplace_back(variant.torch);
        }
    }
    return releases;
}

std::optional<std::string> torch_release_of(std::string_view version) {
    const auto local = version.find('+');
    const auto release = version.substr(0, local);
    const auto first_dot = release.find('.');
    if (first_dot == std::string_view::npos) {
        return std::nullopt;
    }
    const auto second_dot = release.find('.', first_dot + 1);
    const auto major_minor = std::string(release.substr(0, second_dot));
    for (const auto& known : torch_releases()) {
        if (known == major_minor) {
            return known;
        }
    }
    return std::nullopt;
}

} // namespace tbx::cuda
