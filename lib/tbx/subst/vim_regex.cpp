#include <cctype>
#include <cstdint>

#include <fmt/format.h>

#include <tbx/subst/vim_regex.hpp>
#include <tbx/text/utf8.hpp>

namespace tbx::subst {

namespace {

// vim's magic levels: \V, \M, \m (the default), \v.
enum class Magic { none, off, on, all };

// A keyword character (vim's default 'iskeyword', "@,48-57,_,192-255", plus every character
// past U+00FF that is not punctuation or a space, as vim's utf_class does).
constexpr std::string_view k_keyword =
    R"((?:[0-9A-Za-z_\x{c0}-\x{ff}]|(?![\p{P}\p{Z}\p{Cc}])[^\x{0}-\x{ff}]))";

// Returns the PCRE2 form of vim's class `\<letter>` (without its end-of-line), or empty.
std::string_view class_of(char letter) {
    switch (letter) {
    case 's':
        return "[ \\t]";
    case 'S':
        return "[^ \\t\\r\\n]";
    case 'd':
        return "[0-9]";
    case 'D':
        return "[^0-9\\r\\n]";
    case 'w':
        return "[0-9A-Za-z_]";
    case 'W':
        return "[^0-9A-Za-z_\\r\\n]";
    case 'a':
        return "[A-Za-z]";
    case 'A':
        return "[^A-Za-z\\r\\n]";
    case 'l':
        return "[a-z]";
    case 'L':
        return "[^a-z\\r\\n]";
    case 'u':
        return "[A-Z]";
    case 'U':
        return "[^A-Z\\r\\n]";
    case 'x':
        return "[0-9A-Fa-f]";
    case 'X':
        return "[^0-9A-Fa-f\\r\\n]";
    case 'o':
        return "[0-7]";
    case 'O':
        return "[^0-7\\r\\n]";
    case 'h':
        return "[A-Za-z_]";
    case 'H':
        return "[^A-Za-z_\\r\\n]";
    // 'isident' is "@,48-57,_,192-255": nothing past U+00FF.
    case 'i':
        return "[0-9A-Za-z_\\x{c0}-\\x{ff}]";
    case 'I':
        return "[A-Za-z_\\x{c0}-\\x{ff}]";
    case 'k':
        return k_keyword;
    case 'K':
        return R"((?:[A-Za-z_\x{c0}-\x{ff}]|(?![\p{P}\p{Z}\p{Cc}])[^\x{0}-\x{ff}]))";
    // 'isfname' is "@,48-57,/,.,-,_,+,,,#,$,%,~,=", and every character past U+00FF.
    case 'f':
        return "[0-9A-Za-z/.\\-_+,#$%~=\\x{c0}-\\x{10ffff}]";
    case 'F':
        return "[A-Za-z/.\\-_+,#$%~=\\x{c0}-\\x{10ffff}]";
    // 'isprint' is "@,161-255": ASCII 32-126, U+00A1 on.
    case 'p':
        return "[\\x{20}-\\x{7e}\\x{a1}-\\x{10ffff}]";
    case 'P':
        return "[\\x{20}-\\x{2f}\\x{3a}-\\x{7e}\\x{a1}-\\x{10ffff}]";
    default:
        return {};
    }
}

// Returns the PCRE2 class body of the collection item [:name:], or empty when unknown.
std::string_view posix_class_of(std::string_view name) {
    if (name == "alnum" || name == "alpha" || name == "blank" || name == "cntrl" ||
        name == "digit" || name == "graph" || name == "print" || name == "punct" ||
        name == "space" || name == "xdigit") {
        // ASCII, as vim's table says (PCRE2 without UCP).
        return name == "alnum"   ? "[:alnum:]"
               : name == "alpha" ? "[:alpha:]"
               : name == "blank" ? "[:blank:]"
               : name == "cntrl" ? "[:cntrl:]"
               : name == "digit" ? "[:digit:]"
               : name == "graph" ? "[:graph:]"
               : name == "print" ? "[:print:]"
               : name == "punct" ? "[:punct:]"
               : name == "space" ? "[:space:]"
                                 : "[:xdigit:]";
    }
    if (name == "lower") {
        return "\\p{Ll}";
    }
    if (name == "upper") {
        return "\\p{Lu}";
    }
    if (name == "return") {
        return "\\r";
    }
    if (name == "tab") {
        return "\\t";
    }
    if (name == "escape") {
        return "\\x{1b}";
    }
    if (name == "backspace") {
        return "\\x{08}";
    }
    if (name == "ident") {
        return "0-9A-Za-z_\\x{c0}-\\x{ff}";
    }
    if (name == "keyword") {
        return "0-9A-Za-z_\\x{c0}-\\x{ff}\\p{L}\\p{N}";
    }
    if (name == "fname") {
        return "0-9A-Za-z/.\\-_+,#$%~=\\x{c0}-\\x{10ffff}";
    }
    return {};
}

// Returns the byte length of the character at `pattern[i]` (1 for a byte that is not UTF-8).
std::size_t char_length_at(std::string_view pattern, std::size_t i) {
    return text::decode_at(pattern, i).length;
}

// Returns a code point as a PCRE2 escape, usable in and out of a class.
std::string code_point(std::uint32_t code) {
    return fmt::format("\\x{{{:x}}}", code);
}

// Returns a literal character (its UTF-8 bytes) in PCRE2 syntax; outside a class only the
// metacharacters are escaped, so a plain word stays plain (the literal engine takes it).
std::string literal(std::string_view bytes, bool in_class = false) {
    const auto u = static_cast<unsigned char>(bytes[0]);
    const std::string_view special = in_class ? "\\]^-[" : "\\^$.|?*+()[]{}#";
    if (bytes.size() == 1 && u < 0x80 && special.find(bytes[0]) != std::string_view::npos) {
        return "\\" + std::string(bytes);
    }
    return std::string(bytes);
}

// One token of the pattern: a character and whether it is an operator at its magic level.
struct Token {
    std::string_view text; ///< the character (all its UTF-8 bytes)
    bool magic = false;    ///< true for an operator, a class or another backslash item
    std::size_t begin = 0; ///< offset in the pattern, the backslash included
    [[nodiscard]] bool is(char c) const { return magic && text.size() == 1 && text[0] == c; }
};

// What came just before: decides whether ^ is an anchor and * a literal.
enum class Previous { start, line_break, atom };

class Translator {
public:
    explicit Translator(std::string_view pattern) : m_pattern(pattern) {}

