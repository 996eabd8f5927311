/* Memory workloads for tbx memprof's tests and benchmarks: `workload MODE ARGS...`.
 * Sizes are MiB, times seconds. Every page is written so it counts in RSS. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_s(double seconds) {
    struct timespec ts = {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

static char* touch(double mib) {
    size_t size = (size_t)(mib * 1024 * 1024);
    if (size == 0) {
        return NULL;
    }
    char* p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(99);
    }
    for (size_t i = 0; i < size; i += 4096) {
        p[i] = (char)(i >> 12 | 1);
    }
    return p;
}

static long read_all(const char* p, double mib) {
    long sum = 0;
    size_t size = (size_t)(mib * 1024 * 1024);
    for (size_t i = 0; i < size; i += 4096) {
        sum += p[i];
    }
    return sum;
}

static void wait_all(void) {
    while (wait(NULL) > 0) {
    }
}

static volatile sig_atomic_t got_term = 0;
static void on_term(int sig) {
    (void)sig;
    got_term = 1;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
    const char* mode = argc > 1 ? argv[1] : "";
    double a = argc > 2 ? atof(argv[2]) : 0;
    double b = argc > 3 ? atof(argv[3]) : 0;
    double c = argc > 4 ? atof(argv[4]) : 0;
    double d = argc > 5 ? atof(argv[5]) : 0;
    if (strcmp(mode, "steady") == 0) { /* steady MiB SECONDS */
        touch(a);
        sleep_s(b);
    } else if (strcmp(mode, "spike") == 0) { /* spike BASE SPIKE DELAY AFTER */
        touch(a);
        sleep_s(c);
        size_t size = (size_t)(b * 1024 * 1024);
        char* p = touch(b);
        munmap(p, size);
        sleep_s(d);
    } else if (strcmp(mode, "grandspike") == 0) { /* grandspike SPIKE AFTER: in a grandchild */
        pid_t child = fork();
        if (child == 0) {
            pid_t grandchild = fork();
            if (grandchild == 0) {
                touch(a);
                _exit(0);
            }
            waitpid(grandchild, NULL, 0);
            _exit(0);
        }
        waitpid(child, NULL, 0);
        sleep_s(b);
    } else if (strcmp(mode, "cowtree") == 0) { /* cowtree MiB CHILDREN SECONDS */
        char* p = touch(a);
        for (int i = 0; i < (int)b; ++i) {
            if (fork() == 0) {
                volatile long sum = read_all(p, a);
                (void)sum;
                sleep_s(c);
                _exit(0);
            }
        }
        wait_all();
    } else if (strcmp(mode, "children") == 0) { /* children N MiB SECONDS: private memory */
        /* Each child (re-executed, so its command line changes) touches its memory and says
         * so on `ready`; once all are ready the root holds them SECONDS, then closes `go`. */
        int ready[2], go[2];
        if (pipe(ready) != 0 || pipe(go) != 0) {
            return 97;
        }
        for (int i = 0; i < (int)a; ++i) {
            if (fork() == 0) {
                char fds[32];
                snprintf(fds, sizeof fds, "%d %d", ready[1], go[0]);
                close(go[1]);
                close(ready[0]);
                execl("/proc/self/exe", argv[0], "member", argv[3], fds, (char*)NULL);
                _exit(98);
            }
        }
        close(ready[1]);
        close(go[0]);
        char byte;
        for (int i = 0; i < (int)a; ++i) {
            if (read(ready[0], &byte, 1) != 1) {
                return 96;
            }
        }
        sleep_s(c);
        close(go[1]);
        wait_all();
    } else if (strcmp(mode, "member") == 0) { /* member MiB "READY_FD GO_FD" (for children) */
        int ready_fd = -1, go_fd = -1;
        if (argc < 4 || sscanf(argv[3], "%d %d", &ready_fd, &go_fd) != 2) {
            return 2;
        }
        touch(a);
        if (write(ready_fd, "r", 1) != 1) {
            return 95;
        }
        char byte;
        while (read(go_fd, &byte, 1) > 0) {
        }
    } else if (strcmp(mode, "many") == 0) { /* many N [MiB]: N short-lived children, 8 at a time */
        for (int i = 0; i < (int)a; ++i) {
            if (fork() == 0) {
                touch(b);
                _exit(0);
            }
            if (i % 8 == 7) {
                wait_all();
            }
        }
        wait_all();
    } else if (strcmp(mode, "orphan") == 0) { /* orphan MiB SECONDS PARENT_SECONDS */
        /* The middle process exits at once; the grandchild, reparented, touches its memory and
         * says so; the root then sleeps PARENT_SECONDS (less than SECONDS keeps it alive). */
        int ready[2];
        if (pipe(ready) != 0) {
            return 97;
        }
        if (fork() == 0) {
            if (fork() == 0) {
                touch(a);
                if (write(ready[1], "r", 1) != 1) {
                    _exit(95);
                }
                sleep_s(b);
                _exit(0);
            }
            _exit(0);
        }
        close(ready[1]);
        char byte;
        if (read(ready[0], &byte, 1) != 1) {
            return 96;
        }
        sleep_s(c);
        wait_all();
    } else if (strcmp(mode, "exit") == 0) { /* exit CODE */
        return (int)a;
    } else if (strcmp(mode, "segv") == 0) {
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
        return 1;
    } else if (strcmp(mode, "ignoreterm") == 0) { /* ignoreterm SECONDS CODE */
        signal(SIGTERM, on_term);
        printf("ready\n");
        fflush(stdout);
        while (!got_term) {
            pause();
        }
        printf("got TERM\n");
        fflush(stdout);
        sleep_s(a); /* keeps running a while after the signal */
        return (int)b;
    } else if (strcmp(mode, "cpu") == 0) { /* cpu SECONDS [MiB]: prints loops per second */
        char* p = touch(b);
        double start = now_s();
        unsigned long loops = 0;
        volatile unsigned long x = 1;
        while (now_s() - start < a) {
            for (int i = 0; i < 100000; ++i) {
                x = x * 6364136223846793005UL + 1442695040888963407UL;
            }
            ++loops;
        }
        printf("%.0f\n", loops / (now_s() - start));
        (void)p;
    } else if (strcmp(mode, "cat") == 0) { /* copies stdin to stdout */
        char buffer[4096];
        ssize_t n;
        while ((n = read(0, buffer, sizeof buffer)) > 0) {
            if (write(1, buffer, (size_t)n) != n) {
                return 1;
            }
        }
    } else {
        fprintf(stderr, "usage: workload steady|spike|grandspike|cowtree|children|many|orphan|"
                        "exit|segv|ignoreterm|cpu|cat ...\n");
        return 2;
    }
    (void)d;
    return 0;
}
