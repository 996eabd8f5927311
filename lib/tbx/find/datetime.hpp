#pragma once
// The date strings of find's -newerXt: the part of gnulib's parse_datetime (the parser behind
// GNU find and `date -d`) that scripts use.

#include <ctime>
#include <optional>
#include <string_view>

namespace tbx::find {

/// Parses `text` as GNU find reads -newermt's argument, relative to `now`:
/// "@SECONDS[.FRACTION]"; calendar dates "2024-06-01", "2024-6-1", "20240601", "2024/06/01",
/// "6/1/2024", "6/1", "Jun 1 2024", "June 1, 2024", "1 Jun 2024"; times "10:00", "10:00:30.5"
/// (after a date, also "T10:00"); zones "Z", "UTC", "GMT", "+0200", "-03:30"; "now",
/// "today", "yesterday", "tomorrow"; relative items "+1 day", "3 hours ago", "-2 weeks" (year,
/// month, fortnight, week, day, hour, minute/min, second/sec, plural too). A date without a
/// time is its midnight; a time without a date is today's; without a zone, local time.
/// Returns nullopt for anything else.
std::optional<timespec> parse_datetime(std::string_view text, timespec now);

} // namespace tbx::find
