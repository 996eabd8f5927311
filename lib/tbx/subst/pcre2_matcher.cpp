#define PCRE2_CODE_UNIT_WIDTH 8
#include <algorithm>
#include <array>
#include <string>

#include <fmt/format.h>
#include <pcre2.h>

#include <tbx/subst/pcre2_matcher.hpp>

namespace tbx::subst {

namespace {

std::string pcre2_message(int code) {
    std::array<PCRE2_UCHAR, 256> buffer{};
    pcre2_get_error_message(code, buffer.data(), buffer.size());
    return reinterpret_cast<const char*>(buffer.data());
}

struct CodeDeleter {
    void operator()(pcre2_code* code) const { pcre2_code_free(code); }
};
struct MatchDataDeleter {
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};
struct MatchContextDeleter {
    void operator()(pcre2_match_context* context) const { pcre2_match_context_free(context); }
};
struct JitStackDeleter {
    void operator()(pcre2_jit_stack* stack) const { pcre2_jit_stack_free(stack); }
};

class Pcre2Matcher;

class Pcre2Session final : public MatchSession {
public:
    Pcre2Session(const pcre2_code* code, bool jit, const MatcherOptions& options)
        : m_code(code), m_jit(jit), m_data(pcre2_match_data_create_from_pattern(code, nullptr)),
          m_context(pcre2_match_context_create(nullptr)),
          // Fixed for the match data's life: read once, not twice per match.
          m_ovector(pcre2_get_ovector_pointer(m_data.get())),
          m_pairs(pcre2_get_ovector_count(m_data.get())) {
        pcre2_set_match_limit(m_context.get(), options.match_limit);
        pcre2_set_heap_limit(m_context.get(), options.heap_limit_kib);
        if (jit) {
            // The JIT stack is reserved lazily by the allocator (mmap), so a generous maximum
            // costs address space, not memory; the default 32 KiB fails on long lines.
            m_stack.reset(pcre2_jit_stack_create(32 * 1024, options.jit_stack_bytes, nullptr));
            if (m_stack) {
                pcre2_jit_stack_assign(m_context.get(), nullptr, m_stack.get());
            }
        }
    }

    Result<bool> find(std::string_view subject, std::size_t start, Captures& captures) override {
        auto rc = match(subject, start, 0);
        if (!rc) {
            return tl::unexpected(rc.error());
        }
        if (*rc == PCRE2_ERROR_NOMATCH) {
            return false;
        }
        fill(*rc, captures);
        return true;
    }

    Result<WindowFind> find_in_window(std::string_view window, std::size_t start,
                                      Captures& captures, std::size_t& resume) override {
        // Hard partial matching reports a match attempt that reached the window's end (one
        // that more text could complete, extend or change) instead of any match it might
        // hold, so a complete match is final. A partial match starts at ovector[0]; earlier
        // starting points failed for good.
        auto rc = match(window, start, PCRE2_PARTIAL_HARD);
        if (!rc) {
            return tl::unexpected(rc.error());
        }
        if (*rc == PCRE2_ERROR_NOMATCH) {
            resume = window.size();
            return WindowFind::need_more;
        }
        if (*rc == PCRE2_ERROR_PARTIAL) {
            resume = std::max(start, m_ovector[0]);
            return WindowFind::need_more;
        }
        fill(*rc, captures);
        return WindowFind::match;
    }

private:
    // Returns pcre2_match's result: a match count, PCRE2_ERROR_NOMATCH or PCRE2_ERROR_PARTIAL.
    Result<int> match(std::string_view subject, std::size_t start, std::uint32_t options) {
        // pcre2_jit_match skips pcre2_match's checks of the arguments (about 15% of a call,
        // measured): the code is JIT-compiled for both modes used here, and invalid UTF-8 is
        // handled by the pattern's PCRE2_MATCH_INVALID_UTF, not by a check of the subject.
        const auto* bytes = reinterpret_cast<PCRE2_SPTR>(subject.data());
        const int rc = m_jit ? pcre2_jit_match(m_code, bytes, subject.size(), start, options,
                                               m_data.get(), m_context.get())
                             : pcre2_match(m_code, bytes, subject.size(), start, options,
                                           m_data.get(), m_context.get());
        if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL) {
            return rc;
        }
        switch (rc) {
        case PCRE2_ERROR_MATCHLIMIT:
        case PCRE2_ERROR_HEAPLIMIT:
        case PCRE2_ERROR_DEPTHLIMIT:
        case PCRE2_ERROR_JIT_STACKLIMIT:
            return fail(ErrorKind::limit, "pattern too costly on this input: " + pcre2_message(rc));
        default:
            return fail(ErrorKind::io, "regex match failed: " + pcre2_message(rc));
        }
    }

    void fill(int rc, Captures& captures) {
        captures.resize(m_pairs);
        for (std::uint32_t i = 0; i < m_pairs; ++i) {
            const bool set = i < static_cast<std::uint32_t>(rc) && m_ovector[2 * i] != PCRE2_UNSET;
            captures[i] = set ? Span{m_ovector[2 * i], m_ovector[2 * i + 1]} : Span{};
        }
        // \K can put the start after the end; treat such a match as empty at its end.
        if (captures[0].begin > captures[0].end) {
            captures[0].begin = captures[0].end;
        }
    }

