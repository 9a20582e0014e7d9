import AischedClient
import Foundation
import Logging
import NIOCore
import SchedulerProtocol
import Synchronization

/// The agent's connection to schedd, kept up for the life of the process.
///
/// Each (re)connection: hello → flush unacknowledged exit reports → `registerNode` with the jobs still
/// running → heartbeats, start/exit reports and server pushes until the connection drops; then retry with
/// backoff. Jobs keep running while schedd is away.
struct AgentService {
    let host: String
    let port: Int
    let token: String
    /// Set when schedd serves TLS: its certificate is verified against this CA.
    let tls: ClientTLS?
    let registration: RegisterNode
    let supervisor: JobSupervisor
    let logger: Logger

    func run() async {
        var backoff = 1.0
        while !Task.isCancelled {
            do {
                try await session()
            } catch {
                logger.warning("connection to schedd at \(host):\(port) lost: \(error); retrying in \(Int(backoff)) s")
            }
            try? await Task.sleep(for: .seconds(backoff))
            backoff = min(backoff * 2, 8)
        }
    }

    private func session() async throws {
        let (pushes, pushInput) = AsyncStream<Frame>.makeStream()
        let rpc = try await RPCConnection.connect(host: host, port: port, token: token,
                                                  clientName: "nodeagent \(registration.name)", tls: tls,
                                                  onPush: { pushInput.yield($0) })
        let closed = Mutex(false)
        rpc.closeFuture.whenComplete { _ in closed.withLock { $0 = true } }
        defer { pushInput.finish() }

        try await flushReports(rpc)
        var message = registration
        // Jobs that ended after the flush above are still ours until their exit report is acknowledged.
        let ended = await supervisor.pendingExits()
        message.runningJobIDs = await supervisor.runningJobIDs + ended.map(\.jobID)
        message.runningEpochs = await supervisor.runningEpochs + ended.map(\.epoch)
        let reply = try await rpc.request(.registerNode, message, expecting: .registerNodeReply,
                                          as: RegisterNodeReply.self)
        logger.info("registered with schedd as \(rpc.welcome.user); \(message.runningJobIDs.count) jobs still running")
        // Processes schedd no longer counts as this node's (requeued elsewhere while it was cut off) go before
        // anything new starts here: pushes are handled only from now on, in order.
        for id in reply.killJobIDs {
            await supervisor.kill(id)
        }
        // A launch is started only if schedd confirmed it well within the time after which it fences a silent node.
        let timeout = reply.nodeTimeoutMs > 0 ? Duration.milliseconds(Int(reply.nodeTimeoutMs)) : .seconds(60)
        let handler = PushHandler(rpc: rpc, supervisor: supervisor, logger: logger, fenceWindow: timeout / 2)
        let pushTask = Task {
            for await frame in pushes { await handler.handle(frame) }
        }
        defer { pushTask.cancel() }
        let interval = Duration.milliseconds(Int(max(reply.heartbeatIntervalMs, 200)))
        var lastBeat = ContinuousClock.now
        while !closed.withLock({ $0 }) {
            try await flushReports(rpc)
            if ContinuousClock.now - lastBeat >= interval {
                let beat = Heartbeat(runningJobIDs: await supervisor.runningJobIDs,
                                     runningEpochs: await supervisor.runningEpochs)
                _ = try await rpc.request(.heartbeat, beat, expecting: .heartbeatAck, as: Ack.self)
                lastBeat = ContinuousClock.now
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ClientError.connectionClosed
    }

    /// Sends exit reports until schedd has acknowledged each.
    private func flushReports(_ rpc: RPCConnection) async throws {
        for exit in await supervisor.pendingExits() {
            _ = try await rpc.request(.jobExited, exit, expecting: .jobExitedAck, as: Ack.self)
            await supervisor.exitAcknowledged(exit.jobID)
        }
    }
}

/// Carries out server pushes in the order they arrive: launches, kills and log reads.
struct PushHandler {
    let rpc: RPCConnection
    let supervisor: JobSupervisor
    let logger: Logger
    /// A launch confirmed later than this after asking is not started (`JobSupervisor.launch`).
    let fenceWindow: Duration

    func handle(_ frame: Frame) async {
        do {
            switch frame.kind {
            case .launchJob:
                let rpc = rpc
                await supervisor.launch(try frame.decode(LaunchJob.self), fenceWindow: fenceWindow) { started in
                    _ = try await rpc.request(.jobStarted, started, expecting: .jobStartedAck, as: Ack.self)
                }
            case .killJob:
                let kill = try frame.decode(KillJob.self)
                logger.info("killing job \(kill.jobID): \(kill.reason)")
                await supervisor.kill(kill.jobID, signal: Int32(kill.signal == 0 ? 15 : kill.signal),
                                      grace: kill.graceSeconds == 0 ? 10 : kill.graceSeconds)
            case .startStep:
                let step = try frame.decode(StartStep.self)
                logger.info("job \(step.jobID) step \(step.stepID): starting \(step.tasks.count) task(s)")
                await supervisor.startStep(step, reporter: StepRelayReporter(rpc: rpc))
            case .stopStep:
                await supervisor.stopStep(try frame.decode(SignalStep.self))
            case .stepInput:
                await supervisor.input(try frame.decode(StepInput.self))
            case .fetchLog:
                let chunk = try LogReader.read(try frame.decode(ReadLog.self))
                rpc.send(Frame(kind: .logChunk, requestID: frame.requestID, message: chunk))
            default:
                logger.warning("ignoring unexpected push \(frame.kind)")
            }
        } catch {
            logger.warning("push \(frame.kind) failed: \(error)")
            rpc.send(Frame.error(ErrorReply(code: .invalidRequest, message: "\(error)"), requestID: frame.requestID))
        }
    }
}

/// Sends a step's output and task exits to schedd on the connection the step came on. Not acknowledged one by one:
/// if the connection drops, schedd ends the step for its `srun` (the node is gone from its point of view).
struct StepRelayReporter: StepReporter {
    let rpc: RPCConnection
    func output(_ message: StepOutput) { rpc.post(.stepOutput, message) }
    func exited(_ message: StepTaskExited) { rpc.post(.stepTaskExited, message) }
}
