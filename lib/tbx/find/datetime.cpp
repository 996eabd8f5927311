#include <array>
#include <cctype>
#include <cstdint>
#include <string>

#include <tbx/find/datetime.hpp>

namespace tbx::find {

namespace {

// What the items of a date string set, before it is turned into a time.
struct Items {
    bool has_date = false;
    int year = 0;
    int month = 0; // 1-12
    int day = 0;
    bool has_time = false;
    int hour = 0;
    int minute = 0;
    int second = 0;
    long nanoseconds = 0;
    bool has_zone = false;
    long zone_offset = 0; // seconds east of UTC
    // Relative items.
    int years = 0;
    int months = 0;
    int days = 0;
    long seconds = 0;
};

// Reads the words and numbers of a date string one item at a time.
class Scanner {
public:
    explicit Scanner(std::string_view text) : m_text(text) {}

    void skip_blanks() {
        while (m_pos < m_text.size() &&
               (std::isspace(static_cast<unsigned char>(peek())) != 0 || peek() == ',')) {
            ++m_pos;
        }
    }
    [[nodiscard]] bool done() const { return m_pos >= m_text.size(); }
    [[nodiscard]] char peek(std::size_t ahead = 0) const {
        return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
    }
    [[nodiscard]] bool digit(std::size_t ahead = 0) const {
        return std::isdigit(static_cast<unsigned char>(peek(ahead))) != 0;
    }
    void advance() { ++m_pos; }

    // Reads a run of digits; `width` is set to how many there were.
    std::int64_t number(int& width) {
        std::int64_t value = 0;
        width = 0;
        while (digit() && width < 18) {
            value = value * 10 + (peek() - '0');
            ++m_pos;
            ++width;
        }
        return value;
    }

    // Reads a word of letters, lowercased.
    std::string word() {
        std::string out;
        while (std::isalpha(static_cast<unsigned char>(peek())) != 0) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(peek())));
            ++m_pos;
        }
        return out;
    }

    // Returns the next word without consuming it (after blanks).
    [[nodiscard]] std::string next_word() const {
        Scanner copy = *this;
        copy.skip_blanks();
        return copy.word();
    }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
};

// Returns 1-12 for a month name or its abbreviation, else 0.
int month_number(const std::string& word) {
    static constexpr std::array<const char*, 12> k_names = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    for (std::size_t i = 0; i < k_names.size(); ++i) {
        const std::string name = k_names[i];
        if (word == name || (word.size() >= 3 && word.size() <= 4 && name.starts_with(word))) {
            return static_cast<int>(i) + 1;
        }
    }
    return 0;
}

// Adds `amount` of the unit `word` ("day", "hours", ...) to the relative items; false if
// `word` is no unit.
bool add_relative(Items& items, const std::string& word, long amount) {
    std::string unit = word;
    if (unit.size() > 3 && unit.back() == 's') {
        unit.pop_back();
    }
    if (unit == "year") {
        items.years += static_cast<int>(amount);
    } else if (unit == "month") {
        items.months += static_cast<int>(amount);
    } else if (unit == "fortnight") {
        items.days += static_cast<int>(14 * amount);
    } else if (unit == "week") {
        items.days += static_cast<int>(7 * amount);
    } else if (unit == "day") {
        items.days += static_cast<int>(amount);
    } else if (unit == "hour") {
        items.seconds += 3600 * amount;
    } else if (unit == "minute" || unit == "min") {
        items.seconds += 60 * amount;
    } else if (unit == "second" || unit == "sec") {
        items.seconds += amount;
    } else {
        return false;
    }
    return true;
}

// Reads "HH:MM[:SS[.FRACTION]]" after its hour.
bool read_time(Scanner& in, Items& items, std::int64_t hour) {
    int width = 0;
    in.advance(); // ':'
    items.hour = static_cast<int>(hour);
    items.minute = static_cast<int>(in.number(width));
    if (width == 0 || items.hour > 24 || items.minute > 59) {
        return false;
    }
    if (in.peek() == ':') {
        in.advance();
        items.second = static_cast<int>(in.number(width));
        if (width == 0 || items.second > 60) {
            return false;
        }
        if (in.peek() == '.' || in.peek() == ',') {
            in.advance();
            long scale = 100000000;
            while (in.digit()) {
                items.nanoseconds += (in.peek() - '0') * scale;
                scale /= 10;
                in.advance();
            }
        }
    }
    items.has_time = true;
    return true;
}

