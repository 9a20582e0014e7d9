import Testing
import SchedulerProtocol
@testable import AischedClient

@Suite("Batch script errors")
struct BatchScriptErrorTests {
    /// Each case puts the bad directive on line 4 of a script, behind a valid line, a comment and a blank.
    @Test(arguments: [
        ("--time=1:xx:00", BatchScriptError.Kind.invalidValue,
         #"--time "1:xx:00": expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (after the first field, hours 0-23, minutes and seconds 0-59), or UNLIMITED for no limit"#),
        ("-t 1h", .invalidValue, #"-t "1h": expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (after the first field, hours 0-23, minutes and seconds 0-59), or UNLIMITED for no limit"#),
        ("--tiem=10", .unknownOption, "unknown option --tiem; did you mean --time?"),
        ("--job=x", .unknownOption, "unknown option --job; did you mean --job-name?"),
        ("--frobnicate", .unknownOption,
         "unknown option --frobnicate; run `aisubmit submit --help` for the options aisched understands"),
        ("-j x", .unknownOption, "unknown option -j; did you mean -J?"),
        ("-Z", .unknownOption, "unknown option -Z; run `aisubmit submit --help` for the options aisched understands"),
        ("--tmp=200G", .unsupported,
         "--tmp is not supported by aisched: aisched does not schedule node-local disk; remove it and use the node's scratch directory"),
        ("-w node[1-4]", .unsupported, "-w is not supported by aisched: aisched chooses the nodes itself; remove it"),
        ("--time", .missingValue, "--time needs a value, e.g. --time=1-12:00:00"),
        ("-N", .missingValue, "-N needs a value, e.g. --nodes=2"),
        ("--output --error=e.log", .missingValue, "--output needs a value, e.g. --output=logs/%x-%j.out"),
        ("--hold=yes", .unexpectedValue, #"--hold takes no value (got "yes"); write just --hold"#),
        ("--requeue=1", .unexpectedValue, #"--requeue takes no value (got "1"); write just --requeue"#),
        ("-N 2 extra", .unexpectedValue, #"unexpected "extra": directives hold only options; quote a value that contains spaces"#),
        ("-J two words", .unexpectedValue, #"unexpected "words": directives hold only options; quote a value that contains spaces"#),
        ("-- -N 2", .unexpectedValue, #"unexpected "--": directives hold only options; put the command in the script body"#),
        ("--nodes=two", .invalidValue, #"--nodes "two": expected a whole number of nodes, at least 1 (e.g. --nodes 2)"#),
        ("-N 0", .invalidValue, #"-N "0": expected a whole number of nodes, at least 1 (e.g. -N 2)"#),
        ("--nodes=2-4", .unsupported,
         #"--nodes "2-4": aisched allocates a fixed number of nodes, not a range; give one count, e.g. --nodes 4"#),
        ("-c x", .invalidValue, #"-c "x": expected a whole number of CPUs, at least 1 (e.g. -c 4)"#),
        ("--ntasks-per-node=-1", .invalidValue,
         #"--ntasks-per-node "-1": expected a whole number of tasks, at least 1 (e.g. --ntasks-per-node 4)"#),
        ("-n 1.5", .invalidValue, #"-n "1.5": expected a whole number of tasks, at least 1 (e.g. -n 4)"#),
        ("--mem=16PB", .invalidValue,
         #"--mem "16PB": expected a whole number of megabytes, or a size with unit K, M, G or T (e.g. 64G or 64GB)"#),
        ("--mem-per-gpu=lots", .invalidValue,
         #"--mem-per-gpu "lots": expected a whole number of megabytes, or a size with unit K, M, G or T (e.g. 64G or 64GB)"#),
        ("--gres=gpu:a100:x", .invalidValue, #"--gres "gpu:a100:x": expected gpu[:MODEL][:COUNT], e.g. gpu:8 or gpu:a100:8"#),
        ("--gres=gpu:2,gpu:a100:2", .invalidValue, #"--gres "gpu:2,gpu:a100:2": expected a single gpu entry, e.g. gpu:a100:8"#),
        ("--gres=gpu:2,", .invalidValue, #"--gres "gpu:2,": expected comma-separated entries such as gpu:8, with none empty"#),
        ("--gpus-per-node=a100", .invalidValue, #"--gpus-per-node "a100": expected a GPU count or MODEL:COUNT, e.g. 8 or a100:8"#),
        ("-G eight", .invalidValue, #"-G "eight": expected a GPU count or MODEL:COUNT, e.g. 8 or a100:8"#),
        ("--exclusive=yes", .invalidValue, #"--exclusive "yes": expected --exclusive alone (or Slurm's --exclusive=user, mcs or topo)"#),
        ("--export=1BAD=x", .invalidValue,
         #"--export "1BAD=x": expected ALL, NONE or comma-separated NAME=value / NAME entries, e.g. ALL,WANDB_MODE=offline"#),
        ("--export=A=1,,B=2", .invalidValue,
         #"--export "A=1,,B=2": expected ALL, NONE or comma-separated NAME=value / NAME entries, e.g. ALL,WANDB_MODE=offline"#),
        ("\"--export=A='x\"", .invalidValue,
         #"--export "A='x": expected ALL, NONE or comma-separated NAME=value / NAME entries, e.g. ALL,WANDB_MODE=offline"#),
        ("--job-name=", .invalidValue, #"--job-name "": expected a non-empty value"#),
        ("-o ''", .invalidValue, #"-o "": expected a non-empty value"#),
        ("-J 'unterminated", .syntax, "unterminated ' quote; close it, or escape it with a backslash"),
        ("--mem=8G --mem-per-gpu=2G", .conflict,
         #"--mem-per-gpu "2G" conflicts with --mem "8G" on line 4; give only one of them"#),
        ("--gres=gpu:8 --gpus=8", .conflict, #"--gpus "8" conflicts with --gres "gpu:8" on line 4; give only one of them"#),
    ])
    func directiveErrorsNameTheLine(options: String, kind: BatchScriptError.Kind, message: String) {
        let line = "#SBATCH \(options)"
        let error = scriptError("#!/bin/bash\n#SBATCH -J ok\n# comment\n\(line)\nsrun x\n")
        #expect(error == BatchScriptError(kind, line: 4, lineText: line, message: message))
    }

    @Test func conflictAcrossLinesPointsAtTheEarlierLine() {
        let error = scriptError("#SBATCH --mem-per-cpu=1G -c 2\n\n#SBATCH --mem=8G\n")
        #expect(error?.description == #"line 3: --mem "8G" conflicts with --mem-per-cpu "1G" on line 1; give only one of them"#)
    }

    @Test func sameKindOfOptionAtDifferentLevelsIsNoConflict() throws {
        let job = try submission("#SBATCH --mem=8G -c 2\n#AISUBMIT --mem-per-cpu=1G\n")
        #expect(job.memoryMBPerNode == 2048)
    }

    /// Problems that show only once options are combined point at the option that cannot be honoured.
    @Test(arguments: [
        ("#SBATCH -N 3\n#SBATCH --gpus=8\n", 2, BatchScriptError.Kind.unsupported,
         #"--gpus "8": 8 GPUs do not divide evenly over 3 nodes (-N on line 1); use a multiple of 3, or --gpus-per-node"#),
        ("#SBATCH -N 2 -n 5\n", 1, .unsupported,
         #"-n "5": 5 tasks do not divide evenly over 2 nodes (-N on line 1); aisched gives every node the same share, so use a multiple of 2 or --ntasks-per-node"#),
        ("#SBATCH -N 2\n#SBATCH --ntasks=9 --ntasks-per-node=4\n", 2, .conflict,
         #"--ntasks "9": 9 tasks do not fit in 2 node(s) × 4 tasks per node; raise --nodes or --ntasks-per-node, or lower --ntasks"#),
        ("#SBATCH --mem-per-gpu=8G\n", 1, .conflict,
         #"--mem-per-gpu "8G": memory per GPU needs a GPU count: add --gres=gpu:N, --gpus-per-node=N or --gpus=N, or give memory per node with --mem"#),
        ("#SBATCH --gres=gpu:0 --mem-per-gpu=8G\n", 1, .conflict,
         #"--mem-per-gpu "8G": memory per GPU needs a GPU count: add --gres=gpu:N, --gpus-per-node=N or --gpus=N, or give memory per node with --mem"#),
        ("#SBATCH --mem-per-cpu=8G\n", 1, .conflict,
         #"--mem-per-cpu "8G": memory per CPU needs a CPU count: add --cpus-per-task and/or --ntasks-per-node, or give memory per node with --mem"#),
        ("#SBATCH -c 65536 --ntasks-per-node=65536\n", 1, .invalidValue,
         #"-c "65536": CPUs per task × tasks per node is too large"#),
        ("#SBATCH --mem-per-gpu=17592186044415T --gpus-per-node=2\n", 1, .invalidValue,
         #"--mem-per-gpu "17592186044415T": memory per node would not fit in 64 bits"#),
    ])
    func combinationErrors(script: String, line: Int, kind: BatchScriptError.Kind, message: String) {
        let error = scriptError(script)
        #expect(error?.kind == kind)
        #expect(error?.line == line)
        #expect(error?.message == message)
    }

    @Test func gpuTotalWithoutNodesImpliesOneNode() throws {
        var options = SubmitOptions()
        try options.apply(option: "--gpus", value: "7", source: .commandLine)
        let job = try options.toSubmission()
        #expect(job.nodes == 1)
        #expect(job.gpusPerNode == 7)
        try options.apply(option: "-N", value: "2", source: .commandLine)
        #expect(throws: BatchScriptError(.unsupported, line: nil, lineText: nil, message:
            #"--gpus "7": 7 GPUs do not divide evenly over 2 nodes (-N on the command line); use a multiple of 2, or --gpus-per-node"#)) {
            try options.toSubmission()
        }
    }

    @Test func crlfScriptsAreRejectedLikeSbatchDoes() {
        let error = scriptError("#!/bin/bash\r\n#SBATCH -N 2\r\n")
        #expect(error?.kind == .syntax)
        #expect(error?.line == 1)
        #expect(error?.lineText == "#!/bin/bash")
    }

    @Test func directivePrefixNeedsASpace() {
        let error = scriptError("#!/bin/sh\n#SBATCH--time=5\n")
        #expect(error?.description == "line 2: expected a space after #SBATCH, e.g. #SBATCH --time=1:00:00")
    }

    @Test func aisubmitDirectiveErrorsToo() {
        let error = scriptError("#AISUBMIT --time=soon\n")
        #expect(error?.line == 1)
        #expect(error?.lineText == "#AISUBMIT --time=soon")
    }

    @Test func diagnosticShowsTheLine() {
        let error = scriptError("#!/bin/sh\n#SBATCH --time=1:xx:00\n")
        #expect(error?.diagnostic == """
            line 2: --time "1:xx:00": expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (after the first field, hours 0-23, minutes and seconds 0-59), or UNLIMITED for no limit
                2 | #SBATCH --time=1:xx:00
            """)
    }
}
