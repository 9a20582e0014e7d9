import Testing
import SchedulerProtocol
@testable import AischedClient

/// The submission a single `#SBATCH` line produces.
private func directive(_ options: String) throws -> JobSubmission {
    var job = try submission("#!/bin/sh\n#SBATCH \(options)\n")
    job.script = ""
    return job
}

private func job(_ configure: (inout JobSubmission) -> Void) -> JobSubmission { .with(configure) }

@Suite("Every option")
struct SubmitOptionsTests {
    @Test(arguments: [
        ("-J train", job { $0.name = "train" }),
        ("--job-name=train", job { $0.name = "train" }),
        ("--job-name train", job { $0.name = "train" }),
        ("-Jtrain", job { $0.name = "train" }),
        ("-A vision", job { $0.project = "vision" }),
        ("--account=vision", job { $0.project = "vision" }),
        ("--project vision", job { $0.project = "vision" }),
        ("-D /data/run", job { $0.workdir = "/data/run" }),
        ("--chdir=/data/run", job { $0.workdir = "/data/run" }),
        ("-o out-%j.log", job { $0.stdoutPath = "out-%j.log" }),
        ("--output=%x-%j.out -J n", job { $0.stdoutPath = "n-%j.out"; $0.name = "n" }),
        ("-e err.log", job { $0.stderrPath = "err.log" }),
        ("--error=%x.%%x.%j.%A.err --job-name=n", job { $0.stderrPath = "n.%%x.%j.%A.err"; $0.name = "n" }),
        ("-N 4", job { $0.nodes = 4 }),
        ("--nodes=4", job { $0.nodes = 4 }),
        ("--nodes=3-3", job { $0.nodes = 3 }),
        ("-c 8", job { $0.cpusPerNode = 8; $0.cpusPerTask = 8 }),
        ("--cpus-per-task=8 --ntasks-per-node=4", job { $0.cpusPerNode = 32; $0.cpusPerTask = 8; $0.tasksPerNode = 4 }),
        ("--ntasks-per-node=4", job { $0.cpusPerNode = 4; $0.tasksPerNode = 4 }),
        ("-n 8 -c 2", job { $0.cpusPerNode = 16; $0.nodes = 1; $0.tasks = 8; $0.cpusPerTask = 2 }),
        ("-N 2 --ntasks=16 -c 4", job { $0.nodes = 2; $0.cpusPerNode = 32; $0.tasks = 16; $0.cpusPerTask = 4 }),
        ("-N 2 --ntasks=8 --ntasks-per-node=4", job { $0.nodes = 2; $0.cpusPerNode = 4; $0.tasks = 8; $0.tasksPerNode = 4 }),
        ("-N 2 --ntasks=6 --ntasks-per-node=4", job { $0.nodes = 2; $0.cpusPerNode = 4; $0.tasks = 6; $0.tasksPerNode = 4 }),
        ("--mem=64G", job { $0.memoryMBPerNode = 65_536 }),
        ("--mem=500", job { $0.memoryMBPerNode = 500 }),
        ("--mem=2048K", job { $0.memoryMBPerNode = 2 }),
        ("--mem=1T", job { $0.memoryMBPerNode = 1_048_576 }),
        ("--mem-per-gpu=40G --gpus-per-node=4", job { $0.memoryMBPerNode = 163_840; $0.gpusPerNode = 4 }),
        ("--gpus-per-node=4 --mem-per-gpu=40G", job { $0.memoryMBPerNode = 163_840; $0.gpusPerNode = 4 }),
        ("--mem-per-cpu=2G -c 8", job { $0.memoryMBPerNode = 16_384; $0.cpusPerNode = 8; $0.cpusPerTask = 8 }),
        ("--gres=gpu:8", job { $0.gpusPerNode = 8 }),
        ("--gres=gpu:a100:8", job { $0.gpusPerNode = 8; $0.gpuModel = "a100" }),
        ("--gres=gpu", job { $0.gpusPerNode = 1 }),
        ("--gres=gpu:h100", job { $0.gpusPerNode = 1; $0.gpuModel = "h100" }),
        ("--gres=none", job { $0.gpusPerNode = 0 }),
        ("--gpus-per-node=8", job { $0.gpusPerNode = 8 }),
        ("--gpus-per-node=h100:8", job { $0.gpusPerNode = 8; $0.gpuModel = "h100" }),
        ("-G 16 -N 2", job { $0.gpusPerNode = 8; $0.nodes = 2 }),
        ("--gpus=a100:16 --nodes=4", job { $0.gpusPerNode = 4; $0.gpuModel = "a100"; $0.nodes = 4 }),
        ("--gpus=2", job { $0.gpusPerNode = 2; $0.nodes = 1 }),
        ("--gres=gpu:4 --gpus-per-node=4", job { $0.gpusPerNode = 4 }),
        ("--exclusive", job { $0.exclusive = true }),
        ("-H", job { $0.hold = true }),
        ("--hold", job { $0.hold = true }),
        ("-q high", job { $0.qos = "high" }),
        ("--qos=high", job { $0.qos = "high" }),
        ("-t 90", job { $0.timeLimitSeconds = 5400 }),
        ("--time=1-12", job { $0.timeLimitSeconds = 129_600 }),
        ("--time=UNLIMITED", job { $0.timeUnlimited = true }),
        ("-t 0", job { $0.timeUnlimited = true }),
        ("--export=ALL", job { _ in }),
        ("--export=NONE", job { $0.environment = ["SLURM_EXPORT_ENV=NONE"] }),
        ("--export=A=1,B=x=y", job { $0.environment = ["A=1", "B=x=y", "SLURM_EXPORT_ENV=A=1,B=x=y"] }),
        ("--export=ALL,_X9=", job { $0.environment = ["_X9="] }),
        ("\"--export=ALL,LIST='a,b'\"", job { $0.environment = ["LIST=a,b"] }),
        ("-H -J a -c 2", job { $0.hold = true; $0.name = "a"; $0.cpusPerNode = 2; $0.cpusPerTask = 2 }),
    ])
    func optionMapsOntoTheSubmission(options: String, expected: JobSubmission) throws {
        #expect(try directive(options) == expected)
    }