// Reads a numeric zone "+HH", "+HHMM", "+HH:MM" at the sign.
bool read_zone(Scanner& in, Items& items) {
    const int sign = in.peek() == '-' ? -1 : 1;
    in.advance();
    int width = 0;
    std::int64_t value = in.number(width);
    long hours = 0;
    long minutes = 0;
    if (width <= 2 && in.peek() == ':') {
        in.advance();
        hours = static_cast<long>(value);
        minutes = static_cast<long>(in.number(width));
    } else if (width <= 2) {
        hours = static_cast<long>(value);
    } else if (width == 4) {
        hours = static_cast<long>(value / 100);
        minutes = static_cast<long>(value % 100);
    } else {
        return false;
    }
    if (hours > 24 || minutes > 59) {
        return false;
    }
    items.has_zone = true;
    items.zone_offset = sign * (hours * 3600 + minutes * 60);
    return true;
}

bool set_date(Items& items, std::int64_t year, std::int64_t month, std::int64_t day) {
    if (month < 1 || month > 12 || day < 1 || day > 31 || items.has_date) {
        return false;
    }
    items.has_date = true;
    items.year = static_cast<int>(year);
    items.month = static_cast<int>(month);
    items.day = static_cast<int>(day);
    return true;
}

// Reads an item that starts with a word: a month name (with its day and year), a zone, or
// one of now, today, yesterday, tomorrow, ago, or a unit ("day": one day).
bool read_word_item(Scanner& in, Items& items, const timespec& now) {
    const std::string word = in.word();
    if (const int month = month_number(word); month != 0) {
        in.skip_blanks();
        int width = 0;
        const std::int64_t day = in.number(width);
        if (width == 0) {
            return false;
        }
        std::int64_t year = -1;
        if (in.next_word().empty()) {
            Scanner copy = in;
            copy.skip_blanks();
            int year_width = 0;
            const std::int64_t value = copy.number(year_width);
            if (year_width >= 3 && copy.peek() != ':') {
                year = value;
                in = copy;
            }
        }
        if (year < 0) {
            std::tm local{};
            localtime_r(&now.tv_sec, &local);
            year = local.tm_year + 1900;
        }
        return set_date(items, year, month, day);
    }
    if (word == "utc" || word == "gmt" || word == "ut" || word == "z") {
        items.has_zone = true;
        return true;
    }
    if (word == "now" || word == "today") {
        return true;
    }
    if (word == "yesterday" || word == "tomorrow") {
        items.days += word == "yesterday" ? -1 : 1;
        return true;
    }
    if (word == "ago") {
        items.years = -items.years;
        items.months = -items.months;
        items.days = -items.days;
        items.seconds = -items.seconds;
        return true;
    }
    return add_relative(items, word, 1);
}

