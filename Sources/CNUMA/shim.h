#ifndef CNUMA_SHIM_H
#define CNUMA_SHIM_H
// No _GNU_SOURCE here: defining it makes glibc's headers differ from NIO's CNIOLinux module and the
// build fails with an fd_set merge error. Swift's Glibc does not export sched_setaffinity, so the raw
// syscalls are wrapped instead.
#include <numa.h>
#include <stddef.h>
#include <unistd.h>
#include <sys/syscall.h>

static inline int cnuma_sched_setaffinity(int pid, size_t size, const void *mask) {
    return (int)syscall(SYS_sched_setaffinity, pid, size, mask);
}

static inline int cnuma_sched_getaffinity(int pid, size_t size, void *mask) {
    long r = syscall(SYS_sched_getaffinity, pid, size, mask);
    return r < 0 ? -1 : 0;
}
#endif
