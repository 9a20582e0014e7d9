import Logging
import NIOCore
import SchedulerCore
import SchedulerProtocol
import Synchronization

/// Job steps in flight: who started each (`srun`'s connection), which nodes run its tasks, how the tasks ended.
///
/// Steps are not durable: they live as long as their `srun`'s connection. Output and exits from agents are handled
/// on the event loop as they arrive (not in tasks), so a task's output reaches `srun` in order and before its exit.
final class StepRelay: Sendable {
    struct Key: Hashable {
        var job: UInt64
        var step: UInt32
    }

    private struct Step {
        var channel: any Channel
        var nodes: Set<String>
        var rankNodes: [String]
        var exits: [UInt32: StepTaskExited] = [:]
        var continuation: CheckedContinuation<StepEnded, Never>?
        /// srun's `-K` and `-W`: what a task's end does to the others.
        var killOnBadExit = false
        var waitSeconds: UInt32 = 0
        /// The rest of the step has been told to stop (once is enough).
        var stopping = false
        /// `startStep` has gone to the nodes: keystrokes may follow it (before, they wait in `State.typedAhead`).
        var started = false
    }

    /// Keystrokes an interactive `srun` may send before its step is started, kept to be sent after `startStep`.
    static let typeAheadLimit = 256

    private struct State {
        var steps: [Key: Step] = [:]
        /// Interactive allocations to cancel when their submitter's connection closes first, by that connection.
        var watched: [ObjectIdentifier: [(job: JobID, owner: Principal)]] = [:]
        var nextStep: [UInt64: UInt32] = [:]
        var nextPush: UInt64 = 1
        /// Keystrokes that came before their step was started, by connection (`srun` types while it is set up).
        var typedAhead: [ObjectIdentifier: [StepInput]] = [:]
    }

    private let state = Mutex(State())
    private let sessions: AgentSessions
    private let service: SchedulerService
    private let logger: Logger

    init(sessions: AgentSessions, service: SchedulerService, logger: Logger) {
        self.sessions = sessions
        self.service = service
        self.logger = logger
    }

    /// The next step id of a job (0 for its first srun, as in Slurm).
    func nextStepID(of job: JobID) -> UInt32 {
        state.withLock { state in
            defer { state.nextStep[job.rawValue, default: 0] += 1 }
            return state.nextStep[job.rawValue, default: 0]
        }
    }

    /// Starts the plan's tasks on their nodes and waits until every task has ended.
    func run(_ plan: StepPlan, job: Job, request: RunStep, channel: any Channel) async -> StepEnded {
        let key = Key(job: job.id.rawValue, step: UInt32(plan.stepID))
        return await withCheckedContinuation { continuation in
            state.withLock {
                $0.steps[key] = Step(channel: channel, nodes: Set(plan.nodes), rankNodes: plan.tasks.map(\.node),
                                     continuation: continuation, killOnBadExit: request.killOnBadExit,
                                     waitSeconds: request.waitSeconds)
            }
            let numa = Dictionary(uniqueKeysWithValues: (job.allocation?.nodes ?? []).map { ($0.node, $0.numaNodes) })
            for node in plan.nodes {
                var start = StartStep()
                start.jobID = key.job
                start.stepID = key.step
                start.user = job.spec.user
                start.workdir = request.workdir.isEmpty ? job.spec.workdir : request.workdir
                start.argv = request.argv
                start.environment = request.environment
                start.numaNodes = (numa[node] ?? []).map { UInt32($0) }
                start.pty = request.pty
                start.rows = request.rows
                start.cols = request.cols
                start.tasks = plan.tasks(on: node).map { task in
                    var message = StepTask()
                    message.rank = UInt32(task.rank)
                    message.environment = task.environment
                    message.cpus = task.cpus.map { UInt32($0) }
                    message.gpus = task.gpus.map { UInt32($0) }
                    return message
                }
                if !sessions.push(.startStep, start, to: node) {
                    for task in start.tasks { exited(.lost(key, rank: task.rank, node: node), from: node) }
                }
            }
            sendTypedAhead(key, of: channel)
        }
    }

