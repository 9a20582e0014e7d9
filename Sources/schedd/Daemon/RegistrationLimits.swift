import SchedulerProtocol

/// What a node may declare when it registers. A node token is trusted to speak for its node, not to make schedd
/// allocate without bound: a registration claiming 4294967295 GPUs or CPUs is refused with a clear error, before
/// anything is built from it (it used to abort schedd, again at every restart).
enum RegistrationLimits {
    static let maxCPUs = 65_536
    static let maxGPUs = 1_024
    /// 2^40 MB: far beyond any machine, and far below what overflows the arithmetic on memory.
    static let maxMemoryMB: UInt64 = 1 << 40

    /// Every problem of the registration at once; nil when it may be used.
    static func problem(with r: RegisterNode) -> ErrorReply? {
        var problems: [String] = []
        if r.cpus > maxCPUs { problems.append("\(r.cpus) CPUs (at most \(maxCPUs))") }
        if r.gpus > maxGPUs { problems.append("\(r.gpus) GPUs (at most \(maxGPUs))") }
        if r.memoryMB > maxMemoryMB { problems.append("\(r.memoryMB) MB of memory (at most \(maxMemoryMB))") }
        if r.cpuIDs.count > maxCPUs || r.cpuIDs.contains(where: { $0 >= UInt32(maxCPUs) }) {
            problems.append("CPU ids beyond \(maxCPUs - 1) or more than \(maxCPUs) of them")
        }
        if r.features.count > 256 || r.features.contains(where: { $0.utf8.count > 64 }) {
            problems.append("more than 256 features, or one longer than 64 bytes")
        }
        guard !problems.isEmpty else { return nil }
        return ErrorReply(code: .invalidRequest, message: "node \(r.name) declares " + problems.joined(separator: ", "),
                          hint: "check the agent's --topology file or its discovery output (nodeagent discover)")
    }
}
