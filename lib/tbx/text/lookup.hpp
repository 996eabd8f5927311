#pragma once
// The lookups of a str.format field name after its argument ("{0[1]}", "{0.real}"), for the
// values tbx format reads: indexes of a str, and the attributes of int and float that are
// numbers. What Python would refuse gets Python's own message.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::text {

struct Value;

/// Holds one step of a field name after the argument: ".name" or "[key]".
struct LookupStep {
    bool attribute = false;     ///< ".name" (getattr) rather than "[key]" (getitem)
    std::string name;           ///< the attribute name or the key as written
    std::int64_t index = -1;    ///< the key as an int when it is all decimal digits, else -1
    std::optional<Error> error; ///< a syntax error Python raises on reaching this step
};

/// Splits the rest of a field name (".real", "[0][1]") into steps as CPython's
/// FieldNameIterator does; a syntax error ("Empty attribute in format string") ends the list
/// with a step that raises it, so that earlier lookups fail first, as in Python.
std::vector<LookupStep> parse_lookups(std::string_view rest);

/// Applies `step` to `value` as getattr() or getitem would: str[N] is the N-th code point;
/// int's .real, .numerator (itself), .imag (0), .denominator (1); float's .real and .imag.
/// Fails with Python's message where Python raises (AttributeError, IndexError, TypeError),
/// and with ErrorKind::unsupported for attributes Python has that are no number (methods,
/// dunders). A str result is kept in `storage`, which must outlive `value`.
Result<void> apply_lookup(Value& value, const LookupStep& step, std::string& storage);

} // namespace tbx::text