    Result<VimRegex> run() {
        if (auto ok = alternation(); !ok) {
            return tl::unexpected(ok.error());
        }
        if (m_position < m_pattern.size()) {
            // Only an unmatched \) stops the top level early.
            return fail_at("unmatched \\)", m_position);
        }
        return VimRegex{std::move(m_out), m_ignore_case};
    }

private:
    std::string_view m_pattern;
    std::size_t m_position = 0;
    Magic m_magic = Magic::on;
    std::string m_out;
    std::optional<bool> m_ignore_case;
    std::size_t m_depth = 0;
    Previous m_previous = Previous::start;

    tl::unexpected<Error> fail_at(std::string what, std::size_t offset) const {
        return fail(ErrorKind::invalid_argument,
                    fmt::format("vim pattern: {} at offset {}", what, offset),
                    std::string(m_pattern));
    }

    [[nodiscard]] bool plain_is_magic(char c) const {
        switch (m_magic) {
        case Magic::all:
            return std::ispunct(static_cast<unsigned char>(c)) != 0 && c != '_';
        case Magic::on:
            return c == '^' || c == '$' || c == '.' || c == '*' || c == '[' || c == '~';
        case Magic::off:
            return c == '^' || c == '$';
        case Magic::none:
            return false;
        }
        return false;
    }

