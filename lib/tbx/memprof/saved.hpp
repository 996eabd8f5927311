#pragma once
// Reading a saved run back (`tbx memprof plot`): the --csv samples or the --json report.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <tbx/core/error.hpp>
#include <tbx/memprof/sampler.hpp>

namespace tbx::memprof {

/// Holds a run read back from a file: the profile (as much of it as the file holds) and the
/// budget it was run with, if the file says.
struct SavedRun {
    Profile profile;
    std::optional<std::uint64_t> budget;
};

/// Parses a --json report (one JSON object) or a --csv file (header "t,bytes,processes").
/// From a CSV the peak is the highest sample and the title `name`. Fails with a message
/// naming `name` when the text is neither.
Result<SavedRun> parse_saved_run(std::string_view text, const std::string& name);

} // namespace tbx::memprof
