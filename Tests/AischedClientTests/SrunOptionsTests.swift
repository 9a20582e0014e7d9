import Testing
@testable import AischedClient

/// aisched's srun reads srun's command line as Slurm does, up to the command; what it cannot honour it refuses,
/// every problem at once.
@Suite struct SrunOptionsTests {
    @Test(arguments: [
        (["hostname"], SrunOptions.with { $0.command = ["hostname"] }),
        (["-n", "4", "-N2", "--ntasks-per-node=2", "python", "-n", "3"], SrunOptions.with {
            $0.ntasks = 4; $0.nodes = 2; $0.ntasksPerNode = 2; $0.command = ["python", "-n", "3"]
        }),
        (["-l", "--cpus-per-task", "8", "--gpus-per-task=1", "--", "bash", "-c", "x"], SrunOptions.with {
            $0.label = true; $0.cpusPerTask = 8; $0.gpusPerTask = 1; $0.command = ["bash", "-c", "x"]
        }),
        (["-u", "--overlap", "--mpi=none", "--cpu-bind=cores", "--jobid=42", "true"], SrunOptions.with {
            $0.jobID = 42; $0.command = ["true"]
        }),
        (["--export=ALL,FOO=1", "env"], SrunOptions.with { $0.exportValues = ["FOO=1"]; $0.command = ["env"] }),
        (["--export=NONE", "env"], SrunOptions.with { $0.exportNames = []; $0.command = ["env"] }),
    ])
    func parses(words: [String], expected: SrunOptions) throws {
        #expect(try SrunOptions.parse(words) == expected)
    }

    @Test func everyProblemIsReportedAtOnceWithWhatToDo() {
        do throws(SrunOptionError) {
            _ = try SrunOptions.parse(["--pty", "-w", "dgx-01", "--mpi=pmix", "-n", "zero", "--frobnicate", "bash"])
            Issue.record("accepted")
        } catch {
            let lines = error.message.split(separator: "\n")
            #expect(lines.count == 5, "\(error.message)")
            #expect(error.message.contains("--pty"))
            #expect(error.message.contains("choose nodes at submit time"))
            #expect(error.message.contains("mpirun"))
            #expect(error.message.contains("positive whole number"))
            #expect(error.message.contains("--frobnicate is not an option"))
        }
    }

    @Test func aCommandIsRequired() {
        #expect(throws: SrunOptionError.self) { try SrunOptions.parse(["-n", "2"]) }
    }

    @Test func exportNoneKeepsSlurmsVariablesAndTheNamedOnes() throws {
        let options = try SrunOptions.parse(["--export=HOME,X=1", "env"])
        let environment = options.taskEnvironment(from: ["HOME": "/h", "PATH": "/bin", "SLURM_JOB_ID": "7", "AISCHED_TOKEN": "t"])
        #expect(environment == ["AISCHED_TOKEN=t", "HOME=/h", "SLURM_JOB_ID=7", "X=1"])
        let all = try SrunOptions.parse(["env"]).taskEnvironment(from: ["PATH": "/bin", "A": "b"])
        #expect(all == ["A=b", "PATH=/bin"])
    }
}

extension SrunOptions {
    static func with(_ change: (inout SrunOptions) -> Void) -> SrunOptions {
        var options = SrunOptions()
        change(&options)
        return options
    }
}