    // Reads the token at m_position without consuming it; nullopt at the end.
    [[nodiscard]] Result<std::optional<Token>> peek() const {
        if (m_position >= m_pattern.size()) {
            return std::optional<Token>{};
        }
        const char c = m_pattern[m_position];
        if (c == '\\') {
            if (m_position + 1 >= m_pattern.size()) {
                return fail_at("trailing \\", m_position);
            }
            const char next = m_pattern[m_position + 1];
            const std::size_t length = char_length_at(m_pattern, m_position + 1);
            const bool escape_item =
                std::isalnum(static_cast<unsigned char>(next)) != 0 || next == '_';
            const bool magic = escape_item || (length == 1 && !plain_is_magic(next));
            return Token{m_pattern.substr(m_position + 1, length), magic, m_position};
        }
        const std::size_t length = char_length_at(m_pattern, m_position);
        return Token{m_pattern.substr(m_position, length), length == 1 && plain_is_magic(c),
                     m_position};
    }

    void consume(const Token& token) {
        m_position = token.begin + token.text.size() + (m_pattern[token.begin] == '\\' ? 1 : 0);
    }

    // Consumes the modifiers \v \m \M \V \c \C and \%#=N, which may stand anywhere.
    Result<void> modifiers() {
        while (m_position + 1 < m_pattern.size() && m_pattern[m_position] == '\\') {
            const char c = m_pattern[m_position + 1];
            if (c == 'v' || c == 'm' || c == 'M' || c == 'V') {
                m_magic = c == 'v'   ? Magic::all
                          : c == 'm' ? Magic::on
                          : c == 'M' ? Magic::off
                                     : Magic::none;
            } else if (c == 'c' || c == 'C') {
                // \c wins over \C wherever they stand, as in vim.
                m_ignore_case = c == 'c' || (m_ignore_case && *m_ignore_case);
            } else if (m_pattern.substr(m_position, 4) == "\\%#=" &&
                       m_position + 4 < m_pattern.size()) {
                // The choice of vim's regex engine: meaningless here.
                m_position += 5;
                continue;
            } else {
                return {};
            }
            m_position += 2;
        }
        if (m_magic == Magic::all) {
            // In \v the same modifiers may lose their backslash only for %#=.
            if (m_pattern.substr(m_position, 3) == "%#=" && m_position + 3 < m_pattern.size()) {
                m_position += 4;
            }
        }
        return {};
    }

    [[nodiscard]] bool ends_branch(const Token& token) const {
        return token.is('|') || token.is('&') || token.is(')');
    }

    Result<void> alternation() {
        while (true) {
            if (auto ok = branch(); !ok) {
                return ok;
            }
            auto token = peek();
            if (!token) {
                return tl::unexpected(token.error());
            }
            if (!*token || !(*token)->is('|')) {
                return {};
            }
            consume(**token);
            m_out += '|';
        }
    }

    // A branch: concats joined by \& (each but the last a look-ahead), then \ze's closings.
    Result<void> branch() {
        std::size_t concat_start = m_out.size();
        std::size_t pending_ze = 0;
        while (true) {
            m_previous = Previous::start;
            if (auto ok = concat(pending_ze); !ok) {
                return ok;
            }
            auto token = peek();
            if (!token) {
                return tl::unexpected(token.error());
            }
            if (!*token || !(*token)->is('&')) {
                break;
            }
            if (pending_ze > 0) {
                return fail_at("\\ze before \\& is not supported", (*token)->begin);
            }
            consume(**token);
            m_out.insert(concat_start, "(?=");
            m_out += ')';
            concat_start = m_out.size();
        }
        m_out.append(pending_ze, ')');
        return {};
    }

    Result<void> concat(std::size_t& pending_ze) {
        while (true) {
            if (auto ok = modifiers(); !ok) {
                return ok;
            }
            auto token = peek();
            if (!token) {
                return tl::unexpected(token.error());
            }
            if (!*token || ends_branch(**token)) {
                return {};
            }
            if ((*token)->magic && (*token)->text == "z" &&
                m_pattern.substr((*token)->begin + 2, 1) == "e") {
                if (m_depth > 0) {
                    return fail_at("\\ze inside a group is not supported", (*token)->begin);
                }
                m_position = (*token)->begin + 3;
                m_out += "(?=";
                ++pending_ze;
                continue;
            }
            if (auto ok = piece(); !ok) {
                return ok;
            }
        }
    }

