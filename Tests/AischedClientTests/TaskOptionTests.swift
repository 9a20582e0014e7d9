import Testing
import SchedulerProtocol
@testable import AischedClient

/// Slurm's task options and their inference rules, reduced to the per-node shape placement reserves plus the
/// task split the job's environment reports (docs/SLURM.md).
@Suite struct TaskOptionTests {
    static func submission(_ options: String) throws -> JobSubmission {
        try BatchScript(parsing: "#!/bin/sh\n#SBATCH \(options)\n").prepare().submission
    }

    struct Shape: Equatable, CustomStringConvertible {
        var nodes: UInt32 = 0, cpusPerNode: UInt32 = 0, gpusPerNode: UInt32 = 0, memoryMB: UInt64 = 0
        var tasks: UInt32 = 0, tasksPerNode: UInt32 = 0, cpusPerTask: UInt32 = 0, gpusPerTask: UInt32 = 0
        var description: String {
            "N=\(nodes) cpus/node=\(cpusPerNode) gpus/node=\(gpusPerNode) mem=\(memoryMB) n=\(tasks) "
                + "tasks/node=\(tasksPerNode) c=\(cpusPerTask) gpus/task=\(gpusPerTask)"
        }
        init(_ s: JobSubmission) {
            (nodes, cpusPerNode, gpusPerNode, memoryMB) = (s.nodes, s.cpusPerNode, s.gpusPerNode, s.memoryMBPerNode)
            (tasks, tasksPerNode, cpusPerTask, gpusPerTask) = (s.tasks, s.tasksPerNode, s.cpusPerTask, s.gpusPerTask)
        }
        init(_ configure: (inout Shape) -> Void) { configure(&self) }
    }

    /// Rows follow the worked examples of Slurm's rules (sbatch(1), slurm_opt.c, gres.c).
    @Test(arguments: [
        // --ntasks over --ntasks-per-node without --nodes: Slurm infers ceil(4/2) = 2 nodes.
        ("--ntasks=4 --ntasks-per-node=2", Shape { $0.nodes = 2; $0.cpusPerNode = 2; $0.tasks = 4; $0.tasksPerNode = 2 }),
        ("-n 5 --ntasks-per-node=2", Shape { $0.nodes = 3; $0.cpusPerNode = 2; $0.tasks = 5; $0.tasksPerNode = 2 }),
        ("--tasks-per-node=2 -N 2", Shape { $0.nodes = 2; $0.cpusPerNode = 2; $0.tasksPerNode = 2 }),
        ("-N 2 --ntasks-per-node=4 -c 8", Shape { $0.nodes = 2; $0.cpusPerNode = 32; $0.tasksPerNode = 4; $0.cpusPerTask = 8 }),
        ("-N 2 --ntasks-per-node=4 --gpus-per-task=2",
         Shape { $0.nodes = 2; $0.cpusPerNode = 4; $0.gpusPerNode = 8; $0.tasksPerNode = 4; $0.gpusPerTask = 2 }),
        ("-N 2 --gres=gpu:4 --cpus-per-gpu=10", Shape { $0.nodes = 2; $0.cpusPerNode = 40; $0.gpusPerNode = 4 }),
        ("--gpus-per-node=4 --ntasks-per-gpu=2",
         Shape { $0.nodes = 1; $0.cpusPerNode = 8; $0.gpusPerNode = 4; $0.tasks = 8; $0.tasksPerNode = 8 }),
        ("-n 2 --gpus-per-task=1", Shape { $0.nodes = 1; $0.cpusPerNode = 2; $0.gpusPerNode = 2; $0.tasks = 2; $0.gpusPerTask = 1 }),
        ("--gpus-per-task=1", Shape { $0.gpusPerNode = 1; $0.gpusPerTask = 1 }),
        ("-c 4 --mincpus=32", Shape { $0.cpusPerNode = 32; $0.cpusPerTask = 4 }),
        ("--mem=48Gb", Shape { $0.memoryMB = 49_152 }),
        ("--mem=64GB", Shape { $0.memoryMB = 65_536 }),
        ("--mem-per-cpu=1875mb -c 2", Shape { $0.memoryMB = 3_750; $0.cpusPerNode = 2; $0.cpusPerTask = 2 }),
        ("--wait-all-nodes=1 -N 2", Shape { $0.nodes = 2 }),
        ("--hint=multithread", Shape { _ in }),
        // --overcommit: CPUs for one task per node, shared by the node's tasks.
        ("-N 2 --ntasks-per-node=8 -c 4 --overcommit", Shape { $0.nodes = 2; $0.cpusPerNode = 4; $0.tasksPerNode = 8; $0.cpusPerTask = 4 }),
        ("-O --ntasks-per-node=8", Shape { $0.cpusPerNode = 1; $0.tasksPerNode = 8 }),
    ] as [(String, Shape)])
    func reducesTasksLikeSlurm(options: String, expected: Shape) throws {
        #expect(Shape(try Self.submission(options)) == expected)
    }

