/// The header of a Standard Workload Format file: the `; Key: value` comment lines before the first job, as the
/// Parallel Workloads Archive writes them (`; MaxNodes: 1152`, `; MaxProcs: 9216`, `; UnixStartTime: …`).
///
/// The job lines give processors, not nodes; the header is where a log says what its machine's nodes were. The
/// replay takes the processors per node from it (docs/SIMULATION.md), and the tests check a committed log against
/// it. Comment lines that are not `Key: value` (the archive's free text, cleaning filters) are not fields.
public struct SWFHeader: Sendable, Equatable {
    /// Each key's values in file order: `Partition:` and `Note:` come several times.
    public private(set) var values: [String: [String]] = [:]

    public init(_ text: String) {
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.firstIndex(of: "\n") ?? rest.endIndex
            let line = rest[..<end].trimmingBlanks
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
            if line.isEmpty { continue }
            guard line.hasPrefix(";") else { break } // the first job line ends the header
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line.dropFirst()[..<colon].trimmingBlanks
            // Archive keys are single words (`MaxProcs`, `TimeZoneString`); free text such as a cleaning filter
            // "submit<=2006-12-18 00:00:00" has a colon too but is not a field.
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber }) else { continue }
            values[String(key), default: []].append(String(line[line.index(after: colon)...].trimmingBlanks))
        }
    }

    /// The first value of `key` as an integer, nil when absent or not a number.
    public func integer(_ key: String) -> Int? { values[key]?.first.flatMap { Int($0) } }

    public var maxNodes: Int? { integer("MaxNodes") }
    public var maxProcs: Int? { integer("MaxProcs") }
    /// Job numbers run up to `MaxJobs` (a cleaned log keeps fewer lines: the removed numbers are gaps).
    public var maxJobs: Int? { integer("MaxJobs") }
    /// Submit times are seconds after this Unix time.
    public var unixStartTime: Int? { integer("UnixStartTime") }

    /// Processors of one node of the log's machine: `MaxProcs / MaxNodes` when both are given and divide evenly
    /// (Atlas: 9216 / 1152 = 8; the NASA iPSC: 128 / 128 = 1), else nil, and the caller must say.
    public var processorsPerNode: Int? {
        guard let nodes = maxNodes, let procs = maxProcs, nodes > 0, procs >= nodes, procs % nodes == 0 else { return nil }
        return procs / nodes
    }
}
