// The floor for tbx find: a bare getdents64 walk that counts entries and does nothing else
// (no matching, no output, no error reporting beyond a count). tbx find's goal is to stay
// within 1.3x of this with the same thread count.
//
// Build: g++ -std=c++20 -O2 -pthread bench/find/floor_walk.cpp -o floor_walk
// Usage: floor_walk ROOT [THREADS]
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <string>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

constexpr std::size_t k_buffer = 64 * 1024;

std::mutex g_mutex;
std::condition_variable g_cv;
std::vector<std::string> g_stack;
int g_active = 0;
std::atomic<long> g_entries{0};

// Lists one directory; pushes its subdirectories; returns the number of entries seen.
long list(const std::string& path, char* buffer, std::vector<std::string>& subdirs) {
    const int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    long count = 0;
    for (;;) {
        const long n = syscall(SYS_getdents64, fd, buffer, k_buffer);
        if (n <= 0) {
            break;
        }
        for (long off = 0; off < n;) {
            unsigned short reclen;
            std::memcpy(&reclen, buffer + off + 16, sizeof reclen);
            const unsigned char type = static_cast<unsigned char>(buffer[off + 18]);
            const char* name = buffer + off + 19;
            off += reclen;
            if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) {
                continue;
            }
            ++count;
            if (type == 4 /* DT_DIR */) {
                subdirs.push_back(path + "/" + name);
            }
        }
    }
    close(fd);
    return count;
}

void worker() {
    std::vector<char> buffer(k_buffer);
    std::vector<std::string> subdirs;
    long local = 0;
    for (;;) {
        std::string path;
        {
            std::unique_lock lock(g_mutex);
            g_cv.wait(lock, [] { return !g_stack.empty() || g_active == 0; });
            if (g_stack.empty()) {
                break;
            }
            path = std::move(g_stack.back());
            g_stack.pop_back();
            ++g_active;
        }
        local += list(path, buffer.data(), subdirs);
        {
            std::lock_guard lock(g_mutex);
            for (auto& s : subdirs) {
                g_stack.push_back(std::move(s));
            }
            --g_active;
        }
        subdirs.clear();
        g_cv.notify_all();
    }
    g_entries += local;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: floor_walk ROOT [THREADS]\n");
        return 2;
    }
    const int threads = argc > 2 ? std::atoi(argv[2]) : 1;
    g_stack.emplace_back(argv[1]);
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) {
        pool.emplace_back(worker);
    }
    worker();
    for (auto& t : pool) {
        t.join();
    }
    std::printf("%ld\n", g_entries.load() + 1);
    return 0;
}