    @Test func aTypedGPUPerTaskKeepsItsModel() throws {
        let s = try Self.submission("-n 2 --gpus-per-task=l40s:1")
        #expect(s.gpuModel == "l40s")
        #expect(s.gpusPerNode == 2)
    }

    @Test(arguments: [
        ("--cpus-per-gpu=10", "CPUs per GPU needs a GPU count"),
        ("--ntasks-per-gpu=2", "tasks per GPU needs a GPU count"),
        ("--hint=memory_bound", "use nomultithread"),
        ("--tmp=200G", "does not schedule node-local disk"),
        ("--reservation=maint", "no advance reservations"),
        ("-L scratch", "aisched has no licenses"),
        ("--time-min=1:00:00", "does not shorten time limits"),
        ("--wait-all-nodes=2", "expected 0 or 1"),
    ])
    func refusesWithWhatToDoInstead(options: String, message: String) {
        #expect {
            _ = try Self.submission(options)
        } throws: { error in
            (error as? BatchScriptError)?.message.contains(message) == true
        }
    }

    /// Porting a script takes one round: every refused directive of a script is reported at once, and a line
    /// with a refused option is read to its end.
    @Test func everyProblemOfAScriptIsReportedTogether() {
        let script = """
            #!/bin/bash
            #SBATCH --tmp=200G --reservation=maint
            #SBATCH --time=1:00:00
            #SBATCH --hint=memory_bound
            #SBATCH --bogus-option=1
            #SBATCH --nodes=x
            srun python train.py
            """
        do throws(BatchScriptError) {
            _ = try BatchScript(parsing: script)
            Issue.record("the script was accepted")
        } catch {
            #expect(error.all.map(\.line) == [2, 2, 4, 5, 6])
            #expect(error.diagnostic.hasPrefix("5 problems; nothing was submitted:"))
            #expect(error.diagnostic.contains("unknown option --bogus-option"))
        }
    }

    @Test func nomultithreadAsksForWholeCores() throws {
        #expect(try Self.submission("-c 8 --hint=nomultithread").wholeCores)
        #expect(try Self.submission("-c 8 --hint=compute_bound").wholeCores)
        #expect(!(try Self.submission("-c 8 --hint=multithread").wholeCores))
    }

    @Test func parsableIsAnOutputOption() throws {
        let prepared = try BatchScript(parsing: "#!/bin/sh\n#SBATCH --parsable\n").prepare()
        #expect(prepared.parsable)
        #expect(try BatchScript(parsing: "#!/bin/sh\n").prepare().parsable == false)
    }
}

/// sbatch's input variables rank between the command line and the script, and name themselves in errors.
@Suite struct SbatchEnvironmentTests {
    static let script = "#!/bin/sh\n#SBATCH --time=60\n#SBATCH --job-name=from-script\n"

