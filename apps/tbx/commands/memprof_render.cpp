#include "commands/memprof_render.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <csignal>
#include <cstring>

#include <fmt/core.h>

#include "cli/output.hpp"

namespace tbx::cli::memprof_view {

namespace {

using Json = nlohmann::ordered_json;
using memprof::Metric;
using memprof::PeakSource;
using memprof::ProcessRecord;
using memprof::Profile;
using memprof::PythonLines;
using memprof::Sample;
using memprof::Scope;

constexpr double k_mib = 1024.0 * 1024.0;

// Returns a step of 1, 2 or 5 x 10^k near range / target_ticks.
double nice_step(double range, int target_ticks) {
    if (range <= 0) {
        return 1;
    }
    double raw = range / target_ticks;
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double fraction = raw / magnitude;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * magnitude;
}

std::string format_number(double value) {
    // Trims trailing zeros so tick labels read "0.5", "2", "12.5".
    std::string text = fmt::format("{:.3f}", value);
    while (!text.empty() && text.back() == '0') {
        text.pop_back();
    }
    if (!text.empty() && text.back() == '.') {
        text.pop_back();
    }
    return text;
}

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            // Control characters are not allowed in XML 1.0 text.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
                out += ' ';
            } else {
                out += c;
            }
        }
    }
    return out;
}

const char* signal_name(int signal) {
    const char* abbrev = sigabbrev_np(signal);
    return abbrev != nullptr ? abbrev : "?";
}

// Turns control characters (a newline in `python -c` code) into spaces for one-line displays.
std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            c = ' ';
        }
    }
    return out;
}

std::string scope_phrase(Scope scope) {
    return scope == Scope::tree ? "whole process tree" : "root process only";
}

std::string mib(double bytes) {
    return fmt::format("{:5.1f} MiB", bytes / k_mib);
}

} // namespace

std::string format_size(std::uint64_t bytes) {
    static constexpr std::array<const char*, 5> k_units = {"B", "KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) {
        return fmt::format("{} B", bytes);
    }
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < k_units.size()) {
        value /= 1024;
        ++unit;
    }
    // Three significant digits; rounding may reach 1024, which still reads fine.
    int decimals = value < 9.995 ? 2 : value < 99.95 ? 1 : 0;
    return fmt::format("{:.{}f} {}", value, decimals, k_units[unit]);
}

std::string format_mib(std::uint64_t bytes) {
    return fmt::format("{:.1f}", static_cast<double>(bytes) / k_mib);
}

std::string format_command(const std::vector<std::string>& command) {
    std::string out;
    for (const auto& word : command) {
        if (!out.empty()) {
            out += ' ';
        }
        bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
                   std::strchr("_./=:,+-@%", c) != nullptr || static_cast<unsigned char>(c) >= 0x80;
        });
        if (plain) {
            out += word;
            continue;
        }
        out += '\'';
        for (char c : word) {
            if (c == '\'') {
                out += "'\\''";
            } else {
                out += c;
            }
        }
        out += '\'';
    }
    return out;
}

std::string describe_peak(const Profile& profile) {
    switch (profile.peak_source) {
    case PeakSource::vmhwm:
        return fmt::format("exact: VmHWM of pid {}", profile.peak_pid);
    case PeakSource::rusage:
        return fmt::format("exact: wait4 ru_maxrss of pid {}", profile.peak_pid);
    case PeakSource::exit_vmhwm:
        return fmt::format("exact: VmHWM of pid {} at its exit", profile.peak_pid);
    case PeakSource::lines_hook:
        return fmt::format("exact: VmHWM of pid {} kept by the --lines hook", profile.peak_pid);
    case PeakSource::sample:
        break;
    }
    return fmt::format("sampled: highest of {} samples", profile.samples.size());
}