    [[nodiscard]] static bool is_multi(const Token& token) {
        return token.is('*') || token.is('+') || token.is('=') || token.is('?') || token.is('{') ||
               token.is('@');
    }

    // An atom and the multi after it, if any.
    Result<void> piece() {
        auto token = peek();
        if (!token) {
            return tl::unexpected(token.error());
        }
        const Token first = **token;
        std::size_t atom_start = m_out.size();
        if (is_multi(first)) {
            // vim: a * with nothing before it is a literal star; other multis are errors.
            if (!first.is('*')) {
                return fail_at(fmt::format("{} follows nothing", printable(first)), first.begin);
            }
            consume(first);
            m_out += "\\*";
            m_previous = Previous::atom;
        } else {
            auto repeatable = atom();
            if (!repeatable) {
                return tl::unexpected(repeatable.error());
            }
            if (!*repeatable) {
                // After ^ (and the like) a star is a literal, as in vim.
                if (auto star = star_after_anchor(atom_start); !star) {
                    return star;
                }
            }
        }
        if (auto ok = modifiers(); !ok) {
            return ok;
        }
        auto next = peek();
        if (!next) {
            return tl::unexpected(next.error());
        }
        if (!*next || !is_multi(**next)) {
            return {};
        }
        if (auto ok = multi(**next, atom_start); !ok) {
            return ok;
        }
        auto after = peek();
        if (!after) {
            return tl::unexpected(after.error());
        }
        if (*after && is_multi(**after)) {
            return fail_at(fmt::format("nested multi {}", printable(**after)), (*after)->begin);
        }
        return {};
    }

    // After an anchor a * is a literal star (and the atom a multi may follow); another
    // multi there is an error. Moves atom_start to the star.
    Result<void> star_after_anchor(std::size_t& atom_start) {
        if (auto ok = modifiers(); !ok) {
            return ok;
        }
        auto next = peek();
        if (!next) {
            return tl::unexpected(next.error());
        }
        if (!*next || !is_multi(**next)) {
            return {};
        }
        if (!(*next)->is('*')) {
            return fail_at(fmt::format("{} follows nothing", printable(**next)), (*next)->begin);
        }
        consume(**next);
        atom_start = m_out.size();
        m_out += "\\*";
        m_previous = Previous::atom;
        return {};
    }

    [[nodiscard]] std::string printable(const Token& token) const {
        return std::string(
            m_pattern.substr(token.begin, token.text.size() + (m_pattern[token.begin] == '\\')));
    }

    // Reads decimal digits; returns nullopt when there are none.
    std::optional<std::size_t> number() {
        std::size_t value = 0;
        const std::size_t start = m_position;
        while (m_position < m_pattern.size() &&
               std::isdigit(static_cast<unsigned char>(m_pattern[m_position])) != 0 &&
               value < 100'000) {
            value = value * 10 + static_cast<std::size_t>(m_pattern[m_position] - '0');
            ++m_position;
        }
        if (m_position == start) {
            return std::nullopt;
        }
        return value;
    }

    Result<void> multi(const Token& token, std::size_t atom_start) {
        consume(token);
        m_previous = Previous::atom;
        if (token.is('*')) {
            m_out += '*';
        } else if (token.is('+')) {
            m_out += '+';
        } else if (token.is('=') || token.is('?')) {
            m_out += '?';
        } else if (token.is('{')) {
            return braces(token);
        } else {
            return look_around(token, atom_start);
        }
        return {};
    }