// Reads an item that starts with a digit or a sign.
bool read_number_item(Scanner& in, Items& items, const timespec& now) {
    int sign = 0;
    if (in.peek() == '+' || in.peek() == '-') {
        sign = in.peek() == '-' ? -1 : 1;
        if (items.has_time && !items.has_zone && in.next_word().empty()) {
            Scanner copy = in;
            copy.advance();
            int width = 0;
            copy.number(width);
            copy.skip_blanks();
            if (copy.word().empty()) {
                return read_zone(in, items);
            }
        }
        in.advance();
        in.skip_blanks();
    }
    int width = 0;
    const std::int64_t value = in.number(width);
    if (width == 0) {
        return false;
    }
    if (sign != 0) {
        in.skip_blanks();
        return add_relative(items, in.word(), static_cast<long>(sign * value));
    }
    if (in.peek() == ':') {
        return read_time(in, items, value);
    }
    if (in.peek() == '-' && in.digit(1)) { // YYYY-MM-DD
        in.advance();
        const std::int64_t month = in.number(width);
        if (in.peek() != '-' || !in.digit(1)) {
            return false;
        }
        in.advance();
        const std::int64_t day = in.number(width);
        if ((in.peek() == 'T' || in.peek() == 't') && in.digit(1)) {
            in.advance();
        }
        return set_date(items, value, month, day);
    }
    if (in.peek() == '/' && in.digit(1)) { // M/D[/Y] or Y/M/D
        in.advance();
        const int first_width = width;
        const std::int64_t second = in.number(width);
        if (in.peek() == '/' && in.digit(1)) {
            in.advance();
            const std::int64_t third = in.number(width);
            return first_width >= 3 ? set_date(items, value, second, third)
                                    : set_date(items, third, value, second);
        }
        std::tm local{};
        localtime_r(&now.tv_sec, &local);
        return set_date(items, local.tm_year + 1900, value, second);
    }
    if (width == 8 && !items.has_date) { // YYYYMMDD
        const bool ok = set_date(items, value / 10000, value / 100 % 100, value % 100);
        if ((in.peek() == 'T' || in.peek() == 't') && in.digit(1)) {
            in.advance();
        }
        return ok;
    }
    const std::string next = in.next_word();
    if (const int month = month_number(next); month != 0) { // "1 Jun 2024"
        in.skip_blanks();
        in.word();
        in.skip_blanks();
        int year_width = 0;
        std::int64_t year = in.number(year_width);
        if (year_width == 0) {
            std::tm local{};
            localtime_r(&now.tv_sec, &local);
            year = local.tm_year + 1900;
        }
        return set_date(items, year, month, value);
    }
    in.skip_blanks();
    return add_relative(items, in.word(), static_cast<long>(value));
}

// Turns the items into a time.
std::optional<timespec> resolve(const Items& items, const timespec& now) {
    std::tm tm{};
    localtime_r(&now.tv_sec, &tm);
    long nanoseconds = now.tv_nsec;
    if (items.has_date) {
        tm.tm_year = items.year - 1900;
        tm.tm_mon = items.month - 1;
        tm.tm_mday = items.day;
    }
    if (items.has_date || items.has_time) {
        tm.tm_hour = items.hour;
        tm.tm_min = items.minute;
        tm.tm_sec = items.second;
        nanoseconds = items.nanoseconds;
    }
    tm.tm_year += items.years;
    tm.tm_mon += items.months;
    tm.tm_mday += items.days;
    std::time_t seconds = 0;
    if (items.has_zone) {
        seconds = timegm(&tm) - items.zone_offset;
    } else {
        tm.tm_isdst = -1;
        seconds = std::mktime(&tm);
    }
    return timespec{seconds + items.seconds, nanoseconds};
}

} // namespace

std::optional<timespec> parse_datetime(std::string_view text, timespec now) {
    if (text.starts_with('@')) {
        Scanner in(text.substr(1));
        const int sign = in.peek() == '-' ? -1 : 1;
        if (in.peek() == '-' || in.peek() == '+') {
            in.advance();
        }
        int width = 0;
        const std::int64_t whole = in.number(width);
        long nanoseconds = 0;
        if (in.peek() == '.' || in.peek() == ',') {
            in.advance();
            for (long scale = 100000000; in.digit(); scale /= 10, in.advance()) {
                nanoseconds += (in.peek() - '0') * scale;
            }
        }
        in.skip_blanks();
        if (width == 0 || !in.done()) {
            return std::nullopt;
        }
        if (sign < 0 && nanoseconds > 0) {
            return timespec{static_cast<std::time_t>(-whole - 1), 1000000000 - nanoseconds};
        }
        return timespec{static_cast<std::time_t>(sign * whole), nanoseconds};
    }
    Items items;
    Scanner in(text);
    in.skip_blanks();
    if (in.done()) { // the empty string is the start of today
        items.has_time = true;
    }
    while (!in.done()) {
        const bool ok = std::isalpha(static_cast<unsigned char>(in.peek())) != 0
                            ? read_word_item(in, items, now)
                            : read_number_item(in, items, now);
        if (!ok) {
            return std::nullopt;
        }
        in.skip_blanks();
    }
    return resolve(items, now);
}

} // namespace tbx::find