std::string format_chart(const std::vector<Sample>& samples, double duration_s, int width,
                         int height) {
    static constexpr std::array<const char*, 9> k_blocks = {" ", "▁", "▂", "▃", "▄",
                                                            "▅", "▆", "▇", "█"};
    width = std::max(width, 4);
    height = std::max(height, 2);
    std::string out;
    if (samples.empty()) {
        return out;
    }
    double duration = std::max(duration_s, samples.back().t);
    std::vector<double> columns(static_cast<std::size_t>(width), -1);
    for (const auto& sample : samples) {
        double position = duration > 0 ? sample.t / duration : 0;
        auto column = std::min(width - 1, static_cast<int>(position * width));
        auto& cell = columns[static_cast<std::size_t>(std::max(column, 0))];
        cell = std::max(cell, static_cast<double>(sample.bytes) / k_mib);
    }
    // Columns between samples hold the previous value: memory is a step function here.
    double previous = 0;
    for (auto& cell : columns) {
        if (cell < 0) {
            cell = previous;
        }
        previous = cell;
    }
    double top = *std::max_element(columns.begin(), columns.end());
    if (top <= 0) {
        top = 1;
    }
    std::string top_label = format_number(std::round(top * 10) / 10);
    std::string middle_label = format_number(std::round(top / 2 * 10) / 10);
    // The middle label can be the wider one (143 over 71.5).
    std::size_t label_width = std::max(top_label.size(), middle_label.size());
    for (int row = 0; row < height; ++row) {
        double low = top * (height - row - 1) / height;
        double cell_height = top / height;
        std::string label;
        if (row == 0) {
            label = top_label;
        } else if (row == height - 1) {
            label = "0";
        } else if (row == height / 2 && height >= 4) {
            label = middle_label;
        }
        out += fmt::format("{:>{}} {} ", label, label_width, label.empty() ? "│" : "┤");
        for (double value : columns) {
            double level = (value - low) / cell_height * 8;
            auto index = static_cast<int>(std::lround(std::clamp(level, 0.0, 8.0)));
            // Keep a visible trace for non-zero memory in the bottom row.
            if (row == height - 1 && index == 0 && value > 0) {
                index = 1;
            }
            out += k_blocks[static_cast<std::size_t>(index)];
        }
        out += '\n';
    }
    out += fmt::format("{:>{}} └", "", label_width);
    for (int i = 0; i < width; ++i) {
        out += "─";
    }
    out += '\n';
    std::string left = "0 s";
    std::string right = format_number(duration) + " s";
    int gap = std::max(1, width + 1 - static_cast<int>(left.size() + right.size()));
    out += fmt::format("{:>{}}  {}{:>{}}{}\n", "", label_width, left, "", gap, right);
    return out;
}

namespace {

// The summary's first lines: command, status, duration, notes, peak, baseline and budget.
std::string summary_header(const Profile& profile, const SummaryOptions& options) {
    std::string out;
    std::string metric(memprof::metric_name(profile.metric));
    out += fmt::format("command   {}\n", one_line(format_command(profile.command)));
    if (profile.signal) {
        out += fmt::format("status    killed by signal {} (SIG{}), status {}\n", *profile.signal,
                           signal_name(*profile.signal), profile.exit_code);
    } else {
        out += fmt::format("status    exit {}\n", profile.exit_code);
    }
    out += fmt::format("duration  {:.2f} s, {} samples every {} s ({}, {})\n", profile.duration_s,
                       profile.samples.size(), format_number(profile.interval_s), metric,
                       scope_phrase(profile.scope));
    if (profile.metric != Metric::rss && profile.rollup_samples < profile.samples.size()) {
        out += fmt::format("note      {} read from smaps_rollup at {} of {} samples (at most 3% "
                           "of a core); RSS changes in between\n",
                           metric, profile.rollup_samples, profile.samples.size());
    }
    if (!profile.root_traced && profile.metric == Metric::rss) {
        out += "note      not traced (set-id program or no ptrace): no VmHWM at exit\n";
    }
    out += fmt::format("peak      {} at {:.2f} s ({})\n", format_size(profile.peak_bytes),
                       profile.peak_time_s, describe_peak(profile));
    if (profile.peak_source != PeakSource::sample) {
        out += fmt::format("sampled   {} at {:.2f} s (highest sample)\n",
                           format_size(profile.sampled_peak_bytes), profile.sampled_peak_time_s);
    }
    out += fmt::format("baseline  {} (first sample)\n", format_size(profile.baseline_bytes));
    if (options.budget) {
        bool over = profile.peak_bytes > *options.budget;
        out += fmt::format("budget    {} {}\n", format_size(*options.budget),
                           over ? "EXCEEDED" : "ok");
    }
    return out;
}

// The samples in MiB, like memory_profiler's memory_usage() list, wrapped to `columns`; the
// middle ones are left out past options.max_listed_samples.
std::string summary_samples(const std::vector<Sample>& samples, const SummaryOptions& options,
                            std::size_t columns) {
    std::vector<std::string> values;
    std::size_t limit = std::max<std::size_t>(options.max_listed_samples, 2);
    if (samples.size() <= limit) {
        for (const auto& sample : samples) {
            values.push_back(format_mib(sample.bytes));
        }
    } else {
        for (std::size_t i = 0; i < limit / 2; ++i) {
            values.push_back(format_mib(samples[i].bytes));
        }
        values.push_back(fmt::format("... {} more ...", samples.size() - limit));
        for (std::size_t i = samples.size() - limit / 2; i < samples.size(); ++i) {
            values.push_back(format_mib(samples[i].bytes));
        }
    }
    std::string out;
    std::string line = "samples   MiB [";
    const std::size_t indent = 15;
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::string item = values[i] + (i + 1 < values.size() ? ", " : "]");
        if (line.size() + item.size() > columns && line.size() > indent) {
            while (!line.empty() && line.back() == ' ') {
                line.pop_back();
            }
            out += line + '\n';
            line = std::string(indent, ' ');
        }
        line += item;
    }
    if (values.empty()) {
        line += ']';
    }
    out += line + '\n';
    return out;
}