    // \{n,m} \{n} \{n,} \{,m} \{} and their lazy \{-...} forms.
    Result<void> braces(const Token& token) {
        const bool lazy = m_pattern.substr(m_position, 1) == "-";
        if (lazy) {
            ++m_position;
        }
        const auto low = number();
        bool comma = false;
        std::optional<std::size_t> high;
        if (m_pattern.substr(m_position, 1) == ",") {
            comma = true;
            ++m_position;
            high = number();
        }
        if (m_pattern.substr(m_position, 1) == "\\") {
            ++m_position;
        }
        if (m_pattern.substr(m_position, 1) != "}") {
            return fail_at("missing } after \\{", token.begin);
        }
        ++m_position;
        std::string quantifier;
        if (!comma) {
            quantifier = low ? fmt::format("{{{}}}", *low) : "*";
        } else {
            std::size_t from = low.value_or(0);
            if (high && *high < from) {
                // vim reads \{5,2} as \{2,5}.
                std::swap(from, *high);
            }
            quantifier =
                high ? fmt::format("{{{},{}}}", from, *high) : fmt::format("{{{},}}", from);
        }
        m_out += quantifier;
        if (lazy) {
            m_out += '?';
        }
        return {};
    }

    // \@= \@! \@<= \@<! \@>.
    Result<void> look_around(const Token& token, std::size_t atom_start) {
        if (number()) {
            // Ignoring the limit could match where vim does not.
            return fail_at("a byte limit in \\@N<= or \\@N<! is not supported", token.begin);
        }
        const std::string_view rest = m_pattern.substr(m_position);
        std::string opening;
        if (rest.starts_with("<=")) {
            opening = "(?<=";
        } else if (rest.starts_with("<!")) {
            opening = "(?<!";
        } else if (rest.starts_with("=")) {
            opening = "(?=";
        } else if (rest.starts_with("!")) {
            opening = "(?!";
        } else if (rest.starts_with(">")) {
            opening = "(?>";
        } else {
            return fail_at("unknown \\@ form", token.begin);
        }
        m_position += rest.starts_with("<") ? 2 : 1;
        m_out.insert(atom_start, opening);
        m_out += ')';
        return {};
    }

    // Emits one atom; returns whether a multi may follow it (false for anchors).
    Result<bool> atom() {
        auto peeked = peek();
        if (!peeked) {
            return tl::unexpected(peeked.error());
        }
        const Token token = **peeked;
        consume(token);
        const Previous previous = m_previous;
        m_previous = Previous::atom;
        if (!token.magic) {
            m_out += literal(token.text);
            return true;
        }
        const char c = token.text[0];
        switch (c) {
        case '^':
            if (m_magic == Magic::all || previous != Previous::atom) {
                m_out += '^';
                m_previous =
                    previous == Previous::line_break ? Previous::line_break : Previous::start;
                return false;
            }
            m_out += "\\^";
            return true;
        case '$':
            if (dollar_is_anchor()) {
                m_out += '$';
                return false;
            }
            m_out += "\\$";
            return true;
        case '.':
            m_out += '.';
            return true;
        case '~':
            // vim's previous replacement: none in a fresh vim, so it matches the empty string.
            m_out += "(?:)";
            return true;
        case '[':
            return collection(false, token);
        case '(':
            return group("(", token);
        case '<':
            m_out += fmt::format("(?<!{0})(?={0})", k_keyword);
            return false;
        case '>':
            m_out += fmt::format("(?<={0})(?!{0})", k_keyword);
            return false;
        case '%':
            return percent(token);
        case '_':
            return underscore(token);
        default:
            break;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            if (c == '0') {
                return fail_at("\\0 in a pattern", token.begin);
            }
            m_out += fmt::format("\\g{{{}}}", c);
            return true;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
            return letter(token, previous);
        }
        // Other punctuation has no operator meaning: itself.
        m_out += literal(token.text);
        return true;
    }

    Result<bool> letter(const Token& token, Previous previous) {
        const char c = token.text[0];
        if (const auto cls = class_of(c); !cls.empty()) {
            m_out += cls;
            return true;
        }
        switch (c) {
        case 'n':
            m_out += "\\n";
            m_previous = Previous::line_break;
            return true;
        case 't':
            m_out += "\\t";
            return true;
        case 'e':
            m_out += "\\x{1b}";
            return true;
        case 'r':
            m_out += "\\r";
            return true;
        case 'b':
            m_out += "\\x{08}";
            return true;
        case 'z':
            if (m_pattern.substr(m_position, 1) == "s") {
                ++m_position;
                m_out += "\\K";
                m_previous = previous;
                return false;
            }
            return fail_at(fmt::format("\\z{} is not supported", m_pattern.substr(m_position, 1)),
                           token.begin);
        case 'Z':
            return fail_at("\\Z (ignore combining characters) is not supported", token.begin);
        default:
            return fail_at(fmt::format("unknown item \\{}", c), token.begin);
        }
    }