    @Test(arguments: [
        ("--requeue", job { $0.requeue = 1 }), ("--no-requeue", job { $0.requeue = 2 }),
        ("--requeue --no-requeue", job { $0.requeue = 2 }),
        ("--open-mode=append", job { $0.openMode = "append" }), ("--open-mode=t", job { $0.openMode = "truncate" }),
        ("--comment='x y'", job { $0.comment = "x y" }), ("--nice", job { $0.nice = 100 }),
        ("--nice=-5", job { $0.nice = -5 }), ("--mem=0", job { $0.allMemory = true }),
    ])
    func slurmOptionsThatAreHonoured(options: String, expected: JobSubmission) throws {
        let prepared = try BatchScript(parsing: "#SBATCH \(options)\n").prepare()
        var wanted = expected
        wanted.script = "#SBATCH \(options)\n"
        #expect(prepared.submission == wanted)
        #expect(prepared.warnings.isEmpty)
    }

    @Test(arguments: ["--open-mode=sometimes", "--nice=lots", "--nice=3000000000"])
    func badValuesAreRefused(options: String) {
        #expect(throws: BatchScriptError.self) { try BatchScript(parsing: "#SBATCH \(options)\n").prepare() }
    }

    @Test(arguments: [
        ("-p gpu", ["gpu"], ""), ("--partition=gpu,debug", ["gpu", "debug"], ""),
        ("-C a100", [], "a100"), ("--constraint=a100&ib", [], "a100&ib"),
    ])
    func partitionsAndConstraintsGoToTheServer(options: String, partitions: [String], constraint: String) throws {
        let prepared = try BatchScript(parsing: "#!/bin/sh\n#SBATCH \(options)\n").prepare()
        #expect(prepared.submission.partitions == partitions)
        #expect(prepared.submission.constraint == constraint)
        #expect(prepared.warnings.isEmpty)
    }

