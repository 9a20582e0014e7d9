import Foundation
import Logging
import NIOCore
import NIOEmbedded
@testable import schedd
@testable import SchedulerCore
import SchedulerProtocol
import SchedulerStore
import Testing

/// Keystrokes of an interactive `srun` that arrive before its step has started are not lost: they follow the step's
/// `startStep` to the node of rank 0, in the order typed.
@Suite struct StepRelayTests {
    @Test func keystrokesTypedBeforeTheStepStartsFollowItsStartInOrder() async throws {
        let sessions = AgentSessions(logger: Logger(label: "test"))
        let node = EmbeddedChannel()
        sessions.attach(node: "gpu-01", channel: node)
        let service = SchedulerService(scheduler: Scheduler(), store: try StateStore.inMemory(), clock: WallClock(),
                                       logger: Logger(label: "test"))
        let relay = StepRelay(sessions: sessions, service: service, logger: Logger(label: "test"))
        let srun = EmbeddedChannel()

        var job = Job(id: JobID(7), spec: JobSpec(user: "alice", workdir: "/tmp"), submitTime: Instant(milliseconds: 0),
                      stdoutPath: "", stderrPath: "")
        job.state = .running
        job.allocation = Allocation(nodes: [NodeAllocation(node: "gpu-01", cpus: [0], memoryMB: 1_000)])
        let plan = StepPlan(stepID: 0, nodes: ["gpu-01"], tasks: [
            StepPlan.Task(rank: 0, node: "gpu-01", nodeIndex: 0, localID: 0, cpus: [0], gpus: [], environment: []),
        ])
        func typed(_ text: String) -> Frame {
            var input = StepInput()
            input.jobID = 7
            input.data = Data(text.utf8)
            return Frame(kind: .stepInput, requestID: 0, message: input)
        }

        relay.input(typed("ec"), from: srun) // before the step exists
        var request = RunStep()
        request.pty = true
        let step = Task { await relay.run(plan, job: job, request: request, channel: srun) }
        var frames: [Frame] = []
        for _ in 0..<200 where frames.isEmpty {
            if let frame = try node.readOutbound(as: Frame.self) { frames.append(frame) } else { try await Task.sleep(for: .milliseconds(5)) }
        }
        relay.input(typed("ho hi\r"), from: srun) // after
        while let frame = try node.readOutbound(as: Frame.self) { frames.append(frame) }

        #expect(frames.map(\.kind) == [.startStep, .stepInput, .stepInput])
        let text = try frames.dropFirst().map { String(decoding: try $0.decode(StepInput.self).data, as: UTF8.self) }
        #expect(text == ["ec", "ho hi\r"])
        relay.connectionClosed(srun)
        _ = await step.value
    }
}