    [[nodiscard]] bool dollar_is_anchor() const {
        if (m_magic == Magic::all) {
            return true;
        }
        std::size_t i = m_position;
        bool very_magic = false;
        // Modifiers after $ do not count, as in vim.
        while (i + 1 < m_pattern.size() && m_pattern[i] == '\\' &&
               std::string_view("cCmMvVZ").find(m_pattern[i + 1]) != std::string_view::npos) {
            very_magic = m_pattern[i + 1] == 'v' ||
                         (very_magic &&
                          std::string_view("mMV").find(m_pattern[i + 1]) == std::string_view::npos);
            i += 2;
        }
        const std::string_view rest = m_pattern.substr(i);
        return rest.empty() || rest.starts_with("\\|") || rest.starts_with("\\&") ||
               rest.starts_with("\\)") || rest.starts_with("\\n") ||
               (very_magic && (rest[0] == '|' || rest[0] == '&' || rest[0] == ')'));
    }

    // \( ... \) or \%( ... \).
    Result<bool> group(std::string_view opening, const Token& token) {
        m_out += opening;
        ++m_depth;
        if (auto ok = alternation(); !ok) {
            return tl::unexpected(ok.error());
        }
        --m_depth;
        auto closing = peek();
        if (!closing) {
            return tl::unexpected(closing.error());
        }
        if (!*closing || !(*closing)->is(')')) {
            return fail_at("unmatched \\(", token.begin);
        }
        consume(**closing);
        m_out += ')';
        m_previous = Previous::atom;
        return true;
    }

    Result<bool> underscore(const Token& token) {
        if (m_position >= m_pattern.size()) {
            return fail_at("\\_ at the end", token.begin);
        }
        const char c = m_pattern[m_position++];
        if (c == '^') {
            m_out += '^';
            return false;
        }
        if (c == '$') {
            m_out += '$';
            return false;
        }
        if (c == '.') {
            m_out += "(?s:.)";
            return true;
        }
        if (c == '[') {
            return collection(true, token);
        }
        if (const auto cls = class_of(c); !cls.empty()) {
            m_out += fmt::format("(?:{}|\\n)", cls);
            return true;
        }
        return fail_at(fmt::format("unknown item \\_{}", c), token.begin);
    }

    // Reads up to `digits` digits in `base` for \%d \%x \%o \%u \%U; nullopt when none.
    // Octal stops once the value reaches 040, as vim's getoctchrs() does, so that \o417 is
    // \o41 then 7 and every code stays under 0o400.
    std::optional<std::uint32_t> digits_in_base(int base, std::size_t digits) {
        std::uint32_t value = 0;
        std::size_t count = 0;
        while (m_position < m_pattern.size() && count < digits && (base != 8 || value < 040)) {
            const char c = m_pattern[m_position];
            int digit = -1;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
            }
            if (digit < 0 || digit >= base) {
                break;
            }
            value = value * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(digit);
            ++m_position;
            ++count;
        }
        if (count == 0) {
            return std::nullopt;
        }
        return value;
    }

    // Reads the character code after \%d \%x \%o \%u \%U (m_position is after the letter).
    std::optional<std::uint32_t> character_code(char kind) {
        switch (kind) {
        case 'd':
            return digits_in_base(10, 10);
        case 'x':
            return digits_in_base(16, 2);
        case 'o':
            return digits_in_base(8, 3);
        case 'u':
            return digits_in_base(16, 4);
        case 'U':
            return digits_in_base(16, 8);
        default:
            return std::nullopt;
        }
    }

