/* The test's own oracle for a program's peak memory: runs argv[1..] under ptrace
 * (PTRACE_TRACEME, independent of tbx's PTRACE_SEIZE), stops it at its exit
 * (PTRACE_O_TRACEEXIT, memory still mapped) and prints its VmHWM in bytes on stdout. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static long long read_hwm_kib(pid_t pid) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *file = fopen(path, "r");
    long long kib = -1;
    while (file != NULL && fgets(line, sizeof line, file) != NULL) {
        if (strncmp(line, "VmHWM:", 6) == 0) {
            kib = atoll(line + 6);
        }
    }
    if (file != NULL) {
        fclose(file);
    }
    return kib;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: hwm_at_exit COMMAND [ARGS...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid == 0) {
        ptrace(PTRACE_TRACEME, 0, NULL, NULL);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0); /* the SIGTRAP after exec */
    ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)PTRACE_O_TRACEEXIT);
    ptrace(PTRACE_CONT, pid, NULL, NULL);
    long long hwm = -1;
    while (waitpid(pid, &status, 0) == pid && WIFSTOPPED(status)) {
        int signal = 0;
        if (status >> 16 == PTRACE_EVENT_EXIT) {
            hwm = read_hwm_kib(pid);
        } else {
            signal = WSTOPSIG(status);
        }
        ptrace(PTRACE_CONT, pid, NULL, (void *)(long)signal);
    }
    if (hwm < 0) {
        return 1;
    }
    printf("%lld\n", hwm * 1024);
    return 0;
}
