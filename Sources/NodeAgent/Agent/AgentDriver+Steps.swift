import AischedClient
import ChildProcesses
import Foundation
import Glibc
import JobExecution
import SchedulerProtocol

/// Where a step's output and task exits go: schedd, which relays them to the `srun` that started the step.
protocol StepReporter: Sendable {
    func output(_ message: StepOutput)
    func exited(_ message: StepTaskExited)
}

/// Sends a step's output and task exits to schedd on the current connection. Not acknowledged one by one: if the
/// connection drops, schedd ends the step for its `srun` (the node is gone from its point of view).
struct StepRelayReporter: StepReporter {
    let rpc: RPCConnection?
    func output(_ message: StepOutput) { rpc?.post(.stepOutput, message) }
    func exited(_ message: StepTaskExited) { rpc?.post(.stepTaskExited, message) }
}

/// One running task of a job step (`srun`) on this node.
struct StepTaskKey: Hashable, Sendable {
    var job: UInt64
    var step: UInt32
    var rank: UInt32
}

/// Step tasks (`srun`): started when the machine says the job runs here, signalled on `stopStep`, ended with their
/// job.
extension AgentDriver {
    func stepReporter() -> StepRelayReporter { StepRelayReporter(rpc: connection?.rpc) }

    func startStep(_ step: StartStep) {
        let reporter = stepReporter()
        for task in step.tasks {
            let key = StepTaskKey(job: step.jobID, step: step.stepID, rank: task.rank)
            do {
                let started = try launcher.startTask(step, task, onOutput: { isErr, data in
                    var message = StepOutput()
                    message.jobID = key.job
                    message.stepID = key.step
                    message.rank = key.rank
                    message.stderr = isErr
                    message.data = Data(data)
                    reporter.output(message)
                }, onExit: { termination in
                    Task { await self.taskEnded(key, termination, reporter: reporter) }
                })
                stepTasks[key] = started.child
                terminals[key] = started.terminal
            } catch {
                reporter.exited(.failed(key, "task \(task.rank) could not start: \(error)"))
            }
        }
    }

    func stopStep(_ stop: SignalStep) {
        for (key, task) in stepTasks where key.job == stop.jobID && key.step == stop.stepID {
            task.signal(Int32(stop.signal == 0 ? UInt32(SIGTERM) : stop.signal), group: true)
        }
    }

    /// Keystrokes, a window size or the end of input for a step's interactive task.
    func input(_ input: StepInput) {
        for (key, terminal) in terminals where key.job == input.jobID && key.step == input.stepID {
            if input.rows > 0, input.cols > 0 { PseudoTerminal.resize(terminal, rows: input.rows, cols: input.cols) }
            FileDescriptorOutput.writeAll(Array(input.data), to: terminal)
            if input.eof { FileDescriptorOutput.writeAll([4], to: terminal) } // ^D: end of input, as typed at a terminal
        }
    }

    /// Signals every task of the job's steps (process groups: each task is its own session).
    func signalSteps(of job: UInt64, _ signal: Int32) {
        for (key, task) in stepTasks where key.job == job { task.signal(signal, group: true) }
    }

    private func taskEnded(_ key: StepTaskKey, _ termination: JobLauncher.Termination, reporter: some StepReporter) {
        stepTasks[key] = nil
        if let terminal = terminals.removeValue(forKey: key) { Glibc.close(terminal) }
        var message = StepTaskExited()
        message.jobID = key.job
        message.stepID = key.step
        message.rank = key.rank
        message.exitCode = termination.exitCode
        message.signal = UInt32(max(0, termination.signal))
        reporter.exited(message)
    }
}

extension StepTaskExited {
    static func failed(_ key: StepTaskKey, _ why: String) -> StepTaskExited {
        failed(jobID: key.job, stepID: key.step, rank: key.rank, why: why)
    }
}
