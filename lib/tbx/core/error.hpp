#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace tbx {

/// Classifies a failure so callers can pick exit codes and messages without parsing text.
enum class ErrorKind {
    invalid_argument, ///< bad user input: a pattern, a version, a size
    not_found,        ///< a file, a command or an entry that does not exist
    permission,       ///< EACCES/EPERM
    io,               ///< any other system call failure
    timeout,          ///< an external tool ran past its deadline
    conflict,         ///< the world changed under us (file modified concurrently)
    limit,            ///< a resource limit hit (regex match limit, disk full)
    unsupported,      ///< the platform or file system lacks a feature
};

/// Describes what went wrong: a message and the path or value it concerns.
struct Error {
    ErrorKind kind = ErrorKind::io;
    std::string message; ///< what was wrong, lower case, no trailing period
    std::string subject; ///< the path or value concerned; may be empty

    /// Formats as "message (subject)", the form every diagnostic uses.
    [[nodiscard]] std::string describe() const {
        return subject.empty() ? message : message + " (" + subject + ")";
    }
};

/// Holds either a value or an Error; the library's return type for anything that can fail.
template <class T>
using Result = tl::expected<T, Error>;

/// Builds the unexpected branch of a Result from its parts.
inline tl::unexpected<Error> fail(ErrorKind kind, std::string message, std::string subject = {}) {
    return tl::unexpected<Error>(Error{kind, std::move(message), std::move(subject)});
}

/// Builds an Error from errno: the kind follows the errno value, the message is strerror's.
Error errno_error(int errnum, std::string what, std::string subject = {});

} // namespace tbx