    /// The step has started: what was typed meanwhile follows its `startStep`, in order, and from now on keystrokes
    /// go straight through. Pushed under the lock, so a keystroke arriving now cannot overtake them.
    private func sendTypedAhead(_ key: Key, of channel: any Channel) {
        state.withLock { state in
            let early = state.typedAhead.removeValue(forKey: ObjectIdentifier(channel)) ?? []
            guard state.steps[key] != nil else { return }
            state.steps[key]?.started = true
            guard let node = state.steps[key]?.rankNodes.first else { return }
            for var input in early where input.jobID == key.job {
                input.stepID = key.step
                sessions.push(.stepInput, input, to: node)
            }
        }
    }

    /// A frame from an agent about a step: output to pass on, or a task's end.
    func receive(_ frame: Frame, from node: String) {
        do {
            if frame.kind == .stepOutput {
                forward(try frame.decode(StepOutput.self), from: node)
            } else {
                exited(try frame.decode(StepTaskExited.self), from: node)
            }
        } catch {
            logger.warning("malformed \(frame.kind) from \(node): \(error)")
        }
    }

    private func forward(_ output: StepOutput, from node: String) {
        let key = Key(job: output.jobID, step: output.stepID)
        let target = state.withLock { state -> (any Channel, UInt64)? in
            guard let step = state.steps[key], step.rankNodes.indices.contains(Int(output.rank)),
                  step.rankNodes[Int(output.rank)] == node else { return nil }
            defer { state.nextPush += 1 }
            return (step.channel, Frame.serverPushBit | state.nextPush)
        }
        guard let (channel, id) = target else { return }
        channel.writeAndFlush(Frame(kind: .stepOutput, requestID: id, message: output), promise: nil)
    }

    private enum AfterExit {
        case nothing
        case ended(CheckedContinuation<StepEnded, Never>, StepEnded)
        /// `-K` after a failed task: the others are killed now.
        case killRest(Set<String>)
        /// `-W`: the others are killed if still running after this long.
        case killRestAfter(UInt32)
    }

    private func exited(_ exit: StepTaskExited, from node: String) {
        let key = Key(job: exit.jobID, step: exit.stepID)
        let next = state.withLock { state -> AfterExit in
            guard var step = state.steps[key], step.rankNodes.indices.contains(Int(exit.rank)),
                  step.rankNodes[Int(exit.rank)] == node else { return .nothing }
            step.exits[exit.rank] = exit
            if step.exits.count == step.rankNodes.count, let continuation = step.continuation {
                state.steps[key] = nil
                return .ended(continuation, Self.ended(key, step.exits))
            }
            defer { state.steps[key] = step }
            guard !step.stopping else { return .nothing }
            let failed = exit.exitCode != 0 || exit.signal != 0 || !exit.message.isEmpty
            if step.killOnBadExit, failed {
                step.stopping = true
                return .killRest(step.nodes)
            }
            if step.waitSeconds > 0 {
                step.stopping = true
                return .killRestAfter(step.waitSeconds)
            }
            return .nothing
        }
        switch next {
        case .nothing: break
        case .ended(let continuation, let ended): continuation.resume(returning: ended)
        case .killRest(let nodes): stop(key, nodes: nodes, signal: 9)
        case .killRestAfter(let seconds):
            Task {
                try? await Task.sleep(for: .seconds(Double(seconds)))
                if let nodes = self.state.withLock({ $0.steps[key]?.nodes }) { self.stop(key, nodes: nodes, signal: 9) }
            }
        }
    }

    private static func ended(_ key: Key, _ exits: [UInt32: StepTaskExited]) -> StepEnded {
        var ended = StepEnded()
        ended.stepID = key.step
        for rank in exits.keys.sorted() {
            let exit = exits[rank]!
            ended.exitCodes.append(UInt32(bitPattern: exit.exitCode))
            ended.signals.append(exit.signal)
            ended.messages.append(exit.message)
        }
        return ended
    }

