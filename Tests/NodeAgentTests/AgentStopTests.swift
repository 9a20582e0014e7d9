@testable import NodeAgent
import SchedulerProtocol
import Testing

/// How parts stop and are reported (`AgentStateMachine+Stop`): kills and their escalation, the time limit,
/// `--signal`'s warning, and exit reports that are kept until schedd has them.
struct AgentStopTests {
    @Test func aKillEscalatesToSIGKILLAfterItsGrace() {
        var agent = AgentHarness()
        agent.registered()
        agent.launched(AgentHarness.launch(5), pid: 40)
        #expect(agent.push(.kill(AgentHarness.kill(5, signal: 0, grace: 0))).effects == [
            .signalSteps(job: 5, signal: 15), .signalPart(job: 5, shepherd: 40, signal: 15),
            .setTimer(.forceKill(job: 5, shepherd: 40), afterMs: 10_000), // 0 means schedd's defaults: SIGTERM, 10 s
        ])
        #expect(agent.on(.timerFired(.forceKill(job: 5, shepherd: 40))) == [
            .signalSteps(job: 5, signal: 9), .signalPart(job: 5, shepherd: 40, signal: 9),
        ])
        // Once the part has ended, its pids may be anyone's: only its step tasks (still this agent's) are killed.
        _ = agent.on(.partEnded(job: 5, epoch: 1, .init(exitCode: 143, signal: 15, launchFailure: "")))
        #expect(agent.on(.timerFired(.forceKill(job: 5, shepherd: 40))) == [.signalSteps(job: 5, signal: 9)])
        #expect(agent.push(.kill(AgentHarness.kill(5))).effects.isEmpty, "nothing of job 5 is here")
    }

    /// A part that holds the node for step tasks runs nothing of its own: it ends at once, its tasks get the grace.
    @Test func aKilledPartThatHoldsTheNodeEndsAtOnce() {
        var agent = AgentHarness()
        agent.registered()
        agent.launched(AgentHarness.launch(5, holds: true))
        let actions = agent.push(.kill(AgentHarness.kill(5, signal: 2, grace: 4))).effects
        let report = AgentHarness.exit(5, code: 130, signal: 2, at: agent.now)
        #expect(actions == [
            .signalSteps(job: 5, signal: 2),
            .keepExitReport(report), .sendExitReport(report, session: 1), .cleanUp(job: 5),
            .setTimer(.forceKill(job: 5, shepherd: 0), afterMs: 4_000),
        ])
    }

    @Test func theTimeLimitEndsThePartAsTimedOutAndATimerOfAnEarlierRunIsIgnored() {
        var agent = AgentHarness()
        agent.registered()
        agent.launched(AgentHarness.launch(5, limit: 60, killWait: 5), pid: 40)
        agent.advance(ms: 60_000)
        #expect(agent.on(.timerFired(.timeLimit(job: 5, run: 1))).effects == [
            .signalSteps(job: 5, signal: 15), .signalPart(job: 5, shepherd: 40, signal: 15),
            .setTimer(.forceKill(job: 5, shepherd: 40), afterMs: 5_000),
        ])
        let ended = agent.on(.partEnded(job: 5, epoch: 1, .init(exitCode: 143, signal: 15, launchFailure: "")))
        #expect(ended.sentReports.map(\.timedOut) == [true])
        // Requeued and started here again: the first run's timers leave the second alone.
        _ = agent.on(.exitReportAcknowledged(ended.sentReports[0], session: 1))
        agent.launched(AgentHarness.launch(5, epoch: 2, limit: 60), pid: 41)
        #expect(agent.on(.timerFired(.timeLimit(job: 5, run: 1))).isEmpty)
        #expect(agent.on(.timerFired(.warning(job: 5, run: 1, signal: 10, batchOnly: false))).isEmpty)
        #expect(agent.machine.parts[5]?.timedOut == false)
    }

    struct Warning: Sendable, CustomStringConvertible {
        let description: String
        let script: String
        let batchOnly: Bool
        let expected: [AgentAction]
    }

    /// `--signal`: B: reaches only the batch shell (or a command job's command); without B:, the step tasks and a
    /// command job's command, never a batch shell.
    static let warnings: [Warning] = [
        Warning(description: "batch script, B:", script: "#!/bin/sh\nsrun x", batchOnly: true,
                expected: [.signalBatchShell(job: 5, shepherd: 40, signal: 10)]),
        Warning(description: "batch script", script: "#!/bin/sh\nsrun x", batchOnly: false,
                expected: [.signalSteps(job: 5, signal: 10)]),
        Warning(description: "command, B:", script: "", batchOnly: true,
                expected: [.signalPart(job: 5, shepherd: 40, signal: 10)]),
        Warning(description: "command", script: "", batchOnly: false,
                expected: [.signalSteps(job: 5, signal: 10), .signalPart(job: 5, shepherd: 40, signal: 10)]),
    ]

    @Test(arguments: warnings)
    func theWarningSignalGoesWhereSlurmSendsIt(_ test: Warning) {
        var agent = AgentHarness()
        agent.registered()
        let started = agent.launched(AgentHarness.launch(5, limit: 600, script: test.script, warning: 10,
                                                         warningSeconds: 120, batchOnly: test.batchOnly), pid: 40)
        let timer = AgentTimer.warning(job: 5, run: 1, signal: 10, batchOnly: test.batchOnly)
        #expect(started.contains(.setTimer(timer, afterMs: 480_000)), "\(test)")
        #expect(agent.on(.timerFired(timer)).effects == test.expected, "\(test)")
        _ = agent.push(.kill(AgentHarness.kill(5)))
        #expect(agent.on(.timerFired(timer)).isEmpty, "\(test): not once the part is being killed")
    }

    /// An end not caused by a kill takes the step tasks with it (SIGTERM, then SIGKILL) and is reported once.
    @Test func aPartThatEndsByItselfTakesItsStepsWithItAndIsReported() {
        var agent = AgentHarness()
        agent.registered()
        agent.launched(AgentHarness.launch(5), pid: 40)
        agent.advance(ms: 1_234)
        let ended = agent.on(.partEnded(job: 5, epoch: 1, .init(exitCode: 3, signal: 0, launchFailure: "")))
        let report = AgentHarness.exit(5, code: 3, at: agent.now)
        #expect(ended.effects == [
            .signalSteps(job: 5, signal: 15), .setTimer(.forceKill(job: 5, shepherd: 0), afterMs: 10_000),
            .keepExitReport(report), .sendExitReport(report, session: 1), .cleanUp(job: 5),
        ])
        #expect(agent.on(.partEnded(job: 5, epoch: 1, .init(exitCode: 3, signal: 0, launchFailure: ""))).isEmpty,
                "reported once")
    }

    /// A report that cannot be delivered is sent again on every new link until schedd acknowledges it.
    @Test func anUndeliveredReportIsRetriedNotLost() {
        var agent = AgentHarness()
        agent.registered()
        agent.launched(AgentHarness.launch(5), pid: 40)
        let report = agent.on(.partEnded(job: 5, epoch: 1, .init(exitCode: 0, signal: 0, launchFailure: ""))).sentReports
        #expect(report.count == 1)
        for attempt in 2...4 {
            let session = agent.machine.session
            _ = agent.on(.connectionFailed(session: session, why: "request timed out"))
            _ = agent.on(.timerFired(.reconnect(session: session)))
            #expect(agent.on(.connected(session: UInt64(attempt))) == [.sendExitReport(report[0], session: UInt64(attempt))],
                    "attempt \(attempt)")
        }
        // An acknowledgement that comes after its link failed still counts: schedd has the report.
        _ = agent.on(.connectionFailed(session: 4, why: "closed"))
        #expect(agent.on(.exitReportAcknowledged(report[0], session: 4)) == [.dropExitReport(job: 5)])
        _ = agent.on(.timerFired(.reconnect(session: 4)))
        #expect(agent.on(.connected(session: 5)) == [.register(jobIDs: [], epochs: [], session: 5)])
    }
}