    Result<bool> percent(const Token& token) {
        if (m_position >= m_pattern.size()) {
            return fail_at("\\% at the end", token.begin);
        }
        const char c = m_pattern[m_position++];
        switch (c) {
        case '(':
            return group("(?:", token);
        case '[':
            return optional_sequence(token);
        case '^':
            m_out += "\\A";
            return false;
        case '$':
            m_out += "\\z";
            return false;
        case 'd':
        case 'x':
        case 'o':
        case 'u':
        case 'U': {
            const auto code = character_code(c);
            if (!code || *code > 0x10FFFF) {
                return fail_at(fmt::format("bad character code after \\%{}", c), token.begin);
            }
            m_out += code_point(*code);
            return true;
        }
        default:
            break;
        }
        std::string what = fmt::format("\\%{}", c);
        if (c == 'V') {
            what += " (the Visual area)";
        } else if (c == '#') {
            what += " (the cursor)";
        } else if (c == '\'') {
            what += " (a mark)";
        } else if (c == 'C') {
            what += " (combining characters)";
        } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '<' || c == '>') {
            what = "\\%" + std::string(1, c) + " (a line, column or mark position)";
        }
        return fail_at(what + " is not supported", token.begin);
    }

    // \%[abc]: a sequence of optionally matched atoms, (?:a(?:b(?:c)?)?)?.
    Result<bool> optional_sequence(const Token& token) {
        std::size_t count = 0;
        m_out += "(?:(?:";
        while (true) {
            if (m_position >= m_pattern.size()) {
                return fail_at("missing ] after \\%[", token.begin);
            }
            if (m_pattern[m_position] == ']') {
                ++m_position;
                break;
            }
            if (count > 0) {
                m_out += "(?:";
            }
            auto repeatable = atom();
            if (!repeatable) {
                return repeatable;
            }
            if (!*repeatable) {
                return fail_at("an anchor inside \\%[]", token.begin);
            }
            ++count;
        }
        if (count == 0) {
            return fail_at("empty \\%[]", token.begin);
        }
        for (std::size_t i = 0; i < count; ++i) {
            m_out += ")?";
        }
        m_out += ')';
        m_previous = Previous::atom;
        return true;
    }

    Result<bool> collection(bool with_line_break, const Token& token);
    Result<bool> collection_bracket(std::size_t& i, std::string& body,
                                    std::string& previous_item) const;
    std::string collection_character(std::size_t& i, bool& line_break) const;
    std::optional<std::string> collection_escape(std::size_t& i, bool& line_break) const;
    void write_collection(const std::string& body, bool negated, bool line_break);
};

// Reads the escape at pattern[i] (a backslash) inside a collection and returns its PCRE2
// form, or nullopt when the backslash stands for itself; advances i past what it used.
std::optional<std::string> Translator::collection_escape(std::size_t& i, bool& line_break) const {
    if (i + 1 >= m_pattern.size()) {
        return std::nullopt;
    }
    const char c = m_pattern[i + 1];
    switch (c) {
    case 'e':
        i += 2;
        return std::string("\\x{1b}");
    case 't':
        i += 2;
        return std::string("\\t");
    case 'r':
        i += 2;
        return std::string("\\r");
    case 'b':
        i += 2;
        return std::string("\\x{08}");
    case 'n':
        i += 2;
        line_break = true;
        return std::string();
    case '\\':
    case ']':
    case '^':
    case '-':
        i += 2;
        return code_point(static_cast<unsigned char>(c));
    case 'd':
    case 'o':
    case 'x':
    case 'u':
    case 'U': {
        Translator reader(m_pattern);
        reader.m_position = i + 2;
        const auto code = reader.character_code(c);
        if (!code || *code > 0x10FFFF) {
            return std::nullopt;
        }
        i = reader.m_position;
        return code_point(*code);
    }
    default:
        return std::nullopt;
    }
}

