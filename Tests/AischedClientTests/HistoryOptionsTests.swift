import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// `aisubmit history`'s (sacct's) command line: times, defaults, states, every problem at once, and the sacct
/// options it refuses with what to use instead.
@Suite struct HistoryOptionsTests {
    static let utc = TimeZone(identifier: "UTC")!
    /// 2027-01-15 14:30:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_800_023_400)
    static let midnight: Int64 = 1_799_971_200_000

    struct TimeCase: CustomTestStringConvertible, Sendable {
        var text: String
        var ms: Int64
        var testDescription: String { text }
    }

    static let times: [TimeCase] = [
        TimeCase(text: "now", ms: 1_800_023_400_000),
        TimeCase(text: "now-2days", ms: 1_800_023_400_000 - 2 * 86_400_000),
        TimeCase(text: "now-90", ms: 1_800_023_400_000 - 90_000),
        TimeCase(text: "now+1hour", ms: 1_800_023_400_000 + 3_600_000),
        TimeCase(text: "today", ms: midnight),
        TimeCase(text: "midnight", ms: midnight),
        TimeCase(text: "08:00", ms: midnight + 8 * 3_600_000),
        TimeCase(text: "16:00", ms: midnight + 16 * 3_600_000),  // later today, not tomorrow as for --begin
        TimeCase(text: "2027-01-01", ms: 1_798_761_600_000),
        TimeCase(text: "2027-01-01T06:30", ms: 1_798_761_600_000 + 6 * 3_600_000 + 30 * 60_000),
        TimeCase(text: "01/01", ms: 1_798_761_600_000),
        TimeCase(text: "01/01/27", ms: 1_798_761_600_000),
        TimeCase(text: "0101", ms: 1_798_761_600_000),
    ]

    @Test(arguments: times)
    func sacctTimeForms(_ c: TimeCase) throws {
        #expect(try HistoryTime.parse(c.text, option: "--starttime", now: Self.now, timeZone: Self.utc) == c.ms)
    }

    @Test(arguments: ["yesterday-ish", "now-2fortnights", "13/45", "25:00", "2027-02-30", ""])
    func notATime(_ text: String) {
        #expect(throws: HistoryTime.Invalid.self) {
            try HistoryTime.parse(text, option: "--starttime", now: Self.now, timeZone: Self.utc)
        }
    }

    @Test func withoutJobsTheWindowIsTodayUntilNowAndWithJobsThereIsNone() throws {
        let today = try HistoryOptions().request(now: Self.now, timeZone: Self.utc).get()
        #expect(today.fromMs == Self.midnight && today.toMs == 1_800_023_400_000)
        var named = HistoryOptions()
        named.jobs = ["42,43_1"]
        let request = try named.request(now: Self.now, timeZone: Self.utc).get()
        #expect(request.selectors == ["42", "43_1"] && request.fromMs == 0 && request.toMs == 0)
    }

    @Test func filtersGoIntoTheRequestWithSlurmsShortStates() throws {
        var options = HistoryOptions()
        options.users = ["ada,bob"]
        options.projects = ["vision"]
        options.states = ["CD,f", "TIMEOUT"]
        options.startTime = "2027-01-01"
        let request = try options.request(now: Self.now, timeZone: Self.utc).get()
        #expect(request.users == ["ada", "bob"] && request.projects == ["vision"])
        #expect(request.states == ["COMPLETED", "FAILED", "TIMEOUT"])
        #expect(request.fromMs == 1_798_761_600_000 && request.toMs == 1_800_023_400_000)
    }

    @Test func everyProblemAtOnce() {
        var options = HistoryOptions()
        options.allUsers = true
        options.users = ["ada"]
        options.states = ["XX", "CG"]
        options.startTime = "soon"
        options.endTime = "2026-01-01"
        guard case .failure(let error) = options.request(now: Self.now, timeZone: Self.utc) else {
            Issue.record("accepted")
            return
        }
        #expect(error.problems.count == 4, "\(error.problems)")
        #expect(error.problems.contains { $0.contains("--all-users") })
        #expect(error.problems.contains { $0.contains("\"XX\"") })
        #expect(error.problems.contains { $0.contains("--starttime \"soon\"") })
    }

    @Test func sacctOptionsItDoesNotTakeAreRefusedWithWhatToUse() {
        #expect(SacctOptions.problems(in: ["-X", "-n", "-j", "42", "-Avision-lab", "-Snow-2days", "--format=csv"]).isEmpty)
        let problems = SacctOptions.problems(in: ["--long", "-b", "--name=train", "--", "--brief"])
        #expect(problems.count == 3, "\(problems)")
        #expect(problems[0].contains("--json"))
        #expect(problems[1].contains("--format csv"))
        #expect(problems[2].contains("--name"))
        if case .failure(let error) = HistoryFormat.parse("JobID,State") {
            #expect(error.problems[0].contains("fixed columns"))
        } else {
            Issue.record("a field list was taken as a format")
        }
    }

    @Test func csvQuotesWhatNeedsItAndTheTableFieldsAreSaccts() {
        var job = JobInfo()
        job.id = 42
        job.name = "sweep, \"big\""
        job.user = "ada"
        job.project = "vision"
        job.state = "FAILED"
        job.startTimeMs = 1_800_000_000_000
        job.endTimeMs = 1_800_000_000_000 + 90_061_000
        job.exitCode = 3
        job.hasExitCode = true
        let csv = HistoryTable.csv([job])
        let lines = csv.split(separator: "\n")
        #expect(lines[0] == "JobID,JobName,User,Account,State,Submit,Start,End,Elapsed,NNodes,AllocGPUs,ExitCode")
        #expect(lines[1].hasPrefix("42,\"sweep, \"\"big\"\"\",ada,vision,FAILED,Unknown,"))
        #expect(lines[1].hasSuffix(",1-01:01:01,1,0,3:0"))
    }
}
