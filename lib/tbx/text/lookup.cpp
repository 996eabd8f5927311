#include <algorithm>
#include <array>
#include <limits>
#include <string_view>

#include <tbx/text/format_spec.hpp>
#include <tbx/text/lookup.hpp>
#include <tbx/text/unicode14.hpp>
#include <tbx/text/utf8.hpp>

namespace tbx::text {

namespace {

// dir(str), dir(int) and dir(float) in CPython 3.11: these names exist, so a lookup tbx does
// not compute is unsupported rather than Python's AttributeError.
constexpr std::array k_str_attributes = {"__add__",
                                         "__class__",
                                         "__contains__",
                                         "__delattr__",
                                         "__dir__",
                                         "__doc__",
                                         "__eq__",
                                         "__format__",
                                         "__ge__",
                                         "__getattribute__",
                                         "__getitem__",
                                         "__getnewargs__",
                                         "__getstate__",
                                         "__gt__",
                                         "__hash__",
                                         "__init__",
                                         "__init_subclass__",
                                         "__iter__",
                                         "__le__",
                                         "__len__",
                                         "__lt__",
                                         "__mod__",
                                         "__mul__",
                                         "__ne__",
                                         "__new__",
                                         "__reduce__",
                                         "__reduce_ex__",
                                         "__repr__",
                                         "__rmod__",
                                         "__rmul__",
                                         "__setattr__",
                                         "__sizeof__",
                                         "__str__",
                                         "__subclasshook__",
                                         "capitalize",
                                         "casefold",
                                         "center",
                                         "count",
                                         "encode",
                                         "endswith",
                                         "expandtabs",
                                         "find",
                                         "format",
                                         "format_map",
                                         "index",
                                         "isalnum",
                                         "isalpha",
                                         "isascii",
                                         "isdecimal",
                                         "isdigit",
                                         "isidentifier",
                                         "islower",
                                         "isnumeric",
                                         "isprintable",
                                         "isspace",
                                         "istitle",
                                         "isupper",
                                         "join",
                                         "ljust",
                                         "lower",
                                         "lstrip",
                                         "maketrans",
                                         "partition",
                                         "removeprefix",
                                         "removesuffix",
                                         "replace",
                                         "rfind",
                                         "rindex",
                                         "rjust",
                                         "rpartition",
                                         "rsplit",
                                         "rstrip",
                                         "split",
                                         "splitlines",
                                         "startswith",
                                         "strip",
                                         "swapcase",
                                         "title",
                                         "translate",
                                         "upper",
                                         "zfill"};
constexpr std::array k_int_attributes = {
    "__abs__",          "__add__",        "__and__",      "__bool__",
    "__ceil__",         "__class__",      "__delattr__",  "__dir__",
    "__divmod__",       "__doc__",        "__eq__",       "__float__",
    "__floor__",        "__floordiv__",   "__format__",   "__ge__",
    "__getattribute__", "__getnewargs__", "__getstate__", "__gt__",
    "__hash__",         "__index__",      "__init__",     "__init_subclass__",
    "__int__",          "__invert__",     "__le__",       "__lshift__",
    "__lt__",           "__mod__",        "__mul__",      "__ne__",
    "__neg__",          "__new__",        "__or__",       "__pos__",
    "__pow__",          "__radd__",       "__rand__",     "__rdivmod__",
    "__reduce__",       "__reduce_ex__",  "__repr__",     "__rfloordiv__",
    "__rlshift__",      "__rmod__",       "__rmul__",     "__ror__",
    "__round__",        "__rpow__",       "__rrshift__",  "__rshift__",
    "__rsub__",         "__rtruediv__",   "__rxor__",     "__setattr__",
    "__sizeof__",       "__str__",        "__sub__",      "__subclasshook__",
    "__truediv__",      "__trunc__",      "__xor__",      "as_integer_ratio",
    "bit_count",        "bit_length",     "conjugate",    "denominator",
    "from_bytes",       "imag",           "numerator",    "real",
    "to_bytes"};
constexpr std::array k_float_attributes = {"__abs__",
                                           "__add__",
                                           "__bool__",
                                           "__ceil__",
                                           "__class__",
                                           "__delattr__",
                                           "__dir__",
                                           "__divmod__",
                                           "__doc__",
                                           "__eq__",
                                           "__float__",
                                           "__floor__",
                                           "__floordiv__",
                                           "__format__",
                                           "__ge__",
                                           "__getattribute__",
                                           "__getformat__",
                                           "__getnewargs__",
                                           "__getstate__",
                                           "__gt__",
                                           "__hash__",
                                           "__init__",
                                           "__init_subclass__",
                                           "__int__",
                                           "__le__",
                                           "__lt__",
                                           "__mod__",
                                           "__mul__",
                                           "__ne__",
                                           "__neg__",
                                           "__new__",
                                           "__pos__",
                                           "__pow__",
                                           "__radd__",
                                           "__rdivmod__",
                                           "__reduce__",
                                           "__reduce_ex__",
                                           "__repr__",
                                           "__rfloordiv__",
                                           "__rmod__",
                                           "__rmul__",
                                           "__round__",
                                           "__rpow__",
                                           "__rsub__",
                                           "__rtruediv__",
                                           "__setattr__",
                                           "__sizeof__",
                                           "__str__",
                                           "__sub__",
                                           "__subclasshook__",
                                           "__truediv__",
                                           "__trunc__",
                                           "as_integer_ratio",
                                           "conjugate",
                                           "fromhex",
                                           "hex",
                                           "imag",
                                           "is_integer",
                                           "real"};

constexpr std::int64_t k_index_max = std::numeric_limits<std::int64_t>::max();

template <std::size_t N>
bool has_name(const std::array<const char*, N>& names, std::string_view name) {
    return std::any_of(names.begin(), names.end(),
                       [name](const char* known) { return name == known; });
}

const char* kind_name(ValueKind kind) {
    return kind == ValueKind::int_ ? "int" : kind == ValueKind::float_ ? "float" : "str";
}

tl::unexpected<Error> python_error(std::string message) {
    return fail(ErrorKind::invalid_argument, std::move(message));
}

/// Mirrors get_integer: the key as an int when all its code points are decimal digits, -1
/// when not; fails on overflow.
Result<std::int64_t> key_as_index(std::string_view key) {
    std::int64_t value = 0;
    for (std::size_t pos = 0; pos < key.size();) {
        const Decoded unit = decode_at(key, pos);
        const int digit = unit.valid ? decimal_value_py(unit.code_point) : -1;
        if (digit < 0) {
            return -1;
        }
        if (value > (k_index_max - digit) / 10) {
            return python_error("Too many decimal digits in format string");
        }
        value = value * 10 + digit;
        pos += unit.length;
    }
    return key.empty() ? -1 : value;
}

/// Reads one step from `rest` at `pos` as FieldNameIterator_next does.
LookupStep next_step(std::string_view rest, std::size_t& pos) {
    LookupStep step;
    const char c = rest[pos++];
    if (c == '.') {
        step.attribute = true;
        const std::size_t stop = std::min(rest.size(), rest.find_first_of(".[", pos));
        step.name = std::string(rest.substr(pos, stop - pos));
        pos = stop;
    } else if (c == '[') {
        const std::size_t stop = rest.find(']', pos);
        if (stop == std::string_view::npos) {
            step.error = python_error("Missing ']' in format string").value();
            return step;
        }
        step.name = std::string(rest.substr(pos, stop - pos));
        pos = stop + 1;
    } else {
        step.error =
            python_error("Only '.' or '[' may follow ']' in format field specifier").value();
        return step;
    }
    if (step.name.empty()) {
        step.error = python_error("Empty attribute in format string").value();
    } else if (!step.attribute) {
        auto index = key_as_index(step.name);
        if (index) {
            step.index = *index;
        } else {
            step.error = index.error();
        }
    }
    return step;
}

Result<void> apply_attribute(Value& value, const LookupStep& step) {
    const std::string_view name = step.name;
    const bool number = value.kind != ValueKind::str;
    if (number && (name == "real" || (value.kind == ValueKind::int_ && name == "numerator"))) {
        return {};
    }
    if (number && name == "imag") {
        value.integer = BigInt{};
        value.integer.digits = "0";
        value.real = 0.0;
        return {};
    }
    if (value.kind == ValueKind::int_ && name == "denominator") {
        value.integer = BigInt{};
        value.integer.digits = "1";
        return {};
    }
    const bool exists = value.kind == ValueKind::str    ? has_name(k_str_attributes, name)
                        : value.kind == ValueKind::int_ ? has_name(k_int_attributes, name)
                                                        : has_name(k_float_attributes, name);
    if (exists) {
        return fail(ErrorKind::unsupported,
                    std::string("unsupported lookup: tbx format computes .real, .imag, "
                                ".numerator and .denominator of numbers and [N] of strings, "
                                "not this ") +
                        kind_name(value.kind) + " attribute",
                    "." + step.name);
    }
    return python_error("'" + std::string(kind_name(value.kind)) + "' object has no attribute '" +
                        step.name + "'");
}

} // namespace

std::vector<LookupStep> parse_lookups(std::string_view rest) {
    std::vector<LookupStep> steps;
    for (std::size_t pos = 0; pos < rest.size();) {
        steps.push_back(next_step(rest, pos));
        if (steps.back().error) {
            break;
        }
    }
    return steps;
}

Result<void> apply_lookup(Value& value, const LookupStep& step, std::string& storage) {
    if (step.error) {
        return tl::unexpected(*step.error);
    }
    if (step.attribute) {
        return apply_attribute(value, step);
    }
    if (value.kind != ValueKind::str) {
        return python_error("'" + std::string(kind_name(value.kind)) +
                            "' object is not subscriptable");
    }
    if (step.index < 0) {
        return python_error("string indices must be integers, not 'str'");
    }
    const auto index = static_cast<std::uint64_t>(step.index);
    if (index >= count_code_points(value.text)) {
        return python_error("string index out of range");
    }
    const std::size_t begin = code_point_prefix(value.text, index);
    const std::string picked(value.text.substr(begin, decode_at(value.text, begin).length));
    storage = picked;
    value.text = storage;
    return {};
}

} // namespace tbx::text
