import SchedulerCore

/// srun's command line as aisched's srun understands it: options up to the first word that is not one, then the
/// command. Every option is either honoured or refused with what to do instead; all problems are reported at once.
public struct SrunOptions: Equatable, Sendable {
    public var jobID: UInt64?
    public var ntasks: UInt32 = 0
    public var nodes: UInt32 = 0
    public var ntasksPerNode: UInt32 = 0
    public var cpusPerTask: UInt32 = 0
    public var gpusPerTask: UInt32 = 0
    public var label = false
    /// `--export`: nil is ALL (srun's environment), otherwise only these names (NONE: none) plus `VAR=value`s.
    public var exportNames: [String]?
    public var exportValues: [String] = []
    /// `-w/--nodelist`: the step runs on these nodes of the job (a host list, expanded).
    public var nodeList: [String] = []
    /// `-K/--kill-on-bad-exit`: a task that fails ends the whole step.
    public var killOnBadExit = false
    /// `-W/--wait`: once the first task ends, the others get this many seconds (0: as long as they need).
    public var waitSeconds: UInt32 = 0
    public var command: [String] = []

    public init() {}

    typealias Apply = @Sendable (inout SrunOptions, String) throws(SrunOptionError) -> Void

    /// Options that take a value, by every spelling, and how to apply it.
    private static let valued: [String: Apply] = {
        func count(_ name: String, _ set: @escaping @Sendable (inout SrunOptions, UInt32) -> Void)
            -> Apply {
            { options, text throws(SrunOptionError) in
                guard let value = UInt32(text), value > 0 else { throw .init("\(name) needs a positive whole number, not \"\(text)\"") }
                set(&options, value)
            }
        }
        let table: [([String], Apply)] = [
            (["-n", "--ntasks"], count("--ntasks") { $0.ntasks = $1 }),
            (["-N", "--nodes"], count("--nodes") { $0.nodes = $1 }),
            (["--ntasks-per-node"], count("--ntasks-per-node") { $0.ntasksPerNode = $1 }),
            (["-c", "--cpus-per-task"], count("--cpus-per-task") { $0.cpusPerTask = $1 }),
            (["--gpus-per-task"], count("--gpus-per-task") { $0.gpusPerTask = $1 }),
            (["--jobid"], { options, text throws(SrunOptionError) in
                guard let id = UInt64(text), id > 0 else { throw .init("--jobid needs a job id, not \"\(text)\"") }
                options.jobID = id
            }),
            (["--export"], { options, text throws(SrunOptionError) in options.export(text) }),
            (["-w", "--nodelist"], { options, text throws(SrunOptionError) in
                guard let names = try? Hostlist.expand(text), !names.isEmpty else {
                    throw .init("-w/--nodelist \"\(text)\" is not a host list (dgx-01,dgx-02 or dgx-[01-02])")
                }
                options.nodeList = names
            }),
            (["-W", "--wait"], { options, text throws(SrunOptionError) in
                guard let seconds = UInt32(text) else { throw .init("--wait needs whole seconds, not \"\(text)\"") }
                options.waitSeconds = seconds
            }),
            (["-m", "--distribution"], { _, text throws(SrunOptionError) in
                guard text == "block" || text.hasPrefix("block:") || text == "*" else {
                    throw .init("-m \(text): aisched's srun places tasks in block distribution only (ranks fill the first node, then the next); drop -m or give block")
                }
            }),
            (["--gres-flags"], { _, text throws(SrunOptionError) in
                // Tasks of one job are never fenced off from each other's GPUs in aisched: sharing is what happens.
                guard text == "allow-task-sharing" || text == "disable-binding" else {
                    throw .init("--gres-flags=\(text): aisched's srun takes allow-task-sharing (tasks may use each other's GPUs, as always here) or disable-binding")
                }
            }),

            (["--mpi"], { _, text throws(SrunOptionError) in
                guard text == "none" else {
                    throw .init("--mpi=\(text): aisched's srun has no PMI server; start MPI programs with mpirun inside the job, or use --mpi=none")
                }
            }),
            (["--cpu-bind", "--cpu_bind"], { _, text throws(SrunOptionError) in
                guard ["cores", "threads", "verbose,cores"].contains(text) else {
                    throw .init("--cpu-bind=\(text): aisched binds each task to its own CPUs (as --cpu-bind=cores); drop the option or give cores")
                }
            }),
        ]
        var map: [String: Apply] = [:]
        for (names, apply) in table { for name in names { map[name] = apply } }
        return map
    }()

    /// Flags that are honoured as they are: the relay already forwards output as it comes (-u), steps always share
    /// the job's resources (--overlap), and bash/zsh users pass `--` before the command.
    private static let honouredFlags: Set<String> = ["-u", "--unbuffered", "--overlap", "--quiet", "-Q"]

    private static let noContainers = "aisched starts no containers (that is pyxis/enroot's srun plugin); call your container runtime (apptainer exec …, enroot start …) as the command"

