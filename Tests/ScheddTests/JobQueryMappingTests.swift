@testable import schedd
@testable import SchedulerCore
import SchedulerProtocol
import Testing

/// `queryJobs` on the wire as the core's `JobQuery`: Slurm's job names, COMPLETING, every problem in one answer.
@Suite struct JobQueryMappingTests {
    static func request(_ change: (inout QueryJobs) -> Void) -> QueryJobs {
        var q = QueryJobs()
        change(&q)
        return q
    }

    @Test(arguments: [
        (request { $0.states = ["pending", "COMPLETING"] }, JobQuery(states: [.pending], completing: true)),
        (request { $0.selectors = ["42", "43_7"]; $0.jobIDs = [9] },
         JobQuery(ids: [JobID(9)], selectors: [.job(JobID(42)), .arrayTask(JobID(43), 7)])),
        (request { $0.users = ["ada", "bob"]; $0.allUsers = true; $0.includeFinished = true },
         JobQuery(allUsers: true, users: ["ada", "bob"], includeFinished: true)),
    ] as [(QueryJobs, JobQuery)])
    func mapsToTheCoresQuery(_ request: QueryJobs, expected: JobQuery) throws {
        #expect(try JobQueryMapping.query(from: request).get() == expected)
    }

    @Test func everyBadStateAndJobNameInOneAnswer() {
        let request = Self.request {
            $0.states = ["RUNNING", "SUSPENDED", "nope"]
            $0.selectors = ["42", "x_1", ""]
        }
        guard case .failure(let error) = JobQueryMapping.query(from: request) else {
            Issue.record("accepted")
            return
        }
        #expect(error.code == .invalidRequest)
        #expect(error.message == #"unknown job state "SUSPENDED"; unknown job state "nope"; "x_1" is not a job or array task; "" is not a job or array task"#)
        #expect(error.hint.contains("COMPLETING") && error.hint.contains("ARRAYID_TASK (42_3)"))
    }
}
