import AischedClient
import ArgumentParser
import Foundation
import SchedulerProtocol

/// `aisubmit run [--pty] [options] [--] COMMAND…`: Slurm's `srun` from a login node. Allocates (with the options of
/// `aisubmit submit`), runs COMMAND as the allocation's tasks with their output here, and ends the allocation when
/// the command ends, COMPLETED or FAILED by its exit code. With `--pty`, one task on the first node runs on a
/// pseudo-terminal attached to this one: `aisubmit run --pty -- bash` is `srun --pty bash`.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Allocate and run a command interactively (srun); --pty gives it this terminal.",
        discussion: """
            aisubmit run --pty --gpus-per-node 1 -t 2:00:00 -- bash   an interactive shell on a GPU node
            aisubmit run -N 2 --ntasks-per-node 4 -- python probe.py  eight tasks, output here
            Takes the options of `aisubmit submit`. The allocation waits in the queue like any job; it is cancelled
            if aisubmit is killed, and ends when the command does.
            """)

    @Argument(parsing: .captureForPassthrough, help: "--pty, job options, then [--] COMMAND [ARGS…].")
    var words: [String] = []

    func run() async throws {
        let pty = words.prefix { $0 != "--" }.contains("--pty")
        let (commandLine, submission) = try InteractiveAllocation.prepare(Submit.removingFlag("--pty", from: words))
        guard !submission.argv.isEmpty else { throw ValidationError("no command given: aisubmit run [--pty] [options] -- COMMAND") }
        let code = try await Client.call(commandLine.connection) { rpc -> Int32 in
            let allocation = try await InteractiveAllocation.acquire(submission, on: rpc)
            let ended = try await Self.step(submission.argv, pty: pty, in: allocation)
            let code = Srun.report(ended)
            await allocation.end(exitCode: code)
            return code
        }
        throw ExitCode(code)
    }

    /// Runs the command as a step of the allocation: one task on a terminal, or the job's tasks.
    static func step(_ argv: [String], pty: Bool, in allocation: InteractiveAllocation) async throws -> StepEnded {
        var request = RunStep()
        request.jobID = allocation.job.id
        request.argv = argv
        request.environment = SrunOptions().taskEnvironment(from: ProcessInfo.processInfo.environment)
        request.workdir = allocation.job.workdir
        if pty {
            (request.ntasks, request.nodes, request.pty) = (1, 1, true)
            if let size = TerminalSession.windowSize() { (request.rows, request.cols) = (size.rows, size.cols) }
        }
        let terminal = pty ? TerminalSession(rpc: allocation.rpc, job: allocation.job.id) : nil
        defer { terminal?.restore() }
        return try await Srun.runStep(request, on: allocation.rpc, label: false)
    }
}