// The table of the processes seen, largest peaks first; empty for a single process.
std::string summary_processes(const Profile& profile, const SummaryOptions& options,
                              std::size_t columns) {
    if (profile.processes.size() <= 1) {
        return {};
    }
    std::vector<const ProcessRecord*> rows;
    for (const auto& record : profile.processes) {
        rows.push_back(&record);
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto* a, const auto* b) { return a->peak_bytes > b->peak_bytes; });
    std::string out;
    out += fmt::format("\nprocesses ({} seen, largest peaks first)\n", rows.size());
    out += fmt::format("{:>8} {:>8} {:>10}  {}\n", "PID", "PPID", "PEAK", "COMMAND");
    std::size_t shown = std::min(rows.size(), options.max_listed_processes);
    std::size_t cmd_width = columns > 31 ? columns - 31 : 20;
    for (std::size_t i = 0; i < shown; ++i) {
        std::string cmd = one_line(rows[i]->cmd);
        if (cmd.size() > cmd_width) {
            cmd = cmd.substr(0, cmd_width - 3) + "...";
        }
        out += fmt::format("{:>8} {:>8} {:>10}  {}\n", rows[i]->pid, rows[i]->ppid,
                           format_size(rows[i]->peak_bytes), cmd);
    }
    if (shown < rows.size()) {
        out += fmt::format("{:>8} ({} more)\n", "...", rows.size() - shown);
    }
    return out;
}

// The SVG chart's geometry (800 x 420, the plot inside the margins) and its scales.
struct SvgFrame {
    static constexpr double width = 800;
    static constexpr double height = 420;
    static constexpr double left = 80;
    static constexpr double right = 30;
    static constexpr double top = 50;
    static constexpr double bottom = 60;
    static constexpr double plot_w = width - left - right;
    static constexpr double plot_h = height - top - bottom;

    double unit = k_mib; ///< bytes per unit of the y axis
    const char* unit_name = "MiB";
    double y_step = 1; ///< between y ticks, in units
    double y_max = 1;  ///< the top of the y axis, in units
    double x_step = 1; ///< between x ticks, in seconds
    double x_max = 1;  ///< the right end of the x axis, in seconds

    [[nodiscard]] double x_of(double t) const { return left + t / x_max * plot_w; }
    [[nodiscard]] double y_of(double bytes) const {
        return top + plot_h - bytes / unit / y_max * plot_h;
    }
};