    /// `srun` was interrupted: pass the signal to the tasks of the steps it started on this job.
    func signal(_ request: SignalStep, from channel: any Channel) {
        let targets = state.withLock { state in
            state.steps.filter { $0.key.job == request.jobID && $0.value.channel === channel }
                .map { ($0.key, $0.value.nodes) }
        }
        for (key, nodes) in targets { stop(key, nodes: nodes, signal: request.signal) }
    }

    /// Keystrokes or a window size from `srun` for its step in `input.jobID`: to the node of the step's rank 0. Called
    /// on the event loop as frames arrive, so keystrokes keep their order.
    /// Keystrokes typed before the step has started are kept (up to `typeAheadLimit`) and follow its `startStep`.
    func input(_ frame: Frame, from channel: any Channel) {
        guard var input = try? frame.decode(StepInput.self) else { return }
        state.withLock { state in
            guard let (key, step) = state.steps.first(where: { $0.key.job == input.jobID && $0.value.channel === channel }),
                  step.started else {
                if state.typedAhead[ObjectIdentifier(channel), default: []].count < Self.typeAheadLimit {
                    state.typedAhead[ObjectIdentifier(channel), default: []].append(input)
                }
                return
            }
            guard let node = step.rankNodes.first else { return }
            input.stepID = key.step
            sessions.push(.stepInput, input, to: node)
        }
    }

    /// The connection runs a step or holds an interactive allocation: it may wait without a request for hours.
    func isInUse(by channel: any Channel) -> Bool {
        state.withLock { state in
            state.watched[ObjectIdentifier(channel)]?.isEmpty == false || state.steps.values.contains { $0.channel === channel }
        }
    }

    /// Cancels `job` if `channel` closes before its session ends (the submitter of an interactive allocation is gone).
    func watch(_ job: JobID, owner: Principal, on channel: any Channel) {
        state.withLock { $0.watched[ObjectIdentifier(channel), default: []].append((job, owner)) }
    }

    /// The session ended normally: the connection's closing no longer cancels the job.
    func unwatch(_ job: JobID, on channel: any Channel) {
        state.withLock { $0.watched[ObjectIdentifier(channel)]?.removeAll { $0.job == job } }
    }

    /// `srun`'s connection is gone (it was killed): its steps' tasks are killed, as Slurm does, and the interactive
    /// allocations it was waiting in are cancelled.
    func connectionClosed(_ channel: any Channel) {
        let (orphans, allocations) = state.withLock { state in
            let keys = state.steps.filter { $0.value.channel === channel }.map(\.key)
            let orphans = keys.compactMap { key in state.steps.removeValue(forKey: key).map { (key, $0) } }
            state.typedAhead[ObjectIdentifier(channel)] = nil
            return (orphans, state.watched.removeValue(forKey: ObjectIdentifier(channel)) ?? [])
        }
        for (key, step) in orphans {
            stop(key, nodes: step.nodes, signal: 9)
            step.continuation?.resume(returning: Self.ended(key, step.exits))
        }
        guard !allocations.isEmpty else { return }
        let service = self.service
        Task {
            for (job, owner) in allocations {
                _ = await service.perform { .cancelRequested([.job(job)], by: owner, request: $0) }
            }
        }
    }

    /// A node's agent is gone: its tasks can no longer report, so they count as lost.
    func nodeLost(_ node: String) {
        let lost = state.withLock { state in
            state.steps.flatMap { key, step in
                step.rankNodes.indices.filter { step.rankNodes[$0] == node && step.exits[UInt32($0)] == nil }
                    .map { (key, UInt32($0)) }
            }
        }
        for (key, rank) in lost { exited(.lost(key, rank: rank, node: node), from: node) }
    }

    private func stop(_ key: Key, nodes: Set<String>, signal: UInt32) {
        var stop = SignalStep()
        stop.jobID = key.job
        stop.stepID = key.step
        stop.signal = signal
        for node in nodes { _ = sessions.push(.stopStep, stop, to: node) }
    }
}

extension StepTaskExited {
    static func lost(_ key: StepRelay.Key, rank: UInt32, node: String) -> StepTaskExited {
        failed(jobID: key.job, stepID: key.step, rank: rank,
               why: "node \(node) is not connected to schedd; its task's end is unknown")
    }
}