// Reads a bracketed item at pattern[i] inside a collection, [:alpha:] or [.x.], into `body`
// and advances i past it; returns false when none starts there. [=x=] is an error.
Result<bool> Translator::collection_bracket(std::size_t& i, std::string& body,
                                            std::string& previous_item) const {
    const std::string_view rest = m_pattern.substr(i);
    if (rest.starts_with("[:")) {
        const auto close = rest.find(":]");
        if (close != std::string_view::npos) {
            const auto cls = posix_class_of(rest.substr(2, close - 2));
            if (cls.empty()) {
                return fail_at(fmt::format("unknown class {}", rest.substr(0, close + 2)), i);
            }
            body += cls;
            i += close + 2;
            previous_item.clear();
            return true;
        }
    }
    if (rest.starts_with("[=")) {
        return fail_at("equivalence classes [[=x=]] are not supported", i);
    }
    if (rest.starts_with("[.") && rest.size() > 3 && rest.substr(3, 2) == ".]") {
        previous_item = literal(rest.substr(2, 1), true);
        body += previous_item;
        i += 5;
        return true;
    }
    return false;
}

// Reads one character of a collection at pattern[i], escaped or not, as PCRE2 writes it, and
// advances i past it. A backslash before anything but a known escape is itself (vim without
// 'cpo' l).
std::string Translator::collection_character(std::size_t& i, bool& line_break) const {
    if (m_pattern[i] == '\\') {
        if (auto escaped = collection_escape(i, line_break)) {
            return *escaped;
        }
        ++i;
        return code_point('\\');
    }
    const std::size_t length = char_length_at(m_pattern, i);
    std::string item = literal(m_pattern.substr(i, length), true);
    i += length;
    return item;
}

// Writes the collection read into `body`: negated, it never matches a line break; with
// `line_break` (\_[...] or \n inside), it matches one too.
void Translator::write_collection(const std::string& body, bool negated, bool line_break) {
    std::string cls;
    if (negated) {
        cls = "[^" + body + "\\r\\n]";
    } else if (!body.empty()) {
        cls = "[" + body + "]";
    }
    if (line_break) {
        m_out += cls.empty() ? std::string("\\n") : "(?:" + cls + "|\\n)";
    } else {
        m_out += cls;
    }
}

// [abc], [^a-z], [[:alpha:]], [\n...] (or \_[...]: with the end of a line).
Result<bool> Translator::collection(bool with_line_break, const Token& token) {
    std::size_t i = m_position;
    const bool negated = i < m_pattern.size() && m_pattern[i] == '^';
    i += negated ? 1 : 0;
    std::string body;
    bool line_break = with_line_break;
    bool first = true;
    std::string previous_item; // the last single character, for a range
    while (i < m_pattern.size() && (m_pattern[i] != ']' || first)) {
        first = false;
        auto bracketed = collection_bracket(i, body, previous_item);
        if (!bracketed) {
            return bracketed;
        }
        if (*bracketed) {
            continue;
        }
        if (m_pattern[i] == '-' && !previous_item.empty() && i + 1 < m_pattern.size() &&
            m_pattern[i + 1] != ']') {
            ++i; // a range: previous-next
            body += '-';
            body += collection_character(i, line_break);
            previous_item.clear();
            continue;
        }
        previous_item = collection_character(i, line_break);
        body += previous_item;
    }
    if (i >= m_pattern.size()) {
        // No closing ]: vim takes the [ literally.
        m_out += "\\[";
        if (with_line_break) {
            return fail_at("missing ] after \\_[", token.begin);
        }
        return true;
    }
    m_position = i + 1;
    write_collection(body, negated, line_break);
    return true;
}

} // namespace

Result<VimRegex> translate_vim_regex(std::string_view pattern, char delimiter) {
    if (delimiter == '?' && pattern.find("\\?") != std::string_view::npos) {
        std::string unescaped;
        for (std::size_t i = 0; i < pattern.size(); ++i) {
            if (pattern[i] == '\\' && i + 1 < pattern.size()) {
                if (pattern[i + 1] != '?') {
                    unescaped += '\\';
                }
                unescaped += pattern[++i];
                continue;
            }
            unescaped += pattern[i];
        }
        return Translator(unescaped).run();
    }
    return Translator(pattern).run();
}

} // namespace tbx::subst
