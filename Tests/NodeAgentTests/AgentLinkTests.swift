@testable import NodeAgent
import SchedulerProtocol
import Testing

/// The agent's link to schedd (`AgentStateMachine+Link`): connect, flush reports, register, heartbeat, reconnect.
struct AgentLinkTests {
    @Test func reportsLeftInTheSpoolGoBeforeTheRegistrationWhichNamesWhatRuns() {
        var agent = AgentHarness()
        let left = AgentHarness.exit(3, code: 0, at: agent.now)
        _ = agent.on(.spoolReportFound(left))
        var record = PartRecord(launch: AgentHarness.launch(8), at: AgentHarness.wallSeconds)
        record.shepherd = 77
        _ = agent.on(.spoolPartFound(record, .shepherdRunning(77)))
        #expect(agent.on(.started) == [.connect(session: 1)])
        let connected = agent.on(.connected(session: 1))
        #expect(connected == [.sendExitReport(left, session: 1)], "nothing is registered before the report")
        let acknowledged = agent.on(.exitReportAcknowledged(left, session: 1))
        #expect(acknowledged == [.dropExitReport(job: 3), .register(jobIDs: [8], epochs: [1], session: 1)])
        #expect(agent.machine.link == .registering)
    }

    @Test func anEndedJobWhoseReportIsUnacknowledgedIsStillThisNodesAtRegistration() {
        var agent = AgentHarness()
        _ = agent.on(.spoolReportFound(AgentHarness.exit(9, epoch: 4, code: 1, at: agent.now)))
        var record = PartRecord(launch: AgentHarness.launch(2, epoch: 3), at: AgentHarness.wallSeconds)
        record.shepherd = 50
        _ = agent.on(.spoolPartFound(record, .shepherdRunning(50)))
        #expect(agent.machine.registeredJobs.ids == [2, 9])
        #expect(agent.machine.registeredJobs.epochs == [3, 4])
        #expect(agent.machine.runningJobs.ids == [2], "heartbeats name running parts only")
    }

    /// Each failure doubles the wait before the next attempt, up to 8 s; the wait is never reset.
    @Test func aLostLinkIsRetriedWithBackoff() {
        var agent = AgentHarness()
        _ = agent.on(.started)
        var waits: [Int64] = []
        for round in 1...6 {
            let session = agent.machine.session
            let failed = agent.on(.connectionFailed(session: session, why: "refused"))
            #expect(failed.effects.first == .disconnect(session: session), "round \(round)")
            guard case .setTimer(.reconnect(session), let wait)? = failed.effects.last else {
                Issue.record("round \(round): no reconnect timer in \(failed)")
                return
            }
            waits.append(wait)
            #expect(agent.on(.timerFired(.reconnect(session: session))) == [.connect(session: session + 1)])
            if round == 3 { _ = agent.on(.connected(session: session + 1)) } // a link that came up and failed again
        }
        #expect(waits == [1_000, 2_000, 4_000, 8_000, 8_000, 8_000])
    }

    @Test func answersAndTimersOfAnEarlierConnectionAreIgnored() {
        var agent = AgentHarness()
        agent.registered()
        _ = agent.on(.connectionFailed(session: 1, why: "closed"))
        _ = agent.on(.timerFired(.reconnect(session: 1)))
        let stale: [AgentEvent] = [
            .connectionFailed(session: 1, why: "closed again"), .connected(session: 1),
            .registered(AgentHarness.reply(), session: 1), .heartbeatAcknowledged(session: 1),
            .timerFired(.heartbeat(session: 1)), .timerFired(.reconnect(session: 1)),
            .pushed(.launch(AgentHarness.launch(5)), session: 1),
        ]
        for event in stale {
            #expect(agent.on(event).isEmpty, "\(event)")
        }
        #expect(agent.machine.link == .connecting && agent.machine.session == 2)
    }

    @Test(arguments: [
        // (heartbeat asked by schedd, node timeout) → (heartbeat interval, fence window)
        (UInt32(1_000), UInt32(60_000), Int64(1_000), Int64(30_000)),
        (50, 10_000, 200, 5_000),          // heartbeats no more often than every 200 ms
        (5_000, 0, 5_000, 30_000),         // no timeout said: schedd's default of 60 s
    ])
    func theRegistrationSetsTheHeartbeatAndTheFenceWindow(heartbeat: UInt32, timeout: UInt32, interval: Int64,
                                                          window: Int64) {
        var agent = AgentHarness()
        let actions = agent.registered(AgentHarness.reply(heartbeatMs: heartbeat, nodeTimeoutMs: timeout))
        #expect(actions.effects == [.setTimer(.heartbeat(session: 1), afterMs: interval)])
        #expect(agent.machine.fenceWindowMs == window)
    }

    @Test func heartbeatsNameTheRunningPartsOneAtATime() {
        var agent = AgentHarness()
        agent.registered()
        agent.launched(AgentHarness.launch(12, epoch: 2))
        let beat = agent.on(.timerFired(.heartbeat(session: 1)))
        #expect(beat == [.sendHeartbeat(jobIDs: [12], epochs: [2], session: 1)])
        #expect(agent.on(.timerFired(.heartbeat(session: 1))).isEmpty, "one heartbeat on its way at a time")
        #expect(agent.on(.heartbeatAcknowledged(session: 1)) == [.setTimer(.heartbeat(session: 1), afterMs: 1_000)])
    }

    /// A run the node kept while cut off, which schedd has requeued elsewhere, is killed before anything new starts.
    @Test func theRegistrationsKillsGoFirst() {
        var agent = AgentHarness()
        var record = PartRecord(launch: AgentHarness.launch(6), at: AgentHarness.wallSeconds)
        record.shepherd = 600
        _ = agent.on(.spoolPartFound(record, .shepherdRunning(600)))
        _ = agent.on(.started)
        _ = agent.on(.connected(session: 1))
        // schedd pushes a launch before the agent has handled the registration's answer: it waits.
        #expect(agent.push(.launch(AgentHarness.launch(7))).isEmpty)
        let actions = agent.on(.registered(AgentHarness.reply(kill: [6]), session: 1)).effects
        #expect(actions == [
            .signalSteps(job: 6, signal: 15), .signalPart(job: 6, shepherd: 600, signal: 15),
            .setTimer(.forceKill(job: 6, shepherd: 600), afterMs: 10_000),
            .setTimer(.heartbeat(session: 1), afterMs: 1_000),
            .writePartRecord(agent.record(AgentHarness.launch(7))),
        ])
    }
}
