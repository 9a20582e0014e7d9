/// How a researcher names jobs in cancel, hold, release and `--dependency`, as in Slurm: `42` is job 42, or every
/// task of array 42 when 42 is an array's id; `42_3` is task 3 of array 42.
public enum JobSelector: Hashable, Sendable, CustomStringConvertible {
    case job(JobID)
    case arrayTask(JobID, Int)

    /// `42` or `42_3`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = String(text).split(separator: "_", omittingEmptySubsequences: false)
        func number(_ s: Substring) -> UInt64? {
            guard !s.isEmpty, s.count <= 19, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return UInt64(s)
        }
        switch parts.count {
        case 1:
            guard let id = number(parts[0]), id > 0 else { return nil }
            self = .job(JobID(id))
        case 2:
            guard let id = number(parts[0]), id > 0, let task = number(parts[1]), task <= UInt64(ArraySpec.maxTaskID) else {
                return nil
            }
            self = .arrayTask(JobID(id), Int(task))
        default:
            return nil
        }
    }

    /// The job id the selector starts from (for "not found" answers).
    public var anchor: JobID {
        switch self {
        case .job(let id), .arrayTask(let id, _): id
        }
    }

    public var description: String {
        switch self {
        case .job(let id): "\(id)"
        case .arrayTask(let id, let task): "\(id)_\(task)"
        }
    }
}

extension ClusterState {
    /// The jobs a selector names: one job, every task of an array, or one task; empty when there is none.
    /// Array tasks have consecutive ids from the array's id (its first task), one per task id of its `--array`.
    public func jobs(selectedBy selector: JobSelector) -> [JobID] {
        switch selector {
        case .job(let id):
            guard let job = jobs[id] else { return [] }
            return job.arrayJobID == id ? tasks(ofArray: id) : [id]
        case .arrayTask(let array, let task):
            return tasks(ofArray: array).filter { jobs[$0]?.arrayTaskID == task }
        }
    }

    /// Every task of array `array` in task order; empty when `array` is not an array's id.
    public func tasks(ofArray array: JobID) -> [JobID] {
        guard let first = jobs[array], first.arrayJobID == array, let text = first.spec.array,
              case .success(let spec) = ArraySpec.parse(text) else { return [] }
        return (0..<spec.taskIDs.count).map { JobID(array.rawValue + UInt64($0)) }
            .filter { jobs[$0]?.arrayJobID == array }
    }
}
