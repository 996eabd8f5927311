#include <charconv>

#include <nlohmann/json.hpp>

#include <tbx/memprof/saved.hpp>

namespace tbx::memprof {

namespace {

Result<SavedRun> from_json(const nlohmann::json& doc, const std::string& name) {
    SavedRun run;
    Profile& profile = run.profile;
    try {
        for (const auto& sample : doc.at("samples")) {
            // Reports before the JSON convention (docs/json.md) named these "t" and "bytes".
            const auto& t = sample.contains("t_s") ? sample.at("t_s") : sample.at("t");
            const auto& bytes =
                sample.contains("memory_bytes") ? sample.at("memory_bytes") : sample.at("bytes");
            profile.samples.push_back(Sample{t.get<double>(), bytes.get<std::uint64_t>(),
                                             sample.value("processes", std::uint32_t{0})});
        }
        profile.command = doc.value("command", std::vector<std::string>{});
        profile.duration_s = doc.value("duration_s", 0.0);
        profile.peak_bytes = doc.value("peak_bytes", std::uint64_t{0});
        profile.peak_time_s = doc.value("peak_time_s", 0.0);
        profile.sampled_peak_bytes = doc.value("sampled_peak_bytes", profile.peak_bytes);
        profile.sampled_peak_time_s = doc.value("sampled_peak_time_s", profile.peak_time_s);
        if (auto metric = parse_metric(doc.value("metric", "rss"))) {
            profile.metric = *metric;
        }
        const std::string source = doc.value("peak_source", "sample");
        for (PeakSource known : {PeakSource::vmhwm, PeakSource::rusage, PeakSource::exit_vmhwm,
                                 PeakSource::lines_hook}) {
            if (source == peak_source_name(known)) {
                profile.peak_source = known;
            }
        }
        if (doc.contains("budget_bytes") && doc["budget_bytes"].is_number()) {
            run.budget = doc["budget_bytes"].get<std::uint64_t>();
        }
    } catch (const nlohmann::json::exception&) {
        return fail(ErrorKind::invalid_argument, "not a tbx memprof --json report", name);
    }
    return run;
}

// Parses one unsigned or decimal field of a CSV line.
template <typename T>
bool parse_field(std::string_view field, T& value) {
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    return ec == std::errc() && end == field.data() + field.size();
}

Result<SavedRun> from_csv(std::string_view text, const std::string& name) {
    SavedRun run;
    Profile& profile = run.profile;
    profile.command = {name};
    std::size_t line_number = 1;
    text.remove_prefix(text.find('\n') + 1);
    while (!text.empty()) {
        ++line_number;
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line.empty()) {
            continue;
        }
        const auto first = line.find(',');
        const auto second = line.find(',', first + 1);
        Sample sample;
        if (first == std::string_view::npos || second == std::string_view::npos ||
            !parse_field(line.substr(0, first), sample.t) ||
            !parse_field(line.substr(first + 1, second - first - 1), sample.bytes) ||
            !parse_field(line.substr(second + 1), sample.processes)) {
            return fail(ErrorKind::invalid_argument, "bad CSV line " + std::to_string(line_number),
                        name);
        }
        profile.samples.push_back(sample);
        if (sample.bytes > profile.peak_bytes || profile.samples.size() == 1) {
            profile.peak_bytes = sample.bytes;
            profile.peak_time_s = sample.t;
        }
    }
    if (profile.samples.empty()) {
        return fail(ErrorKind::invalid_argument, "no samples", name);
    }
    profile.duration_s = profile.samples.back().t;
    profile.sampled_peak_bytes = profile.peak_bytes;
    profile.sampled_peak_time_s = profile.peak_time_s;
    return run;
}

} // namespace

Result<SavedRun> parse_saved_run(std::string_view text, const std::string& name) {
    if (text.starts_with("t,bytes,processes")) {
        return from_csv(text, name);
    }
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return fail(ErrorKind::invalid_argument,
                    "neither a --csv file (t,bytes,processes) nor a --json report", name);
    }
    return from_json(doc, name);
}

} // namespace tbx::memprof
