/// What a job waits for before it may start (`--dependency`), Slurm-style:
/// `afterok:12:13,afterany:14`, `afternotok:15`, `singleton`. All conditions must hold (`,` is AND; Slurm's `?`
/// for OR is not supported).
///
/// - `afterok:ID` — ID completed successfully (`COMPLETED`);
/// - `afterany:ID` — ID ended, whatever the outcome;
/// - `afternotok:ID` — ID ended in any other way than `COMPLETED`;
/// - `singleton` — no other job of the same user and name is running, or pending ahead of it (a lower id).
///
/// A condition that can no longer hold (afterok on a job that failed or was cancelled, afternotok on one that
/// completed) leaves the job pending with `DependencyNeverSatisfied`, as in Slurm, for its owner to cancel.
public struct Dependency: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case afterok, afterany, afternotok
    }

    public struct Condition: Hashable, Sendable, Codable {
        public var kind: Kind
        public var jobs: [JobID]
        public init(kind: Kind, jobs: [JobID]) {
            self.kind = kind
            self.jobs = jobs
        }
    }

    public var conditions: [Condition]
    public var singleton: Bool

    public init(conditions: [Condition] = [], singleton: Bool = false) {
        self.conditions = conditions
        self.singleton = singleton
    }

    /// Where a dependency stands now.
    public enum Status: Hashable, Sendable {
        case satisfied, waiting, neverSatisfied
    }

    /// The canonical text (`afterok:12:13,singleton`).
    public var description: String {
        conditions.map { ([$0.kind.rawValue] + $0.jobs.map(\.description)).joined(separator: ":") }
            .joined(separator: ",") + (singleton ? (conditions.isEmpty ? "" : ",") + "singleton" : "")
    }

    /// Parses a `--dependency` value. `resolve` gives the jobs a `42` or `42_3` names (every task of an array for an
    /// array's id, as in Slurm), empty for none: a job that never existed is an error at submit, so nothing waits
    /// forever for it. An empty text is no dependency (nil).
    public static func parse(_ text: String, resolve: (JobSelector) -> [JobID]) -> Result<Dependency?, Rejection> {
        let trimmed = text.trimmingSpaces
        if trimmed.isEmpty { return .success(nil) }
        func bad(_ message: String) -> Result<Dependency?, Rejection> {
            .failure(Rejection(.invalidRequest, "dependency \"\(text)\": \(message)",
                               hint: "use afterok:ID[:ID…], afterany:ID, afternotok:ID or singleton, joined by commas"))
        }
        var dependency = Dependency()
        for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let word = parts[0].trimmingSpaces.lowercased()
            if word == "singleton" {
                guard parts.count == 1 else { return bad("singleton takes no job ids") }
                dependency.singleton = true
                continue
            }
            if word.isEmpty { return bad("empty condition") }
            guard let kind = Kind(rawValue: word) else { return bad("unknown kind \"\(parts[0])\"") }
            guard parts.count > 1 else { return bad("\(word) needs at least one job id") }
            var ids: [JobID] = []
            for field in parts.dropFirst() {
                guard let selector = JobSelector(field.trimmingSpaces) else {
                    return bad("\"\(field)\" is not a job id (ID, or ARRAY_TASK for one task of an array)")
                }
                let named = resolve(selector)
                // A job that ended and left the live state after its retention is unknown here too, as a purged job is
                // to sbatch: it has ended, so there is nothing left to wait for.
                guard !named.isEmpty else {
                    return bad("there is no job \(selector) in the queue (one that ended and left it is in "
                               + "`aisubmit history`; submit without waiting for it)")
                }
                ids += named
            }
            dependency.conditions.append(Condition(kind: kind, jobs: ids))
        }
        return .success(dependency)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

/// A job array (`--array`): `0-99`, `1,3,5`, `0-15:4` (every 4th), mixed with commas, and an optional `%N`
/// that lets at most N of its tasks run at once.
public struct ArraySpec: Hashable, Sendable {
    /// Most tasks one array may have.
    public static let maxTasks = 10_000
    /// Largest task id.
    public static let maxTaskID = 1_000_000

    /// Ascending, without duplicates.
    public var taskIDs: [Int]
    public var throttle: Int?

    public init(taskIDs: [Int], throttle: Int? = nil) {
        self.taskIDs = taskIDs
        self.throttle = throttle
    }

    public static func parse(_ text: String) -> Result<ArraySpec, Rejection> {
        func bad(_ message: String) -> Result<ArraySpec, Rejection> {
            .failure(Rejection(.invalidRequest, "array \"\(text)\": \(message)",
                               hint: "use e.g. 0-99%10, 1,3,5 or 0-15:4"))
        }
        func number(_ s: Substring) -> Int? {
            let t = s.trimmingSpaces
            guard !t.isEmpty, t.count <= 9, t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(t)
        }
        var body = Substring(text.trimmingSpaces)
        var throttle: Int?
        if let percent = body.firstIndex(of: "%") {
            guard let n = number(body[body.index(after: percent)...]), n > 0 else { return bad("the limit after % must be a positive number") }
            throttle = n
            body = body[..<percent]
        }
        if body.isEmpty { return bad("no task ids") }
        var ids = Set<Int>()
        for item in body.split(separator: ",", omittingEmptySubsequences: false) {
            var range = item
            var step = 1
            if let colon = item.firstIndex(of: ":") {
                guard let s = number(item[item.index(after: colon)...]), s > 0 else { return bad("bad step in \"\(item)\"") }
                step = s
                range = item[..<colon]
            }
            let bounds = range.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count <= 2, let low = number(bounds[0]) else { return bad("\"\(item)\" is not a task id or range") }
            let high: Int
            if bounds.count == 2 {
                guard let h = number(bounds[1]) else { return bad("\"\(item)\" is not a task id or range") }
                high = h
            } else {
                guard step == 1 else { return bad("a step needs a range, as in 0-15:4") }
                high = low
            }
            guard low <= high else { return bad("range \"\(range)\" runs backwards") }
            guard high <= maxTaskID else { return bad("task ids go up to \(maxTaskID)") }
            guard (high - low) / step < maxTasks else { return bad("more than \(maxTasks) tasks") }
            for id in stride(from: low, through: high, by: step) { ids.insert(id) }
            if ids.count > maxTasks { return bad("more than \(maxTasks) tasks") }
        }
        return .success(ArraySpec(taskIDs: ids.sorted(), throttle: throttle))
    }
}
