import AischedClient
import ArgumentParser
import Foundation
import SchedulerCore
import SchedulerProtocol

/// `aisubmit alloc [options] [-- COMMAND…]`: Slurm's `salloc`. Allocates, then runs COMMAND (default: your shell)
/// here with the allocation's SLURM_* variables, so `aisubmit srun …` inside starts steps on its nodes; the
/// allocation ends when the command does.
struct Alloc: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alloc",
        abstract: "Allocate nodes and run a shell (or COMMAND) here with the allocation (salloc).",
        discussion: """
            aisubmit alloc -N 2 --gpus-per-node 8 -t 1:00:00        then: aisubmit srun -l hostname
            Takes the options of `aisubmit submit`; the allocation is cancelled if aisubmit is killed.
            """)

    @Argument(parsing: .captureForPassthrough, help: "Job options, then [--] [COMMAND [ARGS…]].")
    var words: [String] = []

    func run() async throws {
        let (commandLine, submission) = try InteractiveAllocation.prepare(words)
        let shell = ProcessInfo.processInfo.environment["SHELL"].flatMap { $0.isEmpty ? nil : $0 } ?? "/bin/sh"
        let command = submission.argv.isEmpty ? [shell] : submission.argv
        let code = try await Client.call(commandLine.connection) { rpc -> Int32 in
            let allocation = try await InteractiveAllocation.acquire(submission, on: rpc)
            let code = try Self.runLocally(command, environment: Self.environment(of: allocation.job))
            await allocation.end(exitCode: code)
            return code
        }
        throw ExitCode(code)
    }

    /// salloc's variables (salloc(1) OUTPUT ENVIRONMENT VARIABLES) over this process's environment.
    static func environment(of job: JobInfo) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        let nodes = job.allocation.map(\.node)
        let list = Hostlist.compress(nodes)
        let s = job.submission
        var v: [String: String] = [
            "SLURM_JOB_ID": "\(job.id)", "SLURM_JOBID": "\(job.id)", "SLURM_JOB_NAME": job.name,
            "SLURM_JOB_NODELIST": list, "SLURM_NODELIST": list,
            "SLURM_JOB_NUM_NODES": "\(nodes.count)", "SLURM_NNODES": "\(nodes.count)",
            "SLURM_JOB_CPUS_PER_NODE": JobEnvironment.compressedCounts(job.allocation.map(\.cpus.count)),
            "SLURM_SUBMIT_DIR": FileManager.default.currentDirectoryPath, "SLURM_CLUSTER_NAME": "aisched",
            "AISCHED_JOB_ID": "\(job.id)",
        ]
        if s.tasks > 0 { v["SLURM_NTASKS"] = "\(s.tasks)"; v["SLURM_NPROCS"] = "\(s.tasks)" }
        if s.tasksPerNode > 0 { v["SLURM_NTASKS_PER_NODE"] = "\(s.tasksPerNode)" }
        if s.cpusPerTask > 0 { v["SLURM_CPUS_PER_TASK"] = "\(s.cpusPerTask)" }
        environment.merge(v) { _, new in new }
        return environment
    }

    /// Runs the command with this terminal; Ctrl-C is the command's to handle, not ours (as with salloc).
    static func runLocally(_ command: [String], environment: [String: String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = environment
        signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, SIG_DFL) }
        try process.run()
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}
