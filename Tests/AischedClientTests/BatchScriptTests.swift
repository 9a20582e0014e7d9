import Testing
import SchedulerProtocol
@testable import AischedClient

/// A script's submission with nothing from the command line.
func submission(_ script: String, context: SubmissionContext = SubmissionContext()) throws -> JobSubmission {
    try BatchScript(parsing: script).prepare(context: context).submission
}

/// The error a script raises, or nil (so `#expect` prints the whole error on mismatch).
func scriptError(_ script: String) -> BatchScriptError? {
    do {
        _ = try BatchScript(parsing: script).prepare()
        return nil
    } catch {
        return error
    }
}

@Suite("Batch scripts")
struct BatchScriptTests {
    static let torchrun = """
        #!/bin/bash -l
        # Llama fine-tune, 2 × 8 H100
        #SBATCH --job-name=llama-ft
        #SBATCH --account=nlp
        #SBATCH --nodes=2 --ntasks-per-node=1      # one torchrun launcher per node
        #SBATCH --gres=gpu:h100:8
        #SBATCH --cpus-per-task=96
        #SBATCH --mem=0
        #SBATCH --time=2-00:00:00
        #SBATCH --output=logs/%x-%j.out
        #SBATCH --error=logs/%x-%j.err
        #SBATCH --partition=gpu
        #SBATCH --mail-type=END,FAIL
        #SBATCH --mail-user=alice@example.org
        #SBATCH --exclusive
        #SBATCH --export=ALL,NCCL_DEBUG=WARN,OMP_NUM_THREADS=12

        set -euo pipefail
        module load cuda/12.4
        #SBATCH --time=1:00:00
        export MASTER_ADDR=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
        srun torchrun --nnodes=2 --nproc_per_node=8 --rdzv_backend=c10d train.py "$@"
        """

