#pragma once
// The problems `tbx cuda` reports: one enum and one attribute table (name, severity, summary,
// fix) that the library, the command's renderer and its documentation all read.

#include <span>
#include <string>
#include <string_view>

namespace tbx::cuda {

/// Names every problem tbx cuda can report.
enum class ProblemCode {
    no_toolkit,
    no_driver,
    tool_timeout,
    tool_failed,
    unparsable_output,
    driver_too_old,
    no_wheel_for_driver,
    wanted_torch_unfit,
    torch_cpu_only,
    torch_cuda_mismatch_major,
    torch_cuda_mismatch_minor,
    torch_arch_mismatch,
    torch_driver_too_old,
    toolkit_wheel_major_mismatch,
    cuda_home_differs,
    multiple_toolkits,
};

/// Says whether a problem breaks something (error) or is worth knowing (warning).
enum class Severity { error, warning };

/// Holds the fixed attributes of one problem code.
struct ProblemInfo {
    ProblemCode code;
    std::string_view name; ///< the stable code printed and put in JSON: "no_driver"
    Severity severity;
    std::string_view summary; ///< what it means, for the documentation
    std::string_view fix;     ///< what to do about it
};

/// Returns the attribute table, in enum order.
std::span<const ProblemInfo> problem_table();

/// Returns the attributes of `code`.
const ProblemInfo& problem_info(ProblemCode code);

/// Returns "error" or "warning".
std::string_view severity_name(Severity severity);

/// Holds one diagnosis: a code and the message about this machine.
struct Problem {
    ProblemCode code;
    std::string message;

    /// Returns the code's stable name.
    [[nodiscard]] std::string_view name() const { return problem_info(code).name; }
};

} // namespace tbx::cuda
