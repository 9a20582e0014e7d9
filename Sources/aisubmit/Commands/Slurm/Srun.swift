import AischedClient
import ArgumentParser
import Foundation
import Glibc
import SchedulerProtocol
import Synchronization

/// `aisubmit srun [options] COMMAND…` (jobs find it as `srun`): starts a step's tasks across the job's nodes through
/// schedd and the node agents, prints their output as it comes, and exits as Slurm's srun does: with the highest
/// task exit code (128 + signal for a task killed by a signal).
struct Srun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "srun",
        abstract: "Slurm's srun inside a job: run COMMAND as the job's tasks on its nodes.",
        discussion: """
            Options: -n/--ntasks, -N/--nodes, --ntasks-per-node, -c/--cpus-per-task, --gpus-per-task (default: the
            job's own task options), -l/--label (prefix lines with the task rank), --export=ALL|NONE|VARS,
            --jobid (default $SLURM_JOB_ID). Each task gets SLURM_PROCID, SLURM_LOCALID, SLURM_NODEID and the
            step's SLURM_* variables, its CPUs (and GPUs with --gpus-per-task). See docs/SLURM.md.
            """)

    @Argument(parsing: .captureForPassthrough, help: "srun options, then COMMAND [ARGS…].")
    var words: [String] = []

    func run() async throws {
        let options: SrunOptions
        do throws(SrunOptionError) { options = try SrunOptions.parse(words) } catch {
            for line in error.message.split(separator: "\n") { Self.say("srun: error: \(line)") }
            throw ExitCode(1)
        }
        let environment = ProcessInfo.processInfo.environment
        guard let job = options.jobID ?? environment["SLURM_JOB_ID"].flatMap(UInt64.init) else {
            Self.say("srun: error: srun runs inside a job and SLURM_JOB_ID is not set; submit with `aisubmit submit` "
                     + "(or give --jobid of a running job of yours)")
            throw ExitCode(1)
        }
        var request = RunStep()
        request.jobID = job
        request.argv = options.command
        request.environment = options.taskEnvironment(from: environment)
        request.workdir = FileManager.default.currentDirectoryPath
        request.ntasks = options.ntasks
        request.nodes = options.nodes
        request.ntasksPerNode = options.ntasksPerNode
        request.cpusPerTask = options.cpusPerTask
        request.gpusPerTask = options.gpusPerTask
        request.nodeList = options.nodeList
        request.killOnBadExit = options.killOnBadExit
        request.waitSeconds = options.waitSeconds
        let ended: StepEnded
        do {
            let config = try ClientConfig.resolveFromProcess(flags: ConnectionFlags())
            let rpc = try await RPCConnection.connect(host: config.server.host, port: config.server.port,
                                                      token: config.token, clientName: "srun",
                                                      requestTimeout: RequestTimeout.duration(config.requestTimeoutSeconds),
                                                      tls: try config.caFile.map(ClientTLS.init(caFile:)))
            ended = try await Self.runStep(request, on: rpc, label: options.label)
            await rpc.close()
        } catch {
            Self.say("srun: error: \(error)")
            throw ExitCode(1)
        }
        throw ExitCode(Self.report(ended))
    }

    /// Runs the step on `rpc`: its tasks' output printed as it comes, srun's signals forwarded to them, until every
    /// task has ended. The one path of `srun` inside a job and of `aisubmit run` outside.
    static func runStep(_ request: RunStep, on rpc: RPCConnection, label: Bool) async throws -> StepEnded {
        let printer = StepPrinter(label: label)
        rpc.setPushHandler { frame in
            guard frame.kind == .stepOutput, let output = try? frame.decode(StepOutput.self) else { return }
            printer.print(output)
        }
        let forwarding = SignalForwarding(rpc: rpc, job: request.jobID)
        defer { forwarding.stop() }
        let ended = try await rpc.request(.runStep, request, expecting: .stepEnded, as: StepEnded.self)
        printer.flush()
        return ended
    }

    /// Says how tasks that failed ended, and returns srun's exit code.
    static func report(_ ended: StepEnded) -> Int32 {
        var code: Int32 = 0
        for (rank, raw) in ended.exitCodes.enumerated() {
            let exit = Int32(bitPattern: raw)
            let signal = rank < ended.signals.count ? ended.signals[rank] : 0
            let message = rank < ended.messages.count ? ended.messages[rank] : ""
            if !message.isEmpty {
                say("srun: error: task \(rank): \(message)")
            } else if signal != 0 {
                say("srun: error: task \(rank): Killed by signal \(signal)")
            } else if exit != 0 {
                say("srun: error: task \(rank): Exited with exit code \(exit)")
            }
            code = max(code, exit)
        }
        return code
    }

    static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// srun's Ctrl-C and SIGTERM go to the step's tasks (through schedd), as Slurm's srun forwards them.
final class SignalForwarding {
    private let sources: [any DispatchSourceSignal]

    init(rpc: RPCConnection, job: UInt64) {
        sources = [SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                var message = SignalStep()
                message.jobID = job
                message.signal = UInt32(number)
                rpc.post(.signalStep, message)
            }
            source.resume()
            return source
        }
    }

    func stop() { for source in sources { source.cancel() } }
}

/// Writes tasks' output to srun's stdout and stderr; with `--label`, each line starts with the task's rank.
final class StepPrinter: Sendable {
    private struct Key: Hashable { var rank: UInt32; var stderr: Bool }
    private let label: Bool
    /// Unfinished last lines per task and stream, when labelling.
    private let partial = Mutex<[Key: [UInt8]]>([:])

    init(label: Bool) { self.label = label }

    func print(_ output: StepOutput) {
        let fd: Int32 = output.stderr ? 2 : 1
        guard label else { return write(fd, Array(output.data)) }
        let key = Key(rank: output.rank, stderr: output.stderr)
        let complete = partial.withLock { partial -> [UInt8] in
            var bytes = partial[key, default: []] + output.data
            guard let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) else {
                partial[key] = bytes
                return []
            }
            partial[key] = Array(bytes[(lastNewline + 1)...])
            bytes.removeSubrange((lastNewline + 1)...)
            return bytes
        }
        guard !complete.isEmpty else { return }
        let prefix = Array("\(output.rank): ".utf8)
        var text: [UInt8] = []
        for line in complete.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
            text += prefix + line + [UInt8(ascii: "\n")]
        }
        write(fd, text)
    }

    /// Prints what is left of unfinished lines at the end of the step.
    func flush() {
        let left = partial.withLock { partial in defer { partial = [:] }; return partial }
        for (key, bytes) in left.sorted(by: { $0.key.rank < $1.key.rank }) where !bytes.isEmpty {
            write(key.stderr ? 2 : 1, Array("\(key.rank): ".utf8) + bytes + [UInt8(ascii: "\n")])
        }
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) { FileDescriptorOutput.writeAll(bytes, to: fd) }
}