    const pcre2_code* m_code;
    bool m_jit;
    std::unique_ptr<pcre2_match_data, MatchDataDeleter> m_data;
    std::unique_ptr<pcre2_match_context, MatchContextDeleter> m_context;
    std::unique_ptr<pcre2_jit_stack, JitStackDeleter> m_stack;
    const PCRE2_SIZE* m_ovector;
    std::uint32_t m_pairs;
};

class Pcre2Matcher final : public Matcher {
public:
    Pcre2Matcher(pcre2_code* code, bool jit, const MatcherOptions& options)
        : m_code(code), m_jit(jit), m_options(options) {}

    [[nodiscard]] std::unique_ptr<MatchSession> session() const override {
        return std::make_unique<Pcre2Session>(m_code.get(), m_jit, m_options);
    }

    [[nodiscard]] std::size_t group_count() const override {
        std::uint32_t count = 0;
        pcre2_pattern_info(m_code.get(), PCRE2_INFO_CAPTURECOUNT, &count);
        return count;
    }

    [[nodiscard]] std::optional<std::size_t> group_number(std::string_view name) const override {
        const std::string key(name);
        const int number = pcre2_substring_number_from_name(
            m_code.get(), reinterpret_cast<PCRE2_SPTR>(key.c_str()));
        if (number < 0) {
            return std::nullopt;
        }
        return static_cast<std::size_t>(number);
    }

    [[nodiscard]] std::size_t history_bytes() const override {
        std::uint32_t characters = 0;
        pcre2_pattern_info(m_code.get(), PCRE2_INFO_MAXLOOKBEHIND, &characters);
        // Up to 4 bytes per UTF-8 character, plus room for ^ and \b to see the character
        // (or CRLF) before the start.
        return 4 * static_cast<std::size_t>(characters) + 16;
    }

    [[nodiscard]] bool names_line_break() const override {
        std::uint32_t named = 0;
        pcre2_pattern_info(m_code.get(), PCRE2_INFO_HASCRORLF, &named);
        return named != 0;
    }

    [[nodiscard]] std::string_view engine() const override { return m_jit ? "pcre2-jit" : "pcre2"; }

private:
    std::unique_ptr<pcre2_code, CodeDeleter> m_code;
    bool m_jit;
    MatcherOptions m_options;
};

// Debian's PCRE2 10.42 JIT never matches a non-ASCII character with \D, \W or \S outside a
// class (PCRE2 issue 224, fixed after 10.42; the interpreter is right). The same sets written
// as negated classes, [^\d] [^\w] [^\s], are matched correctly, so they replace them.
std::string avoid_jit_negated_class_bug(std::string_view pattern) {
    std::string out;
    out.reserve(pattern.size());
    bool in_class = false;
    bool quoted = false; // inside \Q...\E
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (quoted) {
            quoted = !(c == '\\' && pattern.substr(i, 2) == "\\E");
            out += c;
            continue;
        }
        if (c == '\\' && i + 1 < pattern.size()) {
            const char next = pattern[i + 1];
            if (!in_class && (next == 'D' || next == 'W' || next == 'S')) {
                out += fmt::format("[^\\{}]", static_cast<char>(next - 'A' + 'a'));
            } else {
                out += pattern.substr(i, 2);
                quoted = next == 'Q';
            }
            ++i;
            continue;
        }
        if (c == '[' && !in_class) {
            in_class = true;
            out += c;
            // A ] right after [ or [^ is a member, not the end.
            if (pattern.substr(i + 1, 1) == "^") {
                out += '^';
                ++i;
            }
            if (pattern.substr(i + 1, 1) == "]") {
                out += ']';
                ++i;
            }
            continue;
        }
        if (c == '[' && in_class && pattern.substr(i, 2) == "[:") {
            // A POSIX class [:name:] inside a class.
            const auto close = pattern.find(":]", i + 2);
            if (close != std::string_view::npos) {
                out += pattern.substr(i, close + 2 - i);
                i = close + 1;
                continue;
            }
        }
        if (c == ']' && in_class) {
            in_class = false;
        }
        out += c;
    }
    return out;
}

} // namespace

Result<std::unique_ptr<Matcher>> make_pcre2_matcher(std::string_view pattern,
                                                    const MatcherOptions& options) {
    std::string source = options.syntax == PatternSyntax::literal
                             ? escape_regex(pattern)
                             : avoid_jit_negated_class_bug(pattern);
    if (options.word == WordMode::whole_word) {
        // Lookarounds rather than \b, so "-w '-x'" still means "not inside a word".
        source = "(?<![A-Za-z0-9_])(?:" + source + ")(?![A-Za-z0-9_])";
    }
    std::uint32_t flags = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE;
    if (options.case_mode == CaseMode::insensitive) {
        flags |= PCRE2_CASELESS;
    }
    std::unique_ptr<pcre2_compile_context, void (*)(pcre2_compile_context*)> context(
        pcre2_compile_context_create(nullptr), pcre2_compile_context_free);
    pcre2_set_newline(context.get(), PCRE2_NEWLINE_ANYCRLF);
    int error_code = 0;
    PCRE2_SIZE error_offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(source.data()), source.size(),
                                     flags, &error_code, &error_offset, context.get());
    if (code == nullptr) {
        return fail(
            ErrorKind::invalid_argument,
            fmt::format("invalid regex at offset {}: {}", error_offset, pcre2_message(error_code)),
            std::string(pattern));
    }
    // Without JIT (e.g. a kernel that forbids executable memory) the interpreter still works.
    // Hard partial matching serves the windows of a streamed file.
    const bool jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE | PCRE2_JIT_PARTIAL_HARD) == 0;
    return std::make_unique<Pcre2Matcher>(code, jit, options);
}

} // namespace tbx::subst