    /// Known srun options aisched's srun does not do, with what to do instead.
    public static let refused: [String: String] = [
        "--pty": "interactive terminals are not available inside a batch job's srun; run the command without --pty",
        "-x": "name the step's nodes with -w instead", "--exclude": "name the step's nodes with -w instead",
        "--exclusive": "steps share the job's CPUs and GPUs; give each step its tasks with -n/-c instead",
        "-o": "task output goes to srun's own output (the job's output file); redirect srun's output instead, e.g. srun cmd > file",
        "--output": "task output goes to srun's own output (the job's output file); redirect srun's output instead",
        "-e": "task errors go to srun's own error stream; redirect it instead (2> file)", "--error": "task errors go to srun's own error stream; redirect it instead",
        "--gpu-bind": "each task sees its own GPUs with --gpus-per-task (and all of its node's without it); drop --gpu-bind",
        "--gpus-per-node": "a step sees the GPUs of its job on each node; split them with --gpus-per-task",
        "--gres": "a step sees the GPUs of its job on each node; split them with --gpus-per-task",
        "--gpus": "a step sees the GPUs of its job on each node; split them with --gpus-per-task", "-G": "a step sees the GPUs of its job on each node; split them with --gpus-per-task",
        "--mem": "a step shares its job's memory; give memory at submit time", "--mem-per-cpu": "a step shares its job's memory; give memory at submit time",
        "--container-image": noContainers, "--container-mounts": noContainers, "--container-env": noContainers,
        "--container-workdir": noContainers, "--container-name": noContainers, "--no-container-mount-home": noContainers,
        "--container-remap-root": noContainers, "--container-writable": noContainers,
        "--qos": "a step runs under its job's QoS; give --qos when submitting the job",
        "-q": "a step runs under its job's QoS; give --qos when submitting the job",
        "--comment": "steps keep no comment; put it on the job (sbatch --comment)",
        "--accel-bind": "each task sees its own GPUs with --gpus-per-task; drop --accel-bind",
    ]

    public static func parse(_ words: [String]) throws(SrunOptionError) -> SrunOptions {
        var options = SrunOptions()
        var problems: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "--" { index += 1; break }
            guard word.hasPrefix("-"), word.count > 1 else { break }
            let (name, attached) = split(word)
            if label(name) { options.label = true; index += 1; continue }
            if name == "-K" || name == "--kill-on-bad-exit" {
                // An optional value, as getopt's: only attached (`--kill-on-bad-exit=0`).
                if let attached, attached != "0", attached != "1" {
                    problems.append("--kill-on-bad-exit takes 0 or 1, not \"\(attached)\"")
                }
                options.killOnBadExit = attached != "0"
                index += 1
                continue
            }
            if honouredFlags.contains(name) { index += 1; continue }
            if let why = refused[name] {
                problems.append("\(name): \(why)")
                index += attached == nil && takesValue(name) ? 2 : 1
                continue
            }
            guard let apply = valued[name] else {
                problems.append("\(name) is not an option aisched's srun knows; it takes -n, -N, --ntasks-per-node, -c, --gpus-per-task, -l, --export, --jobid (docs/SLURM.md)")
                index += 1
                continue
            }
            var value = attached
            if value == nil {
                guard index + 1 < words.count else { problems.append("\(name) needs a value"); break }
                value = words[index + 1]
                index += 1
            }
            index += 1
            do throws(SrunOptionError) { try apply(&options, value!) } catch { problems.append(error.message) }
        }
        options.command = Array(words[min(index, words.count)...])
        if options.command.isEmpty { problems.append("no command given: srun [options] COMMAND [ARGS…]") }
        guard problems.isEmpty else { throw SrunOptionError(problems.joined(separator: "\n")) }
        return options
    }

    /// `--name=value` → ("--name", "value"); `-n4` → ("-n", "4"); otherwise the word alone.
    private static func split(_ word: String) -> (String, String?) {
        if word.hasPrefix("--"), let eq = word.firstIndex(of: "=") {
            return (String(word[..<eq]), String(word[word.index(after: eq)...]))
        }
        if !word.hasPrefix("--"), word.count > 2, ["-n", "-N", "-c", "-w", "-W", "-m", "-K"].contains(String(word.prefix(2))) {
            return (String(word.prefix(2)), String(word.dropFirst(2)))
        }
        return (word, nil)
    }

    private static func label(_ name: String) -> Bool { name == "-l" || name == "--label" }

    private static func takesValue(_ name: String) -> Bool {
        !["--pty", "--exclusive"].contains(name)
    }

    /// `--export=ALL` (the default), `NONE`, or a list of names and `NAME=value`s (ALL may lead the list).
    private mutating func export(_ text: String) {
        let items = text.split(separator: ",").map(String.init)
        if items.first == "ALL" {
            exportNames = nil
            exportValues = items.dropFirst().filter { $0.contains("=") }
            return
        }
        exportNames = items.filter { $0 != "NONE" && !$0.contains("=") }
        exportValues = items.filter { $0.contains("=") }
    }

    /// The environment the tasks start from: srun's own (or the part `--export` names), then `--export` values.
    public func taskEnvironment(from environment: [String: String]) -> [String] {
        let base: [String]
        if let names = exportNames {
            // As with sbatch, SLURM_* variables always go along: the tasks need their job's.
            base = environment.filter { names.contains($0.key) || $0.key.hasPrefix("SLURM_") || $0.key.hasPrefix("AISCHED_") }
                .map { "\($0.key)=\($0.value)" }.sorted()
        } else {
            base = environment.map { "\($0.key)=\($0.value)" }.sorted()
        }
        return base + exportValues
    }
}

public struct SrunOptionError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
