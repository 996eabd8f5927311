#include <cerrno>
#include <dirent.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <tbx/subst/file_source.hpp>

namespace tbx::subst {

namespace {

bool matches_any(const std::vector<std::string>& globs, std::string_view name,
                 std::string_view relative) {
    for (const std::string& glob : globs) {
        const bool has_slash = glob.find('/') != std::string::npos;
        const std::string subject(has_slash ? relative : name);
        if (::fnmatch(glob.c_str(), subject.c_str(), 0) == 0) {
            return true;
        }
    }
    return false;
}

bool is_vcs_directory(std::string_view name) {
    return name == ".git" || name == ".hg" || name == ".svn";
}

void walk(const std::string& directory, const std::string& relative, const FileFilter& filter,
          const std::function<void(std::string)>& emit,
          const std::function<void(const Error&)>& on_error) {
    DIR* handle = ::opendir(directory.c_str());
    if (handle == nullptr) {
        on_error(errno_error(errno, "cannot read directory", directory));
        return;
    }
    std::vector<std::pair<std::string, std::string>> subdirectories;
    while (const dirent* entry = ::readdir(handle)) {
        const std::string_view name = entry->d_name;
        if (name == "." || name == "..") {
            continue;
        }
        if (name.front() == '.' && filter.hidden == HiddenFiles::skip) {
            continue;
        }
        const std::string path = directory.back() == '/' ? directory + std::string(name)
                                                         : directory + "/" + std::string(name);
        const std::string rel =
            relative.empty() ? std::string(name) : relative + "/" + std::string(name);
        if (matches_any(filter.exclude, name, rel)) {
            continue;
        }
        unsigned char type = entry->d_type;
        if (type == DT_UNKNOWN) {
            struct stat status {};
            if (::lstat(path.c_str(), &status) != 0) {
                continue;
            }
            type = S_ISDIR(status.st_mode) ? DT_DIR : S_ISREG(status.st_mode) ? DT_REG : DT_LNK;
        }
        if (type == DT_DIR) {
            if (!is_vcs_directory(name)) {
                subdirectories.emplace_back(path, rel);
            }
            continue;
        }
        if (type != DT_REG) {
            continue;
        }
        if (!filter.include.empty() && !matches_any(filter.include, name, rel)) {
            continue;
        }
        emit(path);
    }
    ::closedir(handle);
    for (const auto& [path, rel] : subdirectories) {
        walk(path, rel, filter, emit, on_error);
    }
}

} // namespace

Result<void> list_files(const std::string& root, const FileFilter& filter,
                        const std::function<void(std::string)>& emit,
                        const std::function<void(const Error&)>& on_error) {
    for (const auto* globs : {&filter.include, &filter.exclude}) {
        for (const std::string& glob : *globs) {
            if (glob.empty()) {
                return fail(ErrorKind::invalid_argument, "empty glob");
            }
        }
    }
    walk(root, {}, filter, emit, on_error);
    return {};
}

} // namespace tbx::subst
