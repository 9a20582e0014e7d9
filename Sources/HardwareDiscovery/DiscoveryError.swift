/// Everything that can go wrong while discovering or loading hardware.
///
/// Each case names the file (or command) involved and what was wrong with it, so
/// the node agent can log one line that an operator can act on without a debugger.
public enum DiscoveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A cpulist or CPU mask could not be parsed.
    case invalidCPUList(text: String, reason: String)
    /// A file that must exist could not be read.
    case unreadableFile(path: String, reason: String)
    /// A file could not be written.
    case unwritableFile(path: String, reason: String)
    /// A file was read but its content does not have the expected shape.
    case malformedFile(path: String, reason: String)
    /// The root holds no CPU information at all (not a Linux sysfs/procfs tree?).
    case noCPUsFound(root: String)
    /// `nvidia-smi -q -x` output could not be parsed.
    case invalidNvidiaXML(reason: String)
    /// `nvidia-smi --query-gpu ... --format=csv` output could not be parsed.
    case invalidNvidiaCSV(line: Int, reason: String)
    /// `nvidia-smi -L` output could not be parsed.
    case invalidNvidiaList(line: Int, reason: String)
    /// `nvidia-smi topo -m` output could not be parsed.
    case invalidTopologyMatrix(line: Int, reason: String)
    /// Discovered pieces contradict each other (e.g. two GPUs with one UUID).
    case inconsistentTopology(reason: String)
    /// A declared topology JSON file is unreadable or inconsistent.
    case invalidTopologyFile(path: String, reason: String)
    /// A helper command exited unsuccessfully.
    case commandFailed(command: String, status: Int32, stderr: String)
    /// A helper command did not finish in time (e.g. `nvidia-smi` on a wedged driver).
    case commandTimedOut(command: String, seconds: Double)

    public var description: String {
        switch self {
        case let .invalidCPUList(text, reason):
            return "invalid CPU list \"\(text.trimmingWhitespace())\": \(reason)"
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        case let .unwritableFile(path, reason):
            return "cannot write \(path): \(reason)"
        case let .malformedFile(path, reason):
            return "\(path) is malformed: \(reason)"
        case let .noCPUsFound(root):
            return "no CPUs found under \(root): neither sys/devices/system/cpu/cpuN nor proc/cpuinfo describe any processor"
        case let .invalidNvidiaXML(reason):
            return "nvidia-smi -q -x output is invalid: \(reason)"
        case let .invalidNvidiaCSV(line, reason):
            return "nvidia-smi CSV output, line \(line): \(reason)"
        case let .invalidNvidiaList(line, reason):
            return "nvidia-smi -L output, line \(line): \(reason)"
        case let .invalidTopologyMatrix(line, reason):
            return "nvidia-smi topo -m output, line \(line): \(reason)"
        case let .inconsistentTopology(reason):
            return "inconsistent hardware topology: \(reason)"
        case let .invalidTopologyFile(path, reason):
            return "topology file \(path): \(reason)"
        case let .commandFailed(command, status, stderr):
            let detail = stderr.trimmingWhitespace()
            return "\(command) exited with status \(status)" + (detail.isEmpty ? "" : ": \(detail)")
        case let .commandTimedOut(command, seconds):
            return "\(command) did not finish within \(seconds) s"
        }
    }
}

extension StringProtocol {
    /// Foundation-free trim, so the pure parsers do not depend on Foundation's String bridging.
    func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
              let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }
}
