#include <algorithm>

#include <fmt/format.h>

#include <tbx/subst/diff.hpp>
#include <tbx/subst/plan.hpp>

namespace tbx::subst {

namespace {

// Returns `path` as git apply expects it after "a/": no "./" or "/./" steps, no doubled or
// leading slash ("./README.md" gives "README.md").
std::string header_path(std::string_view path) {
    std::string out;
    std::size_t i = 0;
    while (i < path.size()) {
        const std::size_t slash = path.find('/', i);
        const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
        const std::string_view part = path.substr(i, end - i);
        if (!part.empty() && part != ".") {
            out += out.empty() ? "" : "/";
            out += part;
        }
        i = end + 1;
    }
    return out;
}

struct Region {
    std::size_t old_begin;
    std::size_t old_end;
    std::size_t new_begin;
    std::size_t new_end;
};

std::size_t count_lines(std::string_view text) {
    if (text.empty()) {
        return 0;
    }
    const auto newlines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    return text.back() == '\n' ? newlines : newlines + 1;
}

// Appends each line of `text` with `prefix`, marking a final line that lacks its newline.
void append_lines(std::string& out, char prefix, std::string_view text) {
    std::size_t position = 0;
    while (position < text.size()) {
        const std::size_t end = line_end(text, position);
        out += prefix;
        out.append(text, position, end - position);
        if (text[end - 1] != '\n') {
            out += "\n\\ No newline at end of file\n";
        }
        position = end;
    }
}

// Moves `offset` back over `count` whole lines (offset must be a line start).
std::size_t lines_back(std::string_view text, std::size_t offset, std::size_t count) {
    while (count > 0 && offset > 0) {
        offset = line_start(text, offset - 1);
        --count;
    }
    return offset;
}

std::size_t lines_forward(std::string_view text, std::size_t offset, std::size_t count) {
    while (count > 0 && offset < text.size()) {
        offset = line_end(text, offset);
        --count;
    }
    return offset;
}

} // namespace

std::string unified_diff(std::string_view path, std::string_view old_text,
                         std::string_view new_text, const std::vector<Edit>& edits,
                         std::size_t context) {
    if (edits.empty()) {
        return {};
    }
    // Widen each edit to whole lines; an edit that consumed a newline also changes the line
    // after it, so the old region runs to the end of the line holding the edit's end.
    std::vector<Region> regions;
    for (const Edit& edit : edits) {
        const std::size_t begin = line_start(old_text, edit.old_begin);
        const std::size_t end = line_end(old_text, edit.old_end);
        const std::size_t before = edit.old_begin - begin;
        const std::size_t after = end - edit.old_end;
        Region region{begin, end, edit.new_begin - before, edit.new_end + after};
        if (!regions.empty() && region.old_begin <= regions.back().old_end) {
            // The later edit's end accounts for every edit before it on the line.
            regions.back().old_end = region.old_end;
            regions.back().new_end = region.new_end;
        } else {
            regions.push_back(region);
        }
    }
    const std::string shown = header_path(path);
    std::string out = fmt::format("--- a/{}\n+++ b/{}\n", shown, shown);
    std::size_t index = 0;
    while (index < regions.size()) {
        // Group regions whose context would touch into one hunk.
        std::size_t last = index;
        while (last + 1 < regions.size() &&
               lines_forward(old_text, regions[last].old_end, 2 * context) >=
                   regions[last + 1].old_begin) {
            ++last;
        }
        const std::size_t hunk_old_begin = lines_back(old_text, regions[index].old_begin, context);
        const std::size_t hunk_old_end = lines_forward(old_text, regions[last].old_end, context);
        const std::size_t leading = regions[index].old_begin - hunk_old_begin;
        const std::size_t hunk_new_begin = regions[index].new_begin - leading;
        const std::size_t trailing = hunk_old_end - regions[last].old_end;
        const std::size_t hunk_new_end = regions[last].new_end + trailing;

        const std::size_t old_line =
            static_cast<std::size_t>(
                std::count(old_text.begin(),
                           old_text.begin() + static_cast<std::ptrdiff_t>(hunk_old_begin), '\n')) +
            1;
        const std::size_t new_line =
            static_cast<std::size_t>(
                std::count(new_text.begin(),
                           new_text.begin() + static_cast<std::ptrdiff_t>(hunk_new_begin), '\n')) +
            1;
        const std::size_t old_count =
            count_lines(old_text.substr(hunk_old_begin, hunk_old_end - hunk_old_begin));
        const std::size_t new_count =
            count_lines(new_text.substr(hunk_new_begin, hunk_new_end - hunk_new_begin));
        auto range = [](std::size_t line, std::size_t count) {
            if (count == 1) {
                return fmt::format("{}", line);
            }
            return fmt::format("{},{}", count == 0 ? line - 1 : line, count);
        };
        out +=
            fmt::format("@@ -{} +{} @@\n", range(old_line, old_count), range(new_line, new_count));
        std::size_t old_position = hunk_old_begin;
        for (std::size_t r = index; r <= last; ++r) {
            append_lines(out, ' ',
                         old_text.substr(old_position, regions[r].old_begin - old_position));
            append_lines(
                out, '-',
                old_text.substr(regions[r].old_begin, regions[r].old_end - regions[r].old_begin));
            append_lines(
                out, '+',
                new_text.substr(regions[r].new_begin, regions[r].new_end - regions[r].new_begin));
            old_position = regions[r].old_end;
        }
        append_lines(out, ' ', old_text.substr(old_position, hunk_old_end - old_position));
        index = last + 1;
    }
    return out;
}

} // namespace tbx::subst
