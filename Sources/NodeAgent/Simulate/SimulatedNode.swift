import AischedClient
import Logging
import NIOCore
import SchedulerProtocol

/// One virtual node of `nodeagent simulate`: a connection of its own to schedd with its own node token, registered
/// with the declared topology, heartbeating at the interval schedd gives, claiming each launch with `jobStarted`
/// exactly as the real agent does (`AgentStateMachine+Launch`) and "running" it on a timer (`VirtualDuration`), then
/// reporting `jobExited` until acknowledged, re-sent after a reconnect.
///
/// Every virtual node of the process shares one event loop: connection callbacks, pushes and timers all run on that
/// one thread, and the node's state is touched nowhere else, which is why the class can be `@unchecked Sendable`.
final class SimulatedNode: @unchecked Sendable {
    let name: String
    private let token: String
    private let registration: RegisterNode
    private let settings: SimulationSettings
    private let loop: any EventLoop
    private let fleet: FleetStatus
    private let logger: Logger

    private var rpc: RPCConnection?
    private var isRegistered = false
    private var heartbeat: RepeatedTask?
    private var runs = VirtualRuns()
    /// A launch confirmed later than this after asking is not started (half of schedd's node timeout, as for the
    /// real agent: by then this node may have been fenced and the job started elsewhere).
    private var fenceWindow = TimeAmount.seconds(30)
    private var backoffSeconds: Int64 = 1

    init(name: String, token: String, registration: RegisterNode, settings: SimulationSettings, loop: any EventLoop,
         fleet: FleetStatus, logger: Logger) {
        self.name = name
        self.token = token
        self.registration = registration
        self.settings = settings
        self.loop = loop
        self.fleet = fleet
        self.logger = logger
    }

    func start(after delay: TimeAmount) {
        loop.scheduleTask(in: delay) { self.connect() }
    }

    // MARK: connection

    private func connect() {
        let settings = settings, name = name, token = token, loop = loop
        Task {
            do {
                let rpc = try await RPCConnection.connect(
                    host: settings.host, port: settings.port, token: token, clientName: "nodeagent simulate \(name)",
                    group: loop, tls: settings.tls, onPush: { frame in self.handle(frame) })
                loop.execute { self.connected(rpc) }
            } catch {
                loop.execute { self.retry(after: error) }
            }
        }
    }

    /// As the real agent: exit reports kept from an earlier connection go first, then the registration.
    private func connected(_ rpc: RPCConnection) {
        self.rpc = rpc
        rpc.closeFuture.hop(to: loop).whenComplete { _ in self.lost(rpc) }
        let reports = runs.takeUnsent().map { send($0, on: rpc) }
        EventLoopFuture.andAllComplete(reports, on: loop).whenComplete { _ in self.register(on: rpc) }
    }

    private func register(on rpc: RPCConnection) {
        guard self.rpc === rpc else { return }
        var message = registration
        (message.runningJobIDs, message.runningEpochs) = runs.held
        rpc.requestOnLoop(.registerNode, message, expecting: .registerNodeReply, as: RegisterNodeReply.self)
            .whenComplete { result in
                switch result {
                case .success(let reply): self.registered(reply, on: rpc)
                case .failure(let error): self.fleet.failed(self.name, "registration refused: \(error)"); rpc.closeSoon()
                }
            }
    }