// Scales the chart to hold the run's duration, its peak and the budget line.
SvgFrame svg_frame(const Profile& profile, std::optional<std::uint64_t> budget) {
    double duration = profile.duration_s;
    if (!profile.samples.empty()) {
        duration = std::max(duration, profile.samples.back().t);
    }
    if (duration <= 0) {
        duration = 1;
    }
    double max_bytes =
        static_cast<double>(std::max(profile.peak_bytes, profile.sampled_peak_bytes));
    if (budget) {
        max_bytes = std::max(max_bytes, static_cast<double>(*budget));
    }
    SvgFrame frame;
    bool gib = max_bytes >= 10.0 * 1024 * k_mib;
    frame.unit = gib ? 1024 * k_mib : k_mib;
    frame.unit_name = gib ? "GiB" : "MiB";
    double y_range = std::max(max_bytes / frame.unit, 1.0);
    frame.y_step = nice_step(y_range, 5);
    frame.y_max = std::ceil(y_range * 1.05 / frame.y_step) * frame.y_step;
    frame.x_step = nice_step(duration, 8);
    frame.x_max = std::ceil(duration / frame.x_step) * frame.x_step;
    return frame;
}

// The SVG's prologue: the document, its title, the white background and the heading.
std::string svg_header(const Profile& profile) {
    constexpr double width = SvgFrame::width;
    constexpr double height = SvgFrame::height;
    std::string title = one_line(format_command(profile.command));
    if (title.size() > 90) {
        title = title.substr(0, 87) + "...";
    }
    std::string out;
    out += fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
                       "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n",
                       width, height);
    out += fmt::format("<title>{}</title>\n", xml_escape("tbx memprof: " + title));
    out += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"white\"/>\n", width, height);
    out += fmt::format("<text x=\"{}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" "
                       "font-weight=\"bold\">{}</text>\n",
                       width / 2, xml_escape(title));
    return out;
}

// The grid, the tick labels, the plot's frame and the axis titles.
std::string svg_axes(const SvgFrame& f, Metric metric) {
    constexpr double left = SvgFrame::left;
    constexpr double top = SvgFrame::top;
    constexpr double plot_w = SvgFrame::plot_w;
    constexpr double plot_h = SvgFrame::plot_h;
    std::string out;
    for (double v = 0; v <= f.y_max + f.y_step / 2; v += f.y_step) {
        double y = top + plot_h - v / f.y_max * plot_h;
        out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                           "stroke=\"#e0e0e0\"/>\n",
                           left, y, left + plot_w, y);
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
                           left - 6, y + 4, format_number(v));
    }
    for (double v = 0; v <= f.x_max + f.x_step / 2; v += f.x_step) {
        double x = left + v / f.x_max * plot_w;
        out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                           "stroke=\"#e0e0e0\"/>\n",
                           x, top, x, top + plot_h);
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", x,
                           top + plot_h + 18, format_number(v));
    }
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" "
                       "stroke=\"#333\"/>\n",
                       left, top, plot_w, plot_h);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">time (s)</text>\n",
                       left + plot_w / 2, SvgFrame::height - 18);
    const std::string metric_name(memprof::metric_name(metric));
    out += fmt::format("<text x=\"18\" y=\"{:.1f}\" text-anchor=\"middle\" "
                       "transform=\"rotate(-90 18 {:.1f})\">{} ({})</text>\n",
                       top + plot_h / 2, top + plot_h / 2,
                       metric_name == "rss"   ? "RSS"
                       : metric_name == "pss" ? "PSS"
                                              : "USS",
                       f.unit_name);
    return out;
}

// The samples: a filled area under the polyline; empty without samples.
std::string svg_samples(const SvgFrame& f, const std::vector<Sample>& samples) {
    if (samples.empty()) {
        return {};
    }
    constexpr double bottom_y = SvgFrame::top + SvgFrame::plot_h;
    std::string points;
    for (const auto& sample : samples) {
        points += fmt::format("{:.1f},{:.1f} ", f.x_of(sample.t),
                              f.y_of(static_cast<double>(sample.bytes)));
    }
    std::string area = fmt::format("{:.1f},{:.1f} ", f.x_of(samples.front().t), bottom_y) + points +
                       fmt::format("{:.1f},{:.1f}", f.x_of(samples.back().t), bottom_y);
    std::string out;
    out += fmt::format("<polygon points=\"{}\" fill=\"#4a90d9\" fill-opacity=\"0.25\" "
                       "stroke=\"none\"/>\n",
                       area);
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#1f5fa8\" "
                       "stroke-width=\"1.5\"/>\n",
                       points);
    return out;
}

