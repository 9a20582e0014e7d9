import Glibc

/// The process's limit on open descriptors, which bounds how many connections schedd can hold.
enum DescriptorLimit {
    /// Raises the soft limit to the hard one (systemd's LimitNOFILE sets both; a shell's `ulimit -n` often leaves a
    /// soft 1024 under a much higher hard limit) and returns the soft limit now in force.
    static func raised() -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: min(limit.rlim_cur, rlim_t(Int32.max)))
    }
}
