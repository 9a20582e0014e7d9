import Foundation
import Testing
import SchedulerProtocol
@testable import AischedClient

@Suite("Why a job waits, in words")
struct WaitExplanationTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let now = Date(timeIntervalSince1970: 1_800_000_000)   // 2027-01-15 08:00 UTC

    static func pending(_ reason: String, gpus: UInt32 = 4, model: String = "H100", nodes: UInt32 = 1) -> JobInfo {
        var job = JobInfo()
        job.id = 900
        job.state = "PENDING"
        job.reason = reason
        job.project = "robotics-vla"
        job.submission.gpusPerNode = gpus
        job.submission.gpuModel = model
        job.submission.nodes = nodes
        job.submission.cpusPerNode = 32
        return job
    }

    @Test func aReservedJobSaysWhatItWaitsForWhoIsAheadAndWhen() {
        var job = Self.pending("Resources")
        job.jobsAhead = 3
        job.estimatedStartMs = 1_800_000_000_000 + 6 * 3_600_000 + 20 * 60_000
        job.startsAfter = [812]
        #expect(WaitExplanation.sentence(job, now: Self.now, timeZone: Self.utc)
                == "waiting for 4 × H100 on one node; 3 jobs of higher priority ahead; expected to start at 14:20 when job 812 ends")
    }

    @Test(arguments: [
        ("Held", "held: `aisubmit release 900` lets it run"),
        ("BudgetExhausted", "project robotics-vla has spent its budget (see `aisubmit usage`)"),
        ("Unsatisfiable", "no node of the centre can run this request"),
        ("NodesDown", "every node that could run it is down, drained or disconnected"),
        ("ReqNodeNotAvail, UnavailableNodes:dgx-[01-02] (drained by ops: GPU 3 ECC errors)",
         "the nodes that could run it are out of service: dgx-[01-02] (drained by ops: GPU 3 ECC errors)"),
    ])
    func eachReasonHasASentence(reason: String, sentence: String) {
        #expect(WaitExplanation.sentence(Self.pending(reason), now: Self.now, timeZone: Self.utc) == sentence)
    }

    @Test func aGangWithoutAnEstimateSaysSo() {
        var job = Self.pending("Priority", gpus: 8, model: "", nodes: 2)
        job.jobsAhead = 1
        job.startsAfter = []
        #expect(WaitExplanation.sentence(job, now: Self.now, timeZone: Self.utc)
                == "waiting for 8 × GPU on each of 2 nodes; 1 job of higher priority ahead; "
                + "no start estimate yet (only the first jobs in the queue are planned)")
    }

    @Test func laterDaysNameTheDateAndSeveralJobsAreListed() {
        var job = Self.pending("Resources", gpus: 0)
        job.estimatedStartMs = 1_800_000_000_000 + 2 * 86_400_000
        job.startsAfter = [7, 8, 9]
        #expect(WaitExplanation.sentence(job, now: Self.now, timeZone: Self.utc)
                == "waiting for 32 CPUs on one node; expected to start on 2027-01-17 at 08:00 when jobs 7, 8 and 9 end")
    }
}

@Suite("--begin times")
struct BeginTimeTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let now = Date(timeIntervalSince1970: 1_800_000_000)   // 2027-01-15 08:00 UTC
    static let nowMs: Int64 = 1_800_000_000_000

    static let hour: Int64 = 3_600_000
    static let cases: [(String, Int64)] = [
        ("now", 0), ("now+90", 90_000), ("now+1hour", hour), ("now+30minutes", hour / 2),
        ("now+2days", 48 * hour), ("16:00", 8 * hour), ("07:00", 23 * hour),
        ("noon", 4 * hour), ("tomorrow", 16 * hour), ("2027-01-15T08:30", hour / 2),
        ("2027-01-16", 16 * hour),
    ]

    @Test(arguments: cases)
    func parses(text: String, offsetMs: Int64) throws {
        #expect(try BeginTime.parse(text, now: Self.now, timeZone: Self.utc) == Self.nowMs + offsetMs)
    }

    @Test(arguments: ["soon", "now+", "now+3fortnights", "25:00", "2027-02-30", "2027-01-15T8"])
    func refuses(text: String) {
        #expect(throws: BeginTime.Invalid(text: text)) { try BeginTime.parse(text, now: Self.now, timeZone: Self.utc) }
    }
}