// The budget: a dashed red line with its label.
std::string svg_budget(const SvgFrame& f, std::uint64_t budget) {
    constexpr double left = SvgFrame::left;
    constexpr double plot_w = SvgFrame::plot_w;
    double y = f.y_of(static_cast<double>(budget));
    std::string out;
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                       "stroke=\"#c0392b\" stroke-dasharray=\"6 4\"/>\n",
                       left, y, left + plot_w, y);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" "
                       "fill=\"#c0392b\">budget {}</text>\n",
                       left + plot_w - 4, y - 4, xml_escape(format_size(budget)));
    return out;
}

// The peak: a dashed line at the exact figure when it beats the samples, and a marker.
std::string svg_peak(const SvgFrame& f, const Profile& profile) {
    constexpr double left = SvgFrame::left;
    constexpr double plot_w = SvgFrame::plot_w;
    double peak_y = f.y_of(static_cast<double>(profile.peak_bytes));
    double peak_x = f.x_of(std::min(profile.peak_time_s, f.x_max));
    std::string out;
    if (profile.peak_source != PeakSource::sample) {
        out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                           "stroke=\"#e67e22\" stroke-dasharray=\"3 3\"/>\n",
                           left, peak_y, left + plot_w, peak_y);
    }
    out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#e67e22\"/>\n", peak_x,
                       peak_y);
    bool label_left = peak_x > left + plot_w * 0.6;
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" fill=\"#a04000\">"
                       "peak {} at {:.2f} s ({})</text>\n",
                       label_left ? peak_x - 8 : peak_x + 8,
                       std::max(peak_y - 8, SvgFrame::top + 12), label_left ? "end" : "start",
                       xml_escape(format_size(profile.peak_bytes)), profile.peak_time_s,
                       profile.peak_source == PeakSource::sample ? "sampled" : "exact");
    return out;
}

} // namespace

std::string format_summary(const Profile& profile, const SummaryOptions& options) {
    auto columns = static_cast<std::size_t>(std::max(options.columns, 40));
    std::string out = summary_header(profile, options);
    out += summary_samples(profile.samples, options, columns);
    out += summary_processes(profile, options, columns);
    if (!profile.samples.empty()) {
        out += fmt::format("\n{} over time (MiB)\n", memprof::metric_name(profile.metric));
        int chart_width = std::min(static_cast<int>(columns) - 10, 100);
        out += format_chart(profile.samples, profile.duration_s, chart_width, 8);
    }
    return out;
}

std::string format_svg(const Profile& profile, std::optional<std::uint64_t> budget) {
    const SvgFrame frame = svg_frame(profile, budget);
    std::string out = svg_header(profile);
    out += svg_axes(frame, profile.metric);
    out += svg_samples(frame, profile.samples);
    if (budget) {
        out += svg_budget(frame, *budget);
    }
    out += svg_peak(frame, profile);
    out += "</svg>\n";
    return out;
}