    private func registered(_ reply: RegisterNodeReply, on rpc: RPCConnection) {
        guard self.rpc === rpc else { return }
        // Runs schedd no longer counts as this node's end before anything new is handled, as on a real node.
        for id in reply.killJobIDs { kill(id, signal: 15) }
        if reply.nodeTimeoutMs > 0 { fenceWindow = .milliseconds(Int64(reply.nodeTimeoutMs) / 2) }
        isRegistered = true
        backoffSeconds = 1
        fleet.registered(name)
        let interval = TimeAmount.milliseconds(Int64(max(reply.heartbeatIntervalMs, 200)))
        heartbeat = loop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in self.beat(on: rpc) }
    }

    private func beat(on rpc: RPCConnection) {
        guard self.rpc === rpc else { return }
        var message = Heartbeat()
        (message.runningJobIDs, message.runningEpochs) = runs.runningNow
        // A lost answer shows as the connection closing, handled there.
        _ = rpc.requestOnLoop(.heartbeat, message, expecting: .heartbeatAck, as: Ack.self)
        flushReports()
    }

    private func lost(_ rpc: RPCConnection) {
        guard self.rpc === rpc else { return }
        self.rpc = nil
        heartbeat?.cancel()
        heartbeat = nil
        if isRegistered { fleet.lost(name) }
        isRegistered = false
        logger.debug("\(name): connection to schedd lost; \(runs.running.count) virtual runs go on; reconnecting")
        retry(after: ClientError.connectionClosed)
    }

    /// Again after 1, 2, 4, 8, 8, … s; the virtual runs go on meanwhile, as a real node's jobs do.
    private func retry(after error: any Error) {
        if case ClientError.connectionClosed = error {} else { fleet.failed(name, "\(error)") }
        let delay = backoffSeconds
        backoffSeconds = min(backoffSeconds * 2, 8)
        loop.scheduleTask(in: .seconds(delay)) { self.connect() }
    }

    // MARK: pushes

    private func handle(_ frame: Frame) {
        guard let rpc else { return }
        do {
            switch frame.kind {
            case .launchJob:
                launch(try frame.decode(LaunchJob.self), on: rpc)
            case .killJob:
                let message = try frame.decode(KillJob.self)
                kill(message.jobID, signal: Int32(message.signal == 0 ? 15 : message.signal))
            case .fetchLog:
                rpc.send(Frame(kind: .logChunk, requestID: frame.requestID,
                               message: VirtualLog.chunk(try frame.decode(ReadLog.self), node: name)))
            case .startStep:
                endAtOnce(try frame.decode(StartStep.self), on: rpc)
            case .stopStep, .stepInput:
                break // a virtual step's tasks have already ended
            default:
                rpc.send(Frame.error(ErrorReply(code: .unexpectedMessage,
                                                message: "a simulated node does not handle \(frame.kind)"),
                                     requestID: frame.requestID))
            }
        } catch {
            rpc.send(Frame.error(ErrorReply(code: .invalidRequest, message: "\(error)"), requestID: frame.requestID))
        }
    }

    /// Asks schedd first, and starts the part only on its timely acknowledgement (`AgentStateMachine+Launch`).
    private func launch(_ launch: LaunchJob, on rpc: RPCConnection) {
        guard runs.admit(launch) else { return }
        var claim = JobStarted()
        claim.jobID = launch.jobID
        claim.epoch = launch.epoch
        claim.note = "simulated node: nothing runs (nodeagent simulate)"
        let asked = NIODeadline.now(), window = fenceWindow
        rpc.requestOnLoop(.jobStarted, claim, expecting: .jobStartedAck, as: Ack.self).whenComplete { result in
            self.runs.claimSettled(launch.jobID, epoch: launch.epoch)
            switch result {
            case .success where NIODeadline.now() - asked < window:
                self.run(launch)
            case .success:
                self.report(.neverStarted(launch.jobID, epoch: launch.epoch, "the launch was not started (confirmed too late)"))
            case .failure(ClientError.server):
                // Requeued, cancelled or fenced meanwhile: nothing of it runs.
                self.logger.debug("\(self.name): schedd refused job \(launch.jobID)'s launch; not starting it")
            case .failure:
                // schedd may have committed the claim: say that nothing ran, so it requeues the job.
                self.report(.neverStarted(launch.jobID, epoch: launch.epoch, "the launch was not started (no timely confirmation)"))
            }
        }
    }

    private func run(_ launch: LaunchJob) {
        let id = launch.jobID, epoch = launch.epoch
        let duration = VirtualDuration.of(launch, runSeconds: settings.runSeconds)
        let timer = duration.seconds.map { seconds in
            loop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
                // At the time limit the real agent sends SIGTERM; a virtual part ends on it at once.
                let ending = duration.timesOut
                    ? self.runs.end(id, epoch: epoch, exitCode: 128 + 15, signal: 15, timedOut: true)
                    : self.runs.end(id, epoch: epoch, exitCode: 0, signal: 0, timedOut: false)
                if ending != nil { self.flushReports() }
            }
        }
        runs.start(id, epoch: epoch, timer: timer)
    }

    /// killJob (or a run schedd named at registration): the part ends at once with the signal, as a process that
    /// does not catch it.
    private func kill(_ id: UInt64, signal: Int32) {
        if runs.end(id, exitCode: 128 + signal, signal: signal, timedOut: false) != nil { flushReports() }
    }

    /// A step's tasks here end at once with status 0 and no output, so `srun` in a simulated job returns.
    private func endAtOnce(_ step: StartStep, on rpc: RPCConnection) {
        for task in step.tasks {
            var exit = StepTaskExited()
            exit.jobID = step.jobID
            exit.stepID = step.stepID
            exit.rank = task.rank
            rpc.post(.stepTaskExited, exit)
        }
    }

    // MARK: exit reports

    private func report(_ exit: JobExited) {
        runs.record(exit)
        flushReports()
    }

    /// Sends every report not yet on its way, when registered (before that, `connected` sends them).
    private func flushReports() {
        guard let rpc, isRegistered else { return }
        for exit in runs.takeUnsent() { _ = send(exit, on: rpc) }
    }

    private func send(_ exit: JobExited, on rpc: RPCConnection) -> EventLoopFuture<Void> {
        rpc.requestOnLoop(.jobExited, exit, expecting: .jobExitedAck, as: Ack.self)
            .map { _ in true }
            .recover { _ in false }
            .map { acknowledged in self.runs.settled(exit, acknowledged: acknowledged) }
    }
}

extension RPCConnection {
    /// Closes without waiting (from the event loop).
    func closeSoon() {
        Task { await self.close() }
    }
}
