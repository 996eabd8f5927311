#include <array>

#include <tbx/cuda/wheels.hpp>

namespace tbx::cuda {

namespace {

// The tags PyTorch published with a pip index URL (`--index-url` or, up to 1.13,
// `--extra-index-url` https://download.pytorch.org/whl/<tag>); checked 2026-11-23.
// cu111 and older shipped only through `-f .../torch_stable.html` find-links pages, and cu115
// never appeared in the published install matrix, so they are not candidates.
// Sources:
//   [pv]  pytorch/pytorch.github.io _get_started/previous-versions.md
//         (https://pytorch.org/get-started/previous-versions/), read 2026-11-23
//   [pv9] the same page, v2.9.1 / v2.9.0 sections (cu126, cu128, cu130)
//   [ix]  wheels on the index itself, as pinned in public requirement files found by exact
//         search (torch==2.8.0+cu129 --index-url .../whl/cu129; torch==2.11.0+cu132 and
//         torch==2.12.1+cu132 from .../whl/cu132, "stable CUDA 13.2 wheel" noted 2026-06-22)
constexpr std::array<WheelTag, 12> k_tags{{
    {"cu102",
     {10, 2, {}},
     "1.11.0",
     "[pv] v1.11.0: --extra-index-url https://download.pytorch.org/whl/cu102"},
    {"cu113",
     {11, 3, {}},
     "1.11.0",
     "[pv] v1.11.0: --extra-index-url https://download.pytorch.org/whl/cu113"},
    {"cu116",
     {11, 6, {}},
     "1.12.0",
     "[pv] v1.12.0: --extra-index-url https://download.pytorch.org/whl/cu116"},
    {"cu117",
     {11, 7, {}},
     "1.13.0",
     "[pv] v1.13.0: --extra-index-url https://download.pytorch.org/whl/cu117"},
    {"cu118",
     {11, 8, {}},
     "2.0.0",
     "[pv] v2.0.0: --index-url https://download.pytorch.org/whl/cu118"},
    {"cu121",
     {12, 1, {}},
     "2.1.0",
     "[pv] v2.1.0: --index-url https://download.pytorch.org/whl/cu121"},
    {"cu124",
     {12, 4, {}},
     "2.4.0",
     "[pv] v2.6.0; [ix] torch==2.4.0+cu124 --index-url https://download.pytorch.org/whl/cu124"},
    {"cu126",
     {12, 6, {}},
     "2.6.0",
     "[pv] v2.6.0: --index-url https://download.pytorch.org/whl/cu126"},
    {"cu128",
     {12, 8, {}},
     "2.7.0",
     "[pv9] v2.9.0, v2.9.1: --index-url https://download.pytorch.org/whl/cu128 (first: 2.7.0)"},
    {"cu129",
     {12, 9, {}},
     "2.8.0",
     "[ix] torch==2.8.0+cu129 --index-url https://download.pytorch.org/whl/cu129"},
    {"cu130",
     {13, 0, {}},
     "2.9.0",
     "[pv9] v2.9.0: --index-url https://download.pytorch.org/whl/cu130"},
    {"cu132",
     {13, 2, {}},
     "2.11.0",
     "[ix] torch==2.11.0+cu132 from https://download.pytorch.org/whl/cu132"},
}};

} // namespace

std::span<const WheelTag> wheel_tags() {
    return k_tags;
}

Recommendation make_recommendation(std::string_view tag) {
    Recommendation recommendation;
    recommendation.tag = std::string(tag);
    recommendation.index_url = "https://download.pytorch.org/whl/" + recommendation.tag;
    recommendation.command =
        "pip install -U torch torchvision torchaudio --index-url " + recommendation.index_url;
    return recommendation;
}

WheelChoice recommend_wheel(const std::optional<CudaVersion>& driver_cuda,
                            const std::optional<CudaVersion>& toolkit_release) {
    WheelChoice choice;
    if (!driver_cuda && !toolkit_release) {
        return choice;
    }
    const CudaVersion cap = (driver_cuda ? *driver_cuda : *toolkit_release).release_only();
    const WheelTag* picked = nullptr;
    if (toolkit_release && toolkit_release->major <= cap.major) {
        // Staying on the toolkit's major keeps extension builds working (cpp_extension refuses a
        // major mismatch); the driver cap keeps the wheel runnable.
        for (const auto& tag : k_tags) {
            if (tag.cuda.major == toolkit_release->major && tag.cuda <= cap) {
                picked = &tag;
            }
        }
    }
    if (picked == nullptr) {
        for (const auto& tag : k_tags) {
            if (tag.cuda <= cap) {
                picked = &tag;
            }
        }
    }
    if (picked == nullptr) {
        choice.no_wheel_for_driver = driver_cuda.has_value();
        return choice;
    }
    choice.recommendation = make_recommendation(picked->tag);
    return choice;
}

} // namespace tbx::cuda