    @Test func realWorldTorchrunScript() throws {
        let script = try BatchScript(parsing: Self.torchrun)
        #expect(script.interpreter == "/bin/bash -l")
        #expect(script.headerLineCount == 17)
        let prepared = try script.prepare(scriptName: "jobs/finetune.sh", arguments: ["--lr", "3e-4"],
                                          context: SubmissionContext(currentDirectory: "/home/alice/llama"))
        var expected = JobSubmission()
        expected.name = "llama-ft"
        expected.project = "nlp"
        expected.workdir = "/home/alice/llama"
        expected.argv = ["--lr", "3e-4"]
        expected.script = Self.torchrun
        expected.environment = ["NCCL_DEBUG=WARN", "OMP_NUM_THREADS=12"]
        expected.nodes = 2
        expected.cpusPerNode = 96
        expected.memoryMBPerNode = 0
        expected.gpusPerNode = 8
        expected.gpuModel = "h100"
        expected.timeLimitSeconds = 2 * 86_400
        expected.stdoutPath = "logs/llama-ft-%j.out"
        expected.stderrPath = "logs/llama-ft-%j.err"
        expected.exclusive = true
        expected.tasksPerNode = 1
        expected.cpusPerTask = 96
        expected.submitDirectory = "/home/alice/llama"
        expected.partitions = ["gpu"]
        expected.allMemory = true
        expected.mailType = "END,FAIL"
        expected.mailUser = "alice@example.org"
        #expect(prepared.submission == expected)
        #expect(prepared.warnings.map(\.description) == [
            "line 20: directive after the first command (line 18) is ignored, as in sbatch; move it above line 18",
        ])
    }

    @Test func scriptNameIsTheDefaultJobName() throws {
        let script = try BatchScript(parsing: "#!/bin/sh\n#SBATCH -o %x.log\necho hi\n")
        let prepared = try script.prepare(scriptName: "/home/a/runs/sweep.sbatch")
        #expect(prepared.submission.name == "sweep.sbatch")
        #expect(prepared.submission.stdoutPath == "sweep.sbatch.log")
    }

    @Test func scriptWithoutShebangIsScannedFromLineOne() throws {
        let script = try BatchScript(parsing: "#SBATCH -N 3\npython x.py\n")
        #expect(script.interpreter == nil)
        #expect(script.options.nodes == 3)
    }

    @Test func scriptWithoutDirectivesOrCommands() throws {
        for text in ["", "#!/bin/sh\n", "#!/bin/sh\n\n# just a comment\n"] {
            let script = try BatchScript(parsing: text)
            #expect(script.options == SubmitOptions())
            #expect(try script.prepare().submission.script == text)
        }
    }

    // MARK: - Header termination

    @Test(arguments: [
        ("#!/bin/sh\n#SBATCH -N 2\n\n   \n\t\n#SBATCH -c 4\n", UInt32(2), UInt32(4)),           // blank lines
        ("#!/bin/sh\n# comment\n#SBATCH -N 2\n## SBATCH -c 9\n#SBATCH -c 4\n", 2, 4),      // comments
        ("#!/bin/sh\n#SBATCH -N 2\necho go\n#SBATCH -c 4\n", 2, 0),                          // command ends it
        ("#!/bin/sh\n#SBATCH -N 2\n  echo go\n#SBATCH -c 4\n", 2, 0),                        // indented command
        ("#!/bin/sh\nset -e\n#SBATCH -N 2\n", 0, 0),                                         // nothing after a command
        ("#!/bin/sh\n#SBATCH -N 2\nexport A=1 # x\n#SBATCH -c 4\n", 2, 0),
    ])
    func headerEndsAtFirstCommand(text: String, nodes: UInt32, cpus: UInt32) throws {
        let job = try submission(text)
        #expect(job.nodes == nodes)
        #expect(job.cpusPerNode == cpus)
    }

    @Test(arguments: ["##SBATCH -N 9", "# SBATCH -N 9", "#sbatch -N 9", "#SBTACH -N 9", "#  AISUBMIT -N 9", "#!SBATCH -N 9"])
    func disabledAndMisspeltDirectivesAreComments(line: String) throws {
        let script = try BatchScript(parsing: "#!/bin/sh\n\(line)\n#SBATCH -N 2\n")
        #expect(script.options.nodes == 2)
        #expect(script.warnings.isEmpty)
    }

    @Test func indentedDirectiveIsACommentWithAWarning() throws {
        let script = try BatchScript(parsing: "#!/bin/sh\n  #SBATCH -N 9\n#SBATCH -N 2\n")
        #expect(script.options.nodes == 2)
        #expect(script.warnings.map(\.description)
                == ["line 2: indented #SBATCH is a comment to sbatch and aisched alike; start the line with #SBATCH to use it"])
    }

    @Test func directivesAfterTheHeaderOnlyWarn() throws {
        let script = try BatchScript(parsing: "#!/bin/sh\necho\n#AISUBMIT --bogus\n#SBATCH\n")
        #expect(script.options == SubmitOptions())
        #expect(script.warnings.map(\.line) == [3, 4])
    }

    @Test func emptyDirectiveAndCommentOnlyDirective() throws {
        let script = try BatchScript(parsing: "#!/bin/sh\n#SBATCH\n#SBATCH    # nothing here\n#AISUBMIT\t-N 2\n")
        #expect(script.options.nodes == 2)
    }

    // MARK: - Precedence

    @Test func aisubmitOverridesSbatchWhateverTheOrder() throws {
        let text = """
            #!/bin/sh
            #AISUBMIT --time=30 --qos=high
            #SBATCH --time=10 --qos=low --job-name=x
            #AISUBMIT -J y
            #SBATCH -J z
            """
        let script = try BatchScript(parsing: text)
        #expect(script.sbatchOptions.timeLimitSeconds == 600)
        #expect(script.aisubmitOptions.timeLimitSeconds == 1800)
        let job = try script.prepare().submission
        #expect(job.timeLimitSeconds == 1800)
        #expect(job.qos == "high")
        #expect(job.name == "y")
    }

    @Test func commandLineOverridesBoth() throws {
        let script = try BatchScript(parsing: "#SBATCH -t 10 -N 4 --gpus=16\n#AISUBMIT -t 20 -q a\n")
        let cli = try SubmitCommandLine.parse(["-t", "1:00:00", "--nodes=2", "x.sh"])
        let job = try script.prepare(commandLine: cli.options).submission
        #expect(job.timeLimitSeconds == 3600)
        #expect(job.qos == "a")
        #expect(job.nodes == 2)
        #expect(job.gpusPerNode == 8) // the script's total is re-divided over the command line's node count
    }

    @Test func laterDirectiveAtTheSameLevelWins() throws {
        let job = try submission("#SBATCH -t 10\n#SBATCH -t 20 --time=30\n")
        #expect(job.timeLimitSeconds == 1800)
    }

    @Test func higherLevelReplacesAWholeGroup() throws {
        // --mem-per-gpu in the script is discarded by --mem on the command line, and the script's --ntasks
        // by --ntasks-per-node: each pair describes one quantity.
        let script = try BatchScript(parsing: "#SBATCH -N 2 --ntasks=16 --gres=gpu:4 --mem-per-gpu=10G\n")
        let cli = try SubmitCommandLine.parse(["--mem=100G", "--ntasks-per-node=2", "x.sh"])
        let prepared = try script.prepare(commandLine: cli.options)
        #expect(prepared.submission.memoryMBPerNode == 100 * 1024)
        #expect(prepared.submission.cpusPerNode == 2)
        #expect(try script.prepare().submission.memoryMBPerNode == 40 * 1024)
        #expect(try script.prepare().submission.cpusPerNode == 8)
    }

    @Test func arrayDependencyAndBeginAreCarriedNotActedOn() throws {
        let prepared = try BatchScript(parsing: "#SBATCH --array=0-15%4 -d afterok:12:13 --begin=now+1hour\n").prepare()
        #expect(prepared.array == "0-15%4")
        #expect(prepared.dependency == "afterok:12:13")
        #expect(prepared.begin == "now+1hour")
        #expect(prepared.submission == JobSubmission.with { $0.script = "#SBATCH --array=0-15%4 -d afterok:12:13 --begin=now+1hour\n" })
    }
}

extension JobSubmission {
    static func with(_ configure: (inout JobSubmission) -> Void) -> JobSubmission {
        var job = JobSubmission()
        configure(&job)
        return job
    }
}
