import SchedulerProtocol
import Testing
@testable import AischedClient

/// `aisubmit queue`'s squeue options, turned into one `queryJobs` request; every problem at once.
@Suite struct SqueueOptionsTests {
    @Test(arguments: [
        (["PD,r"], ["PENDING", "RUNNING"]),
        (["cg", "Completed"], ["COMPLETING", "COMPLETED"]),
        (["F,CA,TO,NF"], ["FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL"]),
        (["PENDING,PD", "pd"], ["PENDING"]),
        (["PD, R"], ["PENDING", "RUNNING"]),
        (["all"], ["PENDING", "RUNNING", "COMPLETING", "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL"]),
        ([], []),
    ])
    func statesTakeSlurmsLongAndShortNames(lists: [String], expected: [String]) throws {
        #expect(try SqueueStates.parse(lists).get() == expected)
    }

    @Test func unknownStatesAreRefusedTogetherSayingWhichSlurmStatesAischedLacks() {
        guard case .failure(let error) = SqueueStates.parse(["R,S", "XYZ,PR", ""]) else {
            Issue.record("accepted")
            return
        }
        #expect(error.problems.count == 4, "\(error)")
        #expect(error.problems[0].contains("SUSPENDED is a Slurm state aisched's jobs never have"))
        #expect(error.problems[1].contains("\"XYZ\" is not a job state"))
        #expect(error.problems[2].contains("preempted job is requeued: it shows as PENDING"))
        #expect(error.problems[0].contains("PENDING (PD), RUNNING (R), COMPLETING (CG), COMPLETED (CD)"))
    }

    @Test(arguments: [
        ("-u ada,bob -u bob", SqueueOptions.with { $0.users = ["ada,bob", "bob"] }, QueryJobs.with { $0.users = ["ada", "bob"] }),
        ("-j 42,43_1 -j 44", SqueueOptions.with { $0.jobs = ["42,43_1", "44"] },
         QueryJobs.with { $0.selectors = ["42", "43_1", "44"] }),
        ("--me", SqueueOptions.with { $0.me = true }, QueryJobs()),
        ("--start", SqueueOptions.with { $0.start = true }, QueryJobs.with { $0.states = ["PENDING"] }),
        ("--start -t R", SqueueOptions.with { $0.start = true; $0.states = ["R"] }, QueryJobs.with { $0.states = ["RUNNING"] }),
        ("--state FAILED -t CD", SqueueOptions.with { $0.states = ["FAILED", "CD"] },
         QueryJobs.with { $0.states = ["FAILED", "COMPLETED"] }),
        ("--all --all-users", SqueueOptions.with { $0.all = true; $0.allUsers = true },
         QueryJobs.with { $0.includeFinished = true; $0.allUsers = true }),
        ("-o '%i' (format is rendered, not sent)", SqueueOptions.with { $0.format = "%i" }, QueryJobs()),
    ])
    func optionsBecomeOneRequest(_ line: String, options: SqueueOptions, expected: QueryJobs) throws {
        var listing = expected
        listing.summary = true // every queue listing asks for entries without commands, scripts and environments
        #expect(try options.query().get() == listing, "\(line)")
    }

    @Test func everyProblemOfTheCommandLineAtOnce() {
        let options = SqueueOptions.with {
            $0.me = true
            $0.users = ["ada,"]
            $0.jobs = [",42"]
            $0.states = ["PX"]
            $0.format = "%i"
            $0.json = true
        }
        guard case .failure(let error) = options.query() else {
            Issue.record("accepted")
            return
        }
        #expect(error.problems.count == 5, "\(error)")
        #expect(error.description.contains("--me lists your own jobs; leave out --user or --me"))
        #expect(error.description.contains("--format and --json both choose the output"))
        #expect(error.description.contains("--user \"ada,\": give user names separated by commas"))
        #expect(error.description.contains("--jobs \",42\": give job ids"))
        #expect(error.description.contains("\"PX\" is not a job state"))
    }
}

extension SqueueOptions {
    static func with(_ change: (inout SqueueOptions) -> Void) -> SqueueOptions {
        var options = SqueueOptions()
        change(&options)
        return options
    }
}

extension QueryJobs {
    static func with(_ change: (inout QueryJobs) -> Void) -> QueryJobs {
        var query = QueryJobs()
        change(&query)
        return query
    }
}
