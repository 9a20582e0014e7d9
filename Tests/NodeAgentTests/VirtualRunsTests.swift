@testable import NodeAgent
import SchedulerProtocol
import Testing

/// How long a simulated node lets a part run, and its bookkeeping of runs, epochs and exit reports
/// (`nodeagent simulate`; the integration test `SimulatedNodesTests` runs it against a real schedd).
struct VirtualRunsTests {
    private func launch(_ argv: [String], limit: UInt64 = 0, job: UInt64 = 7, epoch: UInt32 = 1) -> LaunchJob {
        var launch = LaunchJob()
        launch.jobID = job
        launch.argv = argv
        launch.timeLimitSeconds = limit
        launch.epoch = epoch
        return launch
    }

    @Test func theCommandSaysHowLongElseRunSecondsElseTheTimeLimit() {
        #expect(VirtualDuration.of(launch(["true"], limit: 60), runSeconds: 30) == VirtualDuration(seconds: 0, timesOut: false))
        #expect(VirtualDuration.of(launch(["/bin/sleep", "5"], limit: 60), runSeconds: 30) == VirtualDuration(seconds: 5, timesOut: false))
        #expect(VirtualDuration.of(launch(["python", "train.py"], limit: 60), runSeconds: 30) == VirtualDuration(seconds: 30, timesOut: false))
        #expect(VirtualDuration.of(launch(["python", "train.py"], limit: 60), runSeconds: nil) == VirtualDuration(seconds: 60, timesOut: false))
        #expect(VirtualDuration.of(launch(["python"]), runSeconds: nil) == VirtualDuration(seconds: nil, timesOut: false))
        #expect(VirtualDuration.of(launch(["sleep", "600"], limit: 60), runSeconds: nil) == VirtualDuration(seconds: 60, timesOut: true))
        // Not plainly a length: `sleep 1m`, `true --help` follow the default rule.
        #expect(VirtualDuration.of(launch(["sleep", "1m"]), runSeconds: 3).seconds == 3)
        #expect(VirtualDuration.of(launch(["true", "x"]), runSeconds: 3).seconds == 3)
    }

    @Test func aRepeatedPushStartsNothingAndALaterEpochReplacesTheRun() {
        var runs = VirtualRuns()
        let first = runs.admit(launch(["true"]))
        let whileAsking = runs.admit(launch(["true"]))
        runs.claimSettled(7, epoch: 1)
        runs.start(7, epoch: 1, timer: nil)
        let whileRunning = runs.admit(launch(["true"]))
        let requeued = runs.admit(launch(["true"], epoch: 2))
        #expect(first)
        #expect(!whileAsking, "the same run while schedd is being asked")
        #expect(!whileRunning, "the same run while it runs")
        #expect(requeued, "a requeued run replaces the one kept here")
        #expect(runs.running[7] == nil)
    }

    @Test func anExitReportIsKeptUntilAcknowledgedAndSentOnceAtATime() throws {
        var runs = VirtualRuns()
        _ = runs.admit(launch(["true"]))
        runs.claimSettled(7, epoch: 1)
        runs.start(7, epoch: 1, timer: nil)
        let ended = runs.end(7, exitCode: 143, signal: 15, timedOut: false)
        let exit = try #require(ended)
        #expect(exit.signal == 15 && exit.exitCode == 143 && exit.epoch == 1)
        #expect(runs.held.ids == [7], "an unacknowledged end is still this node's at registration")
        #expect(runs.runningNow.ids.isEmpty)
        let toSend = runs.takeUnsent().map(\.jobID)
        let again = runs.takeUnsent()
        runs.settled(exit, acknowledged: false)
        let retried = runs.takeUnsent().map(\.jobID)
        #expect(toSend == [7])
        #expect(again.isEmpty, "on its way: not sent twice")
        #expect(retried == [7], "a failed send is tried again")
        runs.settled(exit, acknowledged: true)
        #expect(runs.exits.isEmpty && runs.held.ids.isEmpty)
        // Once its end is acknowledged the node keeps nothing of the job: a later push is asked about again, and
        // schedd refuses its jobStarted if the job is over.
        let later = runs.admit(launch(["true"]))
        #expect(later)
    }
}
