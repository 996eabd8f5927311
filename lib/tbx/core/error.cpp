#include <cerrno>
#include <cstring>

#include <tbx/core/error.hpp>

namespace tbx {

namespace {

ErrorKind kind_of_errno(int errnum) {
    switch (errnum) {
    case ENOENT:
    case ENOTDIR:
        return ErrorKind::not_found;
    case EACCES:
    case EPERM:
    case EROFS:
        return ErrorKind::permission;
    case ENOSPC:
    case EDQUOT:
    case EMFILE:
    case ENFILE:
        return ErrorKind::limit;
    case EOPNOTSUPP:
        return ErrorKind::unsupported;
    default:
        return ErrorKind::io;
    }
}

} // namespace

Error errno_error(int errnum, std::string what, std::string subject) {
    return Error{kind_of_errno(errnum), std::move(what) + ": " + std::strerror(errnum),
                 std::move(subject)};
}

} // namespace tbx
