import Testing
@testable import SchedulerCore

/// `--signal` as the core reads it (the client and schedd both use this rule) and what submit makes of it.
@Suite("Warning signal")
struct WarningSignalTests {
    @Test(arguments: [
        ("USR1", WarningSignal(signal: 10, secondsBefore: 60)),
        ("B:USR1@50", WarningSignal(signal: 10, secondsBefore: 50, batchShellOnly: true)),
        ("b:SIGusr2@0", WarningSignal(signal: 12, secondsBefore: 0, batchShellOnly: true)),
        ("15@300", WarningSignal(signal: 15, secondsBefore: 300)),
        (" TERM ", WarningSignal(signal: 15, secondsBefore: 60)),
        ("64@65535", WarningSignal(signal: 64, secondsBefore: 65_535)),
    ])
    func readsSlurmsSyntax(text: String, expected: WarningSignal) throws {
        let parsed = try WarningSignal.parse(text).get()
        #expect(parsed == expected)
        #expect(try WarningSignal.parse(parsed.description).get() == parsed, "the canonical text reads back")
    }

    @Test(arguments: [
        ("", ["the signal is missing"], false),
        ("USR3", [#""USR3" is not a signal (names: \#(SignalName.names), with or without SIG)"#], false),
        ("R:USR1", ["R: lets a job overlap an advance reservation, and aisched has none; remove R:"], true),
        ("R:KILLME@-1", ["R: lets a job overlap an advance reservation, and aisched has none; remove R:",
                         #""KILLME" is not a signal (names: \#(SignalName.names), with or without SIG)"#,
                         #""-1" after @ is not a number of seconds from 0 to 65535"#], true),
        ("USR1@", [#""" after @ is not a number of seconds from 0 to 65535"#], false),
    ])
    func refusesWithEveryProblem(text: String, reasons: [String], unsupported: Bool) {
        guard case .failure(let problem) = WarningSignal.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(problem.reasons == reasons)
        #expect(problem.isUnsupported == unsupported)
    }

    @Test func signalNamesAreLinuxNumbers() {
        #expect(["HUP", "INT", "KILL", "USR1", "USR2", "TERM", "CONT", "STOP"].map { SignalName.number($0) }
                == [1, 2, 9, 10, 12, 15, 18, 19])
        #expect(SignalName.name(of: 10) == "USR1")
        #expect(SignalName.name(of: 40) == "40")
    }

    @Test func anInteractiveAllocationHasNoBatchShellToSignal() {
        var cluster = TestCluster()
        var spec = JobSpec.make(argv: [])
        spec.interactive = true
        spec.warningSignal = WarningSignal(signal: 10, secondsBefore: 30, batchShellOnly: true)
        guard case .failure(let rejection) = cluster.trySubmit(spec) else {
            Issue.record("accepted")
            return
        }
        #expect(rejection.message == "--signal B:USR1: an interactive allocation has no batch shell to signal")
        #expect(rejection.hint == "drop B: to signal the tasks of its steps (--signal=USR1@30)")
        spec.warningSignal?.batchShellOnly = false
        #expect(cluster.trySubmit(spec).isSuccess)
    }

    @Test func theSignalIsKeptWithTheJob() {
        var cluster = TestCluster()
        cluster.addNode("n1")
        var spec = JobSpec.make(script: "#!/bin/sh\nsleep 100\n", timeLimit: .minutes(1))
        spec.warningSignal = WarningSignal(signal: 10, secondsBefore: 50, batchShellOnly: true)
        let id = cluster.submit(spec)
        #expect(cluster.job(id).spec.warningSignal?.description == "B:USR1@50")
    }
}
