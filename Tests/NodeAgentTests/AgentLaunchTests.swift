@testable import NodeAgent
import SchedulerProtocol
import Testing

/// Launches (`AgentStateMachine+Launch`): nothing runs before its record is in the spool and schedd confirmed it in
/// time, and no job runs twice at once.
struct AgentLaunchTests {
    @Test func aLaunchIsWrittenDownThenConfirmedThenStarted() {
        var agent = AgentHarness()
        agent.registered()
        let launch = AgentHarness.launch(5, epoch: 2, limit: 60, killWait: 7)
        let record = agent.record(launch)
        #expect(agent.push(.launch(launch)) == [.writePartRecord(record)])
        #expect(agent.on(.partRecordWritten(job: 5, epoch: 2, failure: nil)) == [.claim(job: 5, epoch: 2)])
        agent.advance(ms: 29_999)
        #expect(agent.on(.claimAnswered(job: 5, epoch: 2, .confirmed)) == [.startPart(launch)])
        var started = record
        started.shepherd = 31
        #expect(agent.on(.partStarted(job: 5, epoch: 2, shepherd: 31)).effects == [
            .updatePartRecord(started),
            // The limit counts from the record, written when the launch came.
            .setTimer(.timeLimit(job: 5, run: 1), afterMs: 60_000 - 29_999),
        ])
        #expect(agent.machine.parts[5]?.shepherd == 31 && agent.machine.parts[5]?.killWait == 7)
    }

    /// One way a launch can fail to be confirmed, and how it must end.
    struct Unconfirmed: Sendable, CustomStringConvertible {
        let description: String
        /// The record reached the spool (if not, schedd is never asked).
        var recorded = true
        var answer: ClaimAnswer? = nil
        /// The report schedd gets, if any.
        var reported: String? = nil
        var neverStarted = false
    }

    static let unconfirmed: [Unconfirmed] = [
        Unconfirmed(description: "record not written", recorded: false, reported: "launch failed: disk full"),
        Unconfirmed(description: "refused by schedd", answer: .refused("job 5 was cancelled")),
        Unconfirmed(description: "unanswered (connection lost)", answer: .unanswered("connection closed"),
                    reported: "the launch was not started (no timely confirmation)", neverStarted: true),
        Unconfirmed(description: "confirmed after the fence window", answer: .confirmed,
                    reported: "the launch was not started (no timely confirmation)", neverStarted: true),
    ]

    @Test(arguments: unconfirmed)
    func aLaunchWithoutATimelyConfirmationStartsNothing(_ test: Unconfirmed) {
        var agent = AgentHarness()
        agent.registered()
        var actions = agent.push(.launch(AgentHarness.launch(5)))
        actions += agent.on(.partRecordWritten(job: 5, epoch: 1, failure: test.recorded ? nil : "disk full"))
        if let answer = test.answer {
            // The fence window is half the node timeout of 60 s.
            agent.advance(ms: answer == .confirmed ? 30_000 : 1_000)
            actions += agent.on(.claimAnswered(job: 5, epoch: 1, answer))
        }
        #expect(actions.startedParts.isEmpty, "\(test)")
        #expect(agent.machine.claims.isEmpty && agent.machine.parts.isEmpty, "\(test)")
        #expect(actions.sentReports.map(\.message) == (test.reported.map { [$0] } ?? []), "\(test)")
        #expect(actions.sentReports.allSatisfy { $0.neverStarted == test.neverStarted }, "\(test)")
        #expect(actions.contains(.cleanUp(job: 5)) == test.recorded, "\(test): the record and the cgroup are removed")
    }

    /// A push repeated (after a reconnect, or while schedd is asked) starts nothing more; a later run replaces the
    /// earlier one, which is killed first.
    @Test func noJobRunsTwiceAtOnce() {
        var agent = AgentHarness()
        agent.registered()
        var actions = agent.push(.launch(AgentHarness.launch(5, epoch: 3)))
        actions += agent.on(.partRecordWritten(job: 5, epoch: 3, failure: nil))
        // While schedd is being asked: the same run, an earlier one, and the same again.
        for epoch: UInt32 in [3, 2, 3] {
            #expect(agent.push(.launch(AgentHarness.launch(5, epoch: epoch))).isEmpty)
        }
        actions += agent.on(.claimAnswered(job: 5, epoch: 3, .confirmed))
        actions += agent.on(.partStarted(job: 5, epoch: 3, shepherd: 90))
        // While it runs.
        actions += agent.push(.launch(AgentHarness.launch(5, epoch: 3)))
        #expect(actions.startedParts.map(\.epoch) == [3], "the repeated pushes, replayed after the start, start nothing")
        #expect(agent.machine.claims.isEmpty)

        let requeued = agent.push(.launch(AgentHarness.launch(5, epoch: 4))).effects
        #expect(requeued == [.killRun(job: 5, shepherd: 90), .signalSteps(job: 5, signal: 9), .cleanUp(job: 5),
                             .writePartRecord(agent.record(AgentHarness.launch(5, epoch: 4)))])
        #expect(agent.machine.parts[5] == nil, "the earlier run is no longer this node's")
    }

    /// A kill or a step pushed while the launch is being confirmed waits for it, as if pushes were handled one after
    /// the other: the kill then finds the part started, the step its job.
    @Test func pushesAboutAJobBeingLaunchedWaitForTheLaunch() {
        var agent = AgentHarness()
        agent.registered()
        _ = agent.push(.launch(AgentHarness.launch(5)))
        _ = agent.on(.partRecordWritten(job: 5, epoch: 1, failure: nil))
        var step = StartStep()
        step.jobID = 5
        step.stepID = 0
        #expect(agent.push(.step(step)).isEmpty)
        #expect(agent.push(.kill(AgentHarness.kill(5, signal: 2, grace: 3))).isEmpty)
        _ = agent.on(.claimAnswered(job: 5, epoch: 1, .confirmed))
        let started = agent.on(.partStarted(job: 5, epoch: 1, shepherd: 70)).effects
        #expect(Array(started.suffix(4)) == [
            .startStepTasks(step),
            .signalSteps(job: 5, signal: 2), .signalPart(job: 5, shepherd: 70, signal: 2),
            .setTimer(.forceKill(job: 5, shepherd: 70), afterMs: 3_000),
        ])
    }

    /// The connection drops while schedd is asked: nothing starts, and schedd hears that nothing ran before it hears
    /// what runs here, so it requeues the job instead of counting it lost with the node.
    @Test func aConnectionLostMidLaunchLeavesANeverStartedReportForTheNextLink() throws {
        var agent = AgentHarness()
        agent.registered()
        _ = agent.push(.launch(AgentHarness.launch(5)))
        _ = agent.on(.partRecordWritten(job: 5, epoch: 1, failure: nil))
        _ = agent.on(.connectionFailed(session: 1, why: "connection reset"))
        let answered = agent.on(.claimAnswered(job: 5, epoch: 1, .unanswered("connection closed")))
        #expect(answered.startedParts.isEmpty && answered.sentReports.isEmpty, "no link to send it on")
        let report = try #require(answered.keptReports.first)
        #expect(report.neverStarted && report.epoch == 1)
        _ = agent.on(.timerFired(.reconnect(session: 1)))
        #expect(agent.on(.connected(session: 2)) == [.sendExitReport(report, session: 2)])
        #expect(agent.on(.exitReportAcknowledged(report, session: 2)).effects
                == [.dropExitReport(job: 5), .register(jobIDs: [], epochs: [], session: 2)])
    }

    /// A report of an earlier run still waiting when a later run comes is dropped (schedd requeued that run), in the
    /// spool too; a report of this very run means it already ended here. The late acknowledgement of the earlier
    /// report then drops nothing of the later run.
    @Test func aPendingReportOfAnEarlierRunIsDroppedAndOneOfThisRunStopsTheLaunch() {
        var agent = AgentHarness()
        agent.registered()
        agent.launched(AgentHarness.launch(5, epoch: 1), pid: 10)
        let first = agent.on(.partEnded(job: 5, epoch: 1, .init(exitCode: 0, signal: 0, launchFailure: ""))).sentReports
        #expect(first.map(\.epoch) == [1], "sent at once, unacknowledged")
        #expect(agent.push(.launch(AgentHarness.launch(5, epoch: 1))).isEmpty, "this run ended here")
        let later = agent.push(.launch(AgentHarness.launch(5, epoch: 2)))
        #expect(later.effects == [.dropExitReport(job: 5), .writePartRecord(agent.record(AgentHarness.launch(5, epoch: 2)))])
        agent.launched(AgentHarness.launch(5, epoch: 2), pid: 11)
        let second = agent.on(.partEnded(job: 5, epoch: 2, .init(exitCode: 1, signal: 0, launchFailure: "")))
        #expect(second.sentReports.isEmpty, "one report on its way at a time")
        let acknowledged = agent.on(.exitReportAcknowledged(first[0], session: 1))
        #expect(acknowledged.sentReports.map(\.epoch) == [2], "the later report is still there, and goes next")
        #expect(!acknowledged.contains(.dropExitReport(job: 5)))
    }

    @Test func aStepRunsOnlyInAJobRunningHere() {
        var agent = AgentHarness()
        agent.registered()
        var step = StartStep()
        step.jobID = 5
        #expect(agent.push(.step(step)) == [.refuseStepTasks(step, why: "job 5 is not running on this node")])
        agent.launched(AgentHarness.launch(5, holds: true))
        #expect(agent.push(.step(step)).effects == [.startStepTasks(step)])
    }
}
