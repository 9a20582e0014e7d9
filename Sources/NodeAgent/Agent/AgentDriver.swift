import AischedClient
import ChildProcesses
import Foundation
import Logging
import SchedulerProtocol

/// The node agent's I/O around `AgentStateMachine`: it turns the connection to schedd, pushes, the spool, job
/// processes and timers into events, and carries out the machine's actions. It decides nothing itself; an action
/// whose answer the machine waits for (a record written, schedd's confirmation, a shepherd spawned) is carried out
/// at once and its answer handled before the next action, so the machine sees the world in the order it happened.
actor AgentDriver {
    /// Where schedd is and what this node tells it.
    struct Settings: Sendable {
        var host: String
        var port: Int
        var token: String
        /// Set when schedd serves TLS: its certificate is verified against this CA.
        var tls: ClientTLS?
        var registration: RegisterNode
    }

    let settings: Settings
    let launcher: JobLauncher
    let logger: Logger
    var machine = AgentStateMachine()
    /// The connection of the machine's current session, once it is up.
    var connection: (session: UInt64, rpc: RPCConnection)?
    var processes: PartProcesses
    /// Step tasks (each its own process group); they end with their job.
    var stepTasks: [StepTaskKey: Child] = [:]
    /// The terminals of interactive tasks (primary side), where their keystrokes go.
    var terminals: [StepTaskKey: Int32] = [:]
    /// Pushes of every connection, handled one at a time in the order they came.
    let pushes: AsyncStream<(session: UInt64, frame: Frame)>
    let pushInput: AsyncStream<(session: UInt64, frame: Frame)>.Continuation
    private let origin = ContinuousClock.now

    init(settings: Settings, launcher: JobLauncher, logger: Logger) {
        self.settings = settings
        self.launcher = launcher
        self.logger = logger
        processes = PartProcesses(launcher: launcher)
        (pushes, pushInput) = AsyncStream.makeStream()
    }

    /// Runs for the life of the process: connects (again and again), and handles pushes. Call after `adoptSpool`.
    func run() async {
        await handle(.started)
        for await (session, frame) in pushes {
            await receive(frame, session: session)
        }
    }

    /// Feeds one event to the machine and carries out its actions, each answer before the next action.
    func handle(_ event: AgentEvent) async {
        for action in machine.handle(event, now: now()) {
            if let answer = await perform(action) {
                await handle(answer)
            }
        }
    }

    /// The time as the machine is told it.
    func now() -> AgentTime {
        let elapsed = (ContinuousClock.now - origin).components
        return AgentTime(monotonicMs: elapsed.seconds * 1_000 + elapsed.attoseconds / 1_000_000_000_000_000,
                         wallMs: Int64(Date().timeIntervalSince1970 * 1_000))
    }

    /// A timer is a task that sleeps; it is never cancelled (the machine ignores one that outlived its reason).
    func setTimer(_ timer: AgentTimer, afterMs: Int64) {
        Task {
            try? await Task.sleep(for: .milliseconds(max(0, afterMs)))
            await self.handle(.timerFired(timer))
        }
    }
}