    @Test func otherWarnings() throws {
        let prepared = try BatchScript(parsing: "#SBATCH --exclusive=user --gres=gpu:2\n").prepare()
        #expect(prepared.submission.exclusive)
        #expect(prepared.submission.gpusPerNode == 2)
        #expect(prepared.warnings.map(\.description) == [
            "line 1: --exclusive=user is treated as plain --exclusive: the job gets whole nodes",
        ])
    }

    @Test func genericResourcesOtherThanGPUsAreRefusedWithWhatToDo() {
        do throws(BatchScriptError) {
            _ = try BatchScript(parsing: "#SBATCH --gres=gpu:2,nvme:1\n").prepare()
            Issue.record("nvme was accepted")
        } catch {
            #expect(error.description.contains("nvme:1: aisched schedules only GPUs"), "\(error.description)")
        }
    }

    @Test func bareExportNamesComeFromTheSubmittersEnvironment() throws {
        let context = SubmissionContext(environment: ["HF_HOME": "/cache/hf", "EMPTY": ""])
        let job = try submission("#SBATCH --export=ALL,HF_HOME,EMPTY,UNSET,X=1\n", context: context)
        #expect(job.environment == ["HF_HOME=/cache/hf", "EMPTY=", "X=1"])
    }

    @Test(arguments: [
        ("run", "/home/a", "/home/a/run"), ("/abs", "/home/a", "/abs"), (".", "/home/a/", "/home/a"),
    ])
    func relativeWorkdirResolvesAgainstTheCurrentDirectory(workdir: String, cwd: String, expected: String) throws {
        let job = try submission("#SBATCH -D \(workdir)\n", context: SubmissionContext(currentDirectory: cwd))
        #expect(job.workdir == expected)
    }

    @Test func workdirIsLeftEmptyWithoutAContext() throws {
        #expect(try submission("#SBATCH -D run\n").workdir == "run")
        #expect(try submission("").workdir == "")
    }

    @Test func jobNameExpansionLeavesPathsAloneWithoutAName() throws {
        #expect(try submission("#SBATCH -o %x-%j.out\n").stdoutPath == "%x-%j.out")
        #expect(SubmitOptions.expandJobName("a%", "n") == "a%")
        #expect(SubmitOptions.expandJobName("%x%x%%", "n") == "nn%%")
    }

    @Test func applyRespectsPrecedenceWhateverTheCallOrder() throws {
        var options = SubmitOptions()
        try options.apply(option: "--time", value: "5", source: .commandLine)
        try options.apply(option: "-t", value: "9", source: .directive(.sbatch, line: 2, text: "#SBATCH -t 9"))
        try options.apply(option: "-N", value: "2", source: .directive(.sbatch, line: 2, text: "#SBATCH -N 2"))
        try options.apply(option: "-N", value: "3", source: .directive(.aisubmit, line: 3, text: "#AISUBMIT -N 3"))
        #expect(options.timeLimitSeconds == 300)
        #expect(options.nodes == 3)
    }

    @Test func everyOptionIsInTheTableOnceAndHasAWorkingExample() throws {
        var seen = Set<String>()
        for spec in SubmitOptionTable.all {
            for name in spec.names { #expect(seen.insert(name).inserted, "duplicate \(name)") }
            if spec.help.hasPrefix("refused:") { continue }
            let parsed = try SubmitCommandLine.parse([spec.example, "x.sh"])
            #expect(parsed.positional == ["x.sh"])
            #expect(parsed.options.warnings.isEmpty == spec.isActedOn, "\(spec.example)")
        }
        #expect(SubmitOptionTable.usage.split(separator: "\n").count == SubmitOptionTable.all.count)
    }

    /// A refused option's example is refused (with what to do instead), never silently taken.
    @Test func refusedOptionsAreRefused() {
        for spec in SubmitOptionTable.all where spec.help.hasPrefix("refused:") {
            #expect(throws: BatchScriptError.self, "\(spec.example)") {
                try SubmitCommandLine.parse([spec.example, "x.sh"])
            }
        }
    }
}
