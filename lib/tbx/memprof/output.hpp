#pragma once
// Where memprof's outputs go (--csv, --plot, -o): checked before the command starts, written
// after it ends. Standard output for "-", the descriptor itself for /dev/fd/N, /dev/stdout
// and friends, written through for FIFOs, character devices and sockets (a symlink to one is
// followed, never replaced), and replaced atomically for regular files.

#include <string>
#include <string_view>

#include <tbx/core/error.hpp>

namespace tbx::memprof {

/// Says how an output is written.
enum class OutputKind {
    descriptor,    ///< an inherited file descriptor ("-" is 1, /dev/fd/N is N)
    write_through, ///< an existing non-regular file, or a dangling symlink, opened for writing
    replace,       ///< a regular file (or a new one), replaced atomically
};

/// Describes one checked output path.
struct OutputTarget {
    std::string path; ///< as the user gave it
    OutputKind kind = OutputKind::replace;
    int fd = -1; ///< for OutputKind::descriptor
};

/// Checks that `path` can be written (a writable descriptor, an existing writable special
/// file, or a regular file in an existing writable directory) without creating or changing
/// anything. Fails with a message naming the path.
Result<OutputTarget> check_output(const std::string& path);

/// Writes `content` to a checked target: all of it to the descriptor, through the special
/// file, or as the new content of the regular file.
Result<void> write_output(const OutputTarget& target, std::string_view content);

/// Returns the plot format for `path` by its extension: "svg" for .svg, "-", and names
/// without an extension (/dev/fd/63); fails for any other extension (.png, .pdf).
Result<std::string> plot_format(const std::string& path);

} // namespace tbx::memprof
