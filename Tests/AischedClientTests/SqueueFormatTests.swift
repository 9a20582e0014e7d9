import Foundation
import SchedulerProtocol
import Testing
@testable import AischedClient

/// `aisubmit queue -o`: squeue's format letters, widths and justification, printed as squeue prints them.
@Suite struct SqueueFormatTests {
    /// 2027-01-15T08:00:00Z.
    static let t0: Int64 = 1_800_000_000_000
    static let context = SqueueContext(now: Date(timeIntervalSince1970: Double(t0) / 1000 + 3723),
                                       timeZone: TimeZone(identifier: "UTC")!)

    static func job(_ id: UInt64, _ state: String, _ change: (inout JobInfo) -> Void = { _ in }) -> JobInfo {
        var j = JobInfo()
        j.id = id
        j.state = state
        j.name = "train"
        j.user = "ada"
        j.project = "vision"
        j.submitTimeMs = t0
        change(&j)
        return j
    }

    static func allocation(_ nodes: String...) -> [NodeAllocationInfo] {
        nodes.map { var a = NodeAllocationInfo(); a.node = $0; return a }
    }

    static let pending = job(42, "PENDING") {
        $0.name = "train-llm-very-long-name"
        $0.reason = "Resources"
        $0.estimatedStartMs = t0 + 3_600_000
        $0.submission.nodes = 2
        $0.submission.timeLimitSeconds = 7_200
    }
    static let running = job(44, "RUNNING") {
        $0.arrayJobID = 43
        $0.arrayTaskID = 1
        $0.startTimeMs = t0
        $0.allocation = allocation("dgx-01", "dgx-02")
    }
    static let completing = job(45, "CANCELLED") {
        $0.completing = true
        $0.reason = "Cancelled by ada"
        $0.startTimeMs = t0
        $0.endTimeMs = t0 + 59_000
        $0.allocation = allocation("dgx-03")
        $0.submission.timeLimitSeconds = 2 * 86_400 + 3 * 3600
    }
    static let failed = job(46, "FAILED") {
        $0.reason = "Exit code 1 on dgx-01"
        $0.startTimeMs = t0
        $0.endTimeMs = t0 + 400 * 86_400_000
        $0.allocation = allocation("dgx-01")
    }

    @Test(arguments: [
        ("%i %j %u %a %P %t %T", pending, "42 train-llm-very-long-name ada vision - PD PENDING"),
        ("%.5i|%-6j|%3u|", pending, "   42|train-|ada|"),
        ("%.2t %.10M %.10l %D", running, " R    1:02:03  UNLIMITED 2"),
        ("%i %R", pending, "42 (Resources)"),
        ("%i %R", running, "43_1 dgx-01,dgx-02"),
        ("%i %R", completing, "45 dgx-03"),
        ("%i %R", failed, "46 (Exit code 1 on dgx-01)"),
        ("%t %T %M %l", completing, "CG COMPLETING 0:59 2-03:00:00"),
        ("%M %l %D", pending, "0:00 2:00:00 2"),
        ("%M", failed, "INVALID"),
        ("%S %V", pending, "2027-01-15T09:00:00 2027-01-15T08:00:00"),
        ("%S", running, "2027-01-15T08:00:00"),
        ("%.4R|%.4R", pending, "(Res|(Res"),
        ("%.4R", running, "dgx-01,dgx-02"),
        ("%.3M", running, "1:02:03"),
        ("%3M|", pending, "0:0|"),
        ("%%%i%%", pending, "%42%"),
        ("job %i is %T.", pending, "job 42 is PENDING."),
    ] as [(String, JobInfo, String)])
    func printsAsSqueue(format: String, job: JobInfo, expected: String) throws {
        let layout = try SqueueFormat.parse(format).get()
        #expect(layout.render([job], header: false, Self.context) == expected)
    }

    @Test(arguments: [
        ("%.18i %.9P %.8j %.8u %.2t %.10M %.6D %R",
         "             JOBID PARTITION     NAME     USER ST       TIME  NODES NODELIST(REASON)"),
        ("%i|%3R|%5S|%.4V", "JOBID|NOD|START|SUBM"),
        ("%a %l %D %j", "ACCOUNT TIME_LIMIT NODES NAME"),
    ])
    func headersAreSqueues(format: String, expected: String) throws {
        #expect(try SqueueFormat.parse(format).get().render([], header: true, Self.context) == expected)
    }

    @Test func everyJobALineAfterTheHeaderUnlessNoHeader() throws {
        let layout = try SqueueFormat.parse("%i %t").get()
        #expect(layout.render([Self.pending, Self.running], header: true, Self.context) == "JOBID ST\n42 PD\n43_1 R")
        #expect(layout.render([Self.pending, Self.running], header: false, Self.context) == "42 PD\n43_1 R")
        #expect(layout.render([], header: false, Self.context) == "")
    }

    @Test func theContextWritesHostLists() throws {
        let context = SqueueContext(now: Self.context.now, timeZone: Self.context.timeZone) { "[" + $0.joined(separator: "+") + "]" }
        #expect(try SqueueFormat.parse("%R").get().render([Self.running], header: false, context) == "[dgx-01+dgx-02]")
    }

    @Test(arguments: [
        ("%i %x %Y %.5Q", ["--format: unknown field %x, %Y, %.5Q; aisched's queue knows %i job id"]),
        ("%i %", ["ends with \"%\", which names no field"]),
        ("%.12", ["ends with \"%.12\", which names no field"]),
        ("", ["--format needs at least one field"]),
        ("%99999i %C", ["a field is at most 1000 characters wide", "unknown field %C"]),
    ])
    func badFormatsAreRefusedWithEveryProblemAndTheKnownLetters(format: String, fragments: [String]) {
        guard case .failure(let error) = SqueueFormat.parse(format) else {
            Issue.record("\"\(format)\" was accepted")
            return
        }
        #expect(error.problems.count == fragments.count, "\(error)")
        for fragment in fragments { #expect(error.description.contains(fragment), "\(error)") }
    }

    @Test func theRefusalListsEveryKnownLetter() {
        guard case .failure(let error) = SqueueFormat.parse("%C") else { return }
        for field in SqueueField.allCases { #expect(error.description.contains("%\(field.rawValue) \(field.meaning)")) }
    }
}
