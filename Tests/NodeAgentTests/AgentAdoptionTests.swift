@testable import NodeAgent
import SchedulerProtocol
import Testing

/// What a restarted agent makes of its spool (`AgentStateMachine+Adoption`): parts whose shepherd still runs are
/// supervised again with their timers, parts that ended are reported, parts that never started are said so.
struct AgentAdoptionTests {
    struct Found: Sendable, CustomStringConvertible {
        let description: String
        let record: PartRecord
        let finding: SpoolFinding
        /// Whether an unacknowledged report of the job is in the spool too.
        var reported = false
        let adopted: Bool
        /// The report schedd will get: its exit code and whether the job never started; nil: none.
        let report: (code: Int32, neverStarted: Bool)?
    }

    static func record(shepherd: Int32?, holds: Bool = false, limit: UInt64 = 0) -> PartRecord {
        // Launched 100 s before the harness's now.
        var record = PartRecord(launch: AgentHarness.launch(5, limit: limit, holds: holds),
                                at: AgentHarness.wallSeconds - 100)
        record.shepherd = shepherd
        return record
    }

    static let gone = SpoolFinding.shepherdGone(exitStatusRecorded: true, .init(exitCode: 2, signal: 0, launchFailure: ""))

    static let cases: [Found] = [
        Found(description: "shepherd still running", record: record(shepherd: 70), finding: .shepherdRunning(70),
              adopted: true, report: nil),
        Found(description: "shepherd running, its pid never written down", record: record(shepherd: nil),
              finding: .shepherdRunning(71), adopted: true, report: nil),
        Found(description: "ended while no agent ran", record: record(shepherd: 70), finding: gone,
              adopted: false, report: (2, false)),
        Found(description: "ended and already reported", record: record(shepherd: 70), finding: gone, reported: true,
              adopted: false, report: nil),
        Found(description: "stopped before its shepherd was spawned", record: record(shepherd: nil),
              finding: .shepherdGone(exitStatusRecorded: false, .init(exitCode: 137, signal: 9, launchFailure: "")),
              adopted: false, report: (0, true)),
        Found(description: "holding the node for step tasks", record: record(shepherd: 0, holds: true),
              finding: .shepherdGone(exitStatusRecorded: false, .init(exitCode: 137, signal: 9, launchFailure: "")),
              adopted: true, report: nil),
    ]

    @Test(arguments: cases)
    func aPartLeftInTheSpool(_ test: Found) {
        var agent = AgentHarness()
        var actions: [AgentAction] = []
        if test.reported { actions += agent.on(.spoolReportFound(AgentHarness.exit(5, code: 2, at: agent.now))) }
        actions += agent.on(.spoolPartFound(test.record, test.finding))
        #expect((agent.machine.parts[5] != nil) == test.adopted, "\(test)")
        #expect(agent.machine.adoption.adopted == (test.adopted ? 1 : 0), "\(test)")
        if case .shepherdRunning(let pid) = test.finding, test.adopted {
            #expect(actions.contains(.watchShepherd(job: 5, epoch: 1, pid: pid)), "\(test)")
            #expect(agent.machine.parts[5]?.shepherd == pid, "\(test)")
        }
        let new = actions.keptReports
        #expect(new.map(\.exitCode) == (test.report.map { [$0.code] } ?? []), "\(test)")
        #expect(new.map(\.neverStarted) == (test.report.map { [$0.neverStarted] } ?? []), "\(test)")
        #expect(new.allSatisfy { $0.epoch == 1 }, "\(test)")
        #expect(actions.contains(.cleanUp(job: 5)) == !test.adopted, "\(test)")
        // Registering then tells schedd the truth: the job is this node's until its report is acknowledged.
        _ = agent.on(.started)
        let connected = agent.on(.connected(session: 1))
        if test.adopted {
            #expect(connected == [.register(jobIDs: [5], epochs: [1], session: 1)], "\(test)")
        } else {
            #expect(connected.sentReports.map(\.jobID) == [5], "\(test)")
        }
    }

    /// A part taken back keeps its time limit, counted from when it was launched, not from the restart.
    @Test func anAdoptedPartKeepsItsTimeLimit() {
        var agent = AgentHarness()
        let actions = agent.on(.spoolPartFound(Self.record(shepherd: 70, limit: 160), .shepherdRunning(70)))
        #expect(actions.contains(.setTimer(.timeLimit(job: 5, run: 1), afterMs: 60_000)))
        let late = agent.on(.spoolPartFound(Self.record(shepherd: 70, limit: 30), .shepherdRunning(70)))
        #expect(late.contains(.setTimer(.timeLimit(job: 5, run: 2), afterMs: 0)), "overdue: at once")
    }
}
