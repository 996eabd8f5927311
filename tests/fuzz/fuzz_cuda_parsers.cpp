// Feeds arbitrary bytes to every `tbx cuda` output parser: tool output is untrusted text (the
// CLI tests run a tool that prints garbage), so no input may crash, hang or trip a sanitizer.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <tbx/cuda/driver.hpp>
#include <tbx/cuda/nvcc.hpp>
#include <tbx/cuda/torch.hpp>
#include <tbx/cuda/version.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)tbx::cuda::parse_nvcc_version(text);
    (void)tbx::cuda::parse_version_json(text);
    (void)tbx::cuda::parse_version_txt(text);
    (void)tbx::cuda::parse_nvidia_smi(text);
    (void)tbx::cuda::parse_proc_driver_version(text);
    (void)tbx::cuda::parse_gpu_query(text, tbx::cuda::default_gpu_query_fields());
    (void)tbx::cuda::is_invalid_field_message(text, "compute_cap");
    (void)tbx::cuda::parse_torch_probe(text);
    if (const auto version = tbx::cuda::parse_cuda_version(text)) {
        (void)version->str();
    }
    if (tbx::cuda::is_dotted_number(text)) {
        (void)tbx::cuda::compare_dotted(text, "525.60.13");
    }
    return 0;
}
