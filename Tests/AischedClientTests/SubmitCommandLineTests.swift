import Testing
import SchedulerProtocol
@testable import AischedClient

@Suite("aisubmit submit command line")
struct SubmitCommandLineTests {
    @Test func optionsStopAtTheScriptName() throws {
        let cli = try SubmitCommandLine.parse(["-N", "2", "--time=10", "train.sh", "--nodes=9", "-x"])
        #expect(cli.options.nodes == 2)
        #expect(cli.options.timeLimitSeconds == 600)
        #expect(cli.positional == ["train.sh", "--nodes=9", "-x"])
        #expect(!cli.positionalAfterDoubleDash)
    }

    @Test func doubleDashIntroducesACommand() throws {
        let cli = try SubmitCommandLine.parse(["-G", "a100:2", "-J", "probe", "--", "nvidia-smi", "-L"])
        #expect(cli.positional == ["nvidia-smi", "-L"])
        #expect(cli.positionalAfterDoubleDash)
        let prepared = try cli.prepareCommand(context: SubmissionContext(currentDirectory: "/w"))
        #expect(prepared.submission == JobSubmission.with {
            $0.name = "probe"; $0.argv = ["nvidia-smi", "-L"]; $0.workdir = "/w"; $0.submitDirectory = "/w"
            $0.gpusPerNode = 2; $0.gpuModel = "a100"; $0.nodes = 1
        })
    }

    @Test func commandNameIsTheDefaultJobName() throws {
        let cli = try SubmitCommandLine.parse(["--", "/usr/bin/python3", "x.py"])
        #expect(try cli.prepareCommand().submission.name == "python3")
    }

    @Test func connectionFlagsAndHelp() throws {
        let cli = try SubmitCommandLine.parse(["--server", "[::1]:7200", "--token-file=/t", "--token", "abc", "-h"])
        #expect(cli.connection == ConnectionFlags(server: "[::1]:7200", token: "abc", tokenFile: "/t"))
        #expect(cli.helpRequested)
        #expect(cli.positional.isEmpty)
        #expect(throws: BatchScriptError.self) { try SubmitCommandLine.parse(["--help=yes"]) }
    }

    @Test func bundledShortFlagsAndAttachedValues() throws {
        let cli = try SubmitCommandLine.parse(["-Hh", "-N2", "-t1:00:00", "-Gh100:8", "x.sh"])
        #expect(cli.options.hold == true)
        #expect(cli.helpRequested)
        #expect(cli.options.nodes == 2)
        #expect(cli.options.timeLimitSeconds == 3600)
        #expect(cli.options.gpus == GPURequest(count: 8, model: "h100", scope: .total))
    }

    @Test func aValueMayStartWithADash() throws {
        // As with getopt, a required value is the next word whatever it looks like…
        let cli = try SubmitCommandLine.parse(["-J", "-weird-", "--comment", "-x", "x.sh"])
        #expect(cli.options.jobName == "-weird-")
        // …except a known long option, which almost always means the value was forgotten.
        #expect(throws: BatchScriptError(.missingValue, line: nil, lineText: nil,
                                         message: "-J needs a value, e.g. --job-name=train")) {
            try SubmitCommandLine.parse(["-J", "--hold", "x.sh"])
        }
    }

    @Test func commandLineErrorsHaveNoLine() {
        #expect(throws: BatchScriptError(.invalidValue, line: nil, lineText: nil,
                                         message: #"--time "1:xx:00": expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (after the first field, hours 0-23, minutes and seconds 0-59), or UNLIMITED for no limit"#)) {
            try SubmitCommandLine.parse(["--time", "1:xx:00", "x.sh"])
        }
        do {
            _ = try SubmitCommandLine.parse(["--bogus"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description == error.message)
            #expect(error.diagnostic == error.message)
        }
    }

    @Test func warningsFromTheCommandLineHaveNoLine() throws {
        let script = "#!/bin/sh\n#SBATCH --exclusive=user\n"
        let cli = try SubmitCommandLine.parse(["--exclusive=mcs", "job.sh", "arg"])
        let prepared = try cli.prepareScript(text: script)
        #expect(prepared.warnings.map(\.description) == [
            "--exclusive=mcs is treated as plain --exclusive: the job gets whole nodes",
            "line 2: --exclusive=user is treated as plain --exclusive: the job gets whole nodes",
        ])
        #expect(prepared.submission.argv == ["arg"])
        #expect(prepared.submission.name == "job.sh")
        #expect(prepared.submission.script == script)
    }

    /// The full path aisubmit takes: flags over `#AISUBMIT` over `#SBATCH`.
    @Test func threeLevelPrecedence() throws {
        let script = """
            #!/bin/bash
            #SBATCH -J from-sbatch -t 10 -q low -A slurm-acct --mem=1G
            #AISUBMIT -J from-aisubmit -t 20 -q mid
            python train.py
            """
        let cli = try SubmitCommandLine.parse(["-J", "from-flags", "run.sh"])
        let job = try cli.prepareScript(text: script).submission
        #expect(job.name == "from-flags")
        #expect(job.timeLimitSeconds == 1200)
        #expect(job.qos == "mid")
        #expect(job.project == "slurm-acct")
        #expect(job.memoryMBPerNode == 1024)
    }
}