    @Test func variablesOverrideDirectivesAndTheCommandLineOverridesBoth() throws {
        let environment = ["SBATCH_TIMELIMIT": "10", "SBATCH_JOB_NAME": "from-env", "SBATCH_EXCLUSIVE": ""]
        let context = SubmissionContext(environment: environment)
        let fromEnvironment = try BatchScript(parsing: Self.script).prepare(context: context).submission
        #expect(fromEnvironment.timeLimitSeconds == 600)
        #expect(fromEnvironment.name == "from-env")
        #expect(fromEnvironment.exclusive)
        let commandLine = try SubmitCommandLine.parse(["-t", "5", "job.sh"])
        let fromCommandLine = try commandLine.prepareScript(text: Self.script, context: context).submission
        #expect(fromCommandLine.timeLimitSeconds == 300)
        #expect(fromCommandLine.name == "from-env")
        let command = try SubmitCommandLine.parse(["--", "true"]).prepareCommand(context: context).submission
        #expect(command.timeLimitSeconds == 600)
    }

    @Test func badVariablesAreReportedTogetherByName() {
        let context = SubmissionContext(environment: ["SBATCH_TIMELIMIT": "soon", "SBATCH_MEM_PER_NODE": "lots"])
        do throws(BatchScriptError) {
            _ = try BatchScript(parsing: Self.script).prepare(context: context)
            Issue.record("accepted")
        } catch {
            #expect(error.all.count == 2)
            #expect(error.diagnostic.contains(#"SBATCH_TIMELIMIT="soon" (--time)"#))
            #expect(error.diagnostic.contains(#"SBATCH_MEM_PER_NODE="lots" (--mem)"#))
        }
    }

    @Test func variablesOfOtherProgramsAreNotRead() throws {
        let context = SubmissionContext(environment: ["SBATCH_NODES": "9", "SLURM_NTASKS": "7"])
        let submission = try BatchScript(parsing: "#!/bin/sh\n").prepare(context: context).submission
        #expect(submission.nodes == 0)
        #expect(submission.tasks == 0)
    }
}

/// `--export`: Slurm's default (ALL) sends the submitter's environment; NONE and lists send only what they name.
@Suite struct ExportTests {
    static let environment = ["PATH": "/home/a/venv/bin:/usr/bin", "WANDB_MODE": "offline",
                              "SLURM_JOB_ID": "7", "AISCHED_TOKEN": "secret"]

    static func submission(_ options: String) throws -> JobSubmission {
        let script = "#!/bin/sh\n" + (options.isEmpty ? "" : "#SBATCH \(options)\n")
        return try BatchScript(parsing: script).prepare(context: SubmissionContext(environment: environment)).submission
    }

    @Test func theWholeEnvironmentGoesByDefaultButNotAnotherJobsOrTheToken() throws {
        for options in ["", "--export=ALL", "--export=ALL,EXTRA=1"] {
            let s = try Self.submission(options)
            #expect(s.inheritedEnvironment == ["PATH=/home/a/venv/bin:/usr/bin", "WANDB_MODE=offline"], "\(options)")
        }
        #expect(try Self.submission("--export=ALL,EXTRA=1").environment == ["EXTRA=1"])
    }

    @Test func noneAndListsSendOnlyWhatTheyName() throws {
        let none = try Self.submission("--export=NONE")
        #expect(none.inheritedEnvironment.isEmpty)
        #expect(none.environment == ["SLURM_EXPORT_ENV=NONE"])
        let list = try Self.submission("--export=WANDB_MODE,SEED=3")
        #expect(list.inheritedEnvironment.isEmpty)
        #expect(list.environment == ["WANDB_MODE=offline", "SEED=3", "SLURM_EXPORT_ENV=WANDB_MODE,SEED=3"])
    }

    @Test func theCommandLineOverridesTheScriptsExport() throws {
        let cli = try SubmitCommandLine.parse(["--export=NONE", "job.sh"])
        let s = try cli.prepareScript(text: "#!/bin/sh\n#SBATCH --export=ALL,A=1\n",
                                      context: SubmissionContext(environment: Self.environment))
        #expect(s.submission.inheritedEnvironment.isEmpty)
        #expect(s.submission.environment == ["SLURM_EXPORT_ENV=NONE"])
    }
}
