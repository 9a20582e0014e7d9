/// A partition: a group of nodes an admin defines (schedd's configuration) and jobs ask for by name, as Slurm's
/// `--partition`. A node may be in several. A job that names none goes to the default partition; a centre that
/// defines no partitions lets every job use every node.
public struct Partition: Hashable, Sendable, Codable {
    public var name: String
    /// Node names (a host list such as `dgx-[01-16]` is expanded when the configuration is read).
    public var nodes: [String]
    /// Where jobs that name no partition go (at most one).
    public var isDefault: Bool
    /// The longest time limit a job may ask for here (Slurm's MaxTime); nil: no limit of its own.
    public var maxTime: Span?

    public init(name: String, nodes: [String], isDefault: Bool = false, maxTime: Span? = nil) {
        self.name = name
        self.nodes = nodes
        self.isDefault = isDefault
        self.maxTime = maxTime
    }
}

/// The centre's partitions, looked up by name and by node, built once from the settings.
public struct PartitionTable: Hashable, Sendable, Codable {
    public private(set) var partitions: [Partition]
    private var members: [String: Set<String>]

    public init(_ partitions: [Partition] = []) {
        self.partitions = partitions
        members = Dictionary(partitions.map { ($0.name, Set($0.nodes)) }, uniquingKeysWith: { a, b in a.union(b) })
    }

    public var isEmpty: Bool { partitions.isEmpty }
    public var defaultPartition: Partition? { partitions.first(where: \.isDefault) }
    public func partition(named name: String) -> Partition? { partitions.first { $0.name == name } }

    /// The nodes a job in any of `names` may use.
    public func nodes(in names: [String]) -> Set<String> {
        names.count == 1 ? members[names[0]] ?? [] : names.reduce(into: Set<String>()) { $0.formUnion(members[$1] ?? []) }
    }

    /// The partitions a node belongs to, by name.
    public func partitions(of node: String) -> [String] {
        partitions.filter { members[$0.name]?.contains(node) == true }.map(\.name)
    }

    /// The partitions a request ends up in and its time limit, or why it cannot run: unknown names are refused
    /// with the list of known ones; no name means the default partition (or none, on a centre without
    /// partitions); a time limit beyond every named partition's MaxTime is refused, as Slurm does with
    /// EnforcePartLimits; a job without one gets the partitions' MaxTime, as in Slurm.
    public func resolve(_ requested: [String]?, timeLimit: Span?) -> Result<(partitions: [String]?, timeLimit: Span?), Rejection> {
        let known = partitions.map(\.name).joined(separator: ", ")
        guard let requested, !requested.isEmpty else {
            guard !isEmpty else { return .success((nil, timeLimit)) }
            guard let fallback = defaultPartition else {
                return .failure(Rejection(.invalidRequest, "this centre has no default partition",
                                          hint: "name one with --partition (partitions: \(known))"))
            }
            return limit([fallback], timeLimit).map { ([fallback.name], $0) }
        }
        let unknown = requested.filter { partition(named: $0) == nil }
        guard unknown.isEmpty else {
            return .failure(Rejection(.invalidRequest, "no partition \(unknown.joined(separator: ", ")) here",
                                      hint: isEmpty ? "this centre has no partitions: remove --partition"
                                                    : "partitions: \(known) (aisubmit nodes lists them)"))
        }
        return limit(requested.compactMap(partition(named:)), timeLimit).map { (requested, $0) }
    }

    /// The job's time limit within `chosen`: its own if some partition allows it, else a refusal; without one,
    /// the shortest MaxTime among them (so it may run in any), or none.
    private func limit(_ chosen: [Partition], _ timeLimit: Span?) -> Result<Span?, Rejection> {
        let limits = chosen.map(\.maxTime)
        if limits.contains(where: { $0 == nil }) { return .success(timeLimit) }
        let known = limits.compactMap { $0 }
        guard let longest = known.max() else { return .success(timeLimit) }
        guard let timeLimit else { return .success(known.min()) }
        guard timeLimit <= longest else {
            let names = chosen.map(\.name).joined(separator: ", ")
            return .failure(Rejection(.invalidRequest, "partition \(names) allows at most \(longest.minutesText) per job",
                                      hint: "ask for --time=\(longest.milliseconds / 60_000) or less"))
        }
        return .success(timeLimit)
    }
}

extension Span {
    /// `90` → "90 minutes", as time limits are given in whole minutes.
    var minutesText: String { "\(milliseconds / 60_000) minutes" }
}