nlohmann::ordered_json report_json(const Profile& profile) {
    Json doc = Json::object();
    put_bytes_list(doc, "command", profile.command);
    doc["exit_code"] = profile.exit_code;
    doc["signal"] = profile.signal ? Json(*profile.signal) : Json(nullptr);
    doc["duration_s"] = profile.duration_s;
    doc["interval_s"] = profile.interval_s;
    doc["rollup_samples"] = profile.rollup_samples;
    doc["requested_interval_s"] = profile.requested_interval_s;
    doc["metric"] = std::string(memprof::metric_name(profile.metric));
    doc["children"] = profile.scope == memprof::Scope::tree;
    doc["peak_bytes"] = profile.peak_bytes;
    doc["peak_time_s"] = profile.peak_time_s;
    doc["peak_source"] = std::string(memprof::peak_source_name(profile.peak_source));
    doc["peak_exact"] = profile.peak_source != PeakSource::sample;
    doc["peak_pid"] =
        profile.peak_source == PeakSource::sample ? Json(nullptr) : Json(profile.peak_pid);
    doc["sampled_peak_bytes"] = profile.sampled_peak_bytes;
    doc["sampled_peak_time_s"] = profile.sampled_peak_time_s;
    doc["baseline_bytes"] = profile.baseline_bytes;
    doc["root_maxrss_bytes"] = profile.root_maxrss_bytes;
    doc["root_traced"] = profile.root_traced;
    doc["root_exit_hwm_bytes"] = profile.root_traced && profile.root_exit_hwm_bytes > 0
                                     ? Json(profile.root_exit_hwm_bytes)
                                     : Json(nullptr);
    doc["sampler_cpu_s"] = profile.sampler_cpu_s;
    doc["child_user_s"] = profile.child_user_s;
    doc["child_sys_s"] = profile.child_sys_s;
    auto samples = Json::array();
    for (const auto& sample : profile.samples) {
        // memory_bytes is the metric's value (rss, pss or uss: see "metric").
        samples.push_back({{"t_s", sample.t},
                           {"memory_bytes", sample.bytes},
                           {"processes", sample.processes},
                           {"estimated", sample.estimated}});
    }
    doc["samples"] = std::move(samples);
    auto processes = Json::array();
    for (const auto& record : profile.processes) {
        Json item = {{"pid", record.pid}, {"ppid", record.ppid}};
        put_bytes(item, "cmd", record.cmd);
        item["peak_bytes"] = record.peak_bytes;
        item["first_seen_s"] = record.first_seen_s;
        item["last_seen_s"] = record.last_seen_s;
        processes.push_back(std::move(item));
    }
    doc["processes"] = std::move(processes);
    return doc;
}

std::string format_lines(const std::vector<PythonLines>& lines) {
    std::string out;
    for (const auto& process : lines) {
        std::string argv;
        for (const auto& arg : process.argv) {
            argv += (argv.empty() ? "" : " ") + arg;
        }
        for (const auto& function : process.functions) {
            out += fmt::format("Filename: {}  (function {}, pid {}, python {} {}, {})\n\n",
                               function.file, function.function, process.pid, process.python, argv,
                               process.engine);
            const std::string header =
                fmt::format("{:>6} {:>12} {:>12}  {:>10}  {:>12}   {}", "Line #", "Mem usage",
                            "Increment", "Occurrences", "Peak in line", "Line Contents");
            out += header + "\n" + std::string(header.size(), '=') + "\n";
            for (const auto& row : function.rows) {
                const bool ran = row.mem_bytes.has_value();
                out += fmt::format(
                    "{:>6} {:>12} {:>12}  {:>10}  {:>12}   {}\n", row.line,
                    ran ? mib(static_cast<double>(*row.mem_bytes)) : "",
                    ran ? mib(static_cast<double>(row.increment_bytes.value_or(0))) : "",
                    ran ? std::to_string(row.occurrences.value_or(0)) : "",
                    ran ? mib(static_cast<double>(row.peak_bytes.value_or(0))) : "", row.contents);
            }
            out += "\n\n";
        }
    }
    return out;
}

nlohmann::ordered_json lines_json(const std::vector<PythonLines>& lines) {
    auto optional = [](const auto& value) { return value ? Json(*value) : Json(nullptr); };
    auto processes = Json::array();
    for (const auto& process : lines) {
        auto functions = Json::array();
        for (const auto& function : process.functions) {
            auto rows = Json::array();
            for (const auto& row : function.rows) {
                Json item = {{"line", row.line}};
                put_bytes(item, "contents", row.contents);
                item["mem_bytes"] = optional(row.mem_bytes);
                item["increment_bytes"] = optional(row.increment_bytes);
                item["occurrences"] = optional(row.occurrences);
                item["peak_bytes"] = optional(row.peak_bytes);
                rows.push_back(std::move(item));
            }
            Json item = Json::object();
            put_bytes(item, "file", function.file);
            item["function"] = function.function;
            item["first_line"] = function.first_line;
            item["lines"] = std::move(rows);
            functions.push_back(std::move(item));
        }
        Json item = {{"pid", process.pid}};
        put_bytes_list(item, "argv", process.argv);
        item["engine"] = process.engine;
        item["python"] = process.python;
        item["max_hwm_bytes"] = process.max_hwm_bytes;
        item["functions"] = std::move(functions);
        processes.push_back(std::move(item));
    }
    return processes;
}

} // namespace tbx::cli::memprof_view
