import Foundation
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
        (["--nodes=1", "--ntasks=1", "-w", "dgx-[01-02]", "hostname"], SrunOptions.with {
            $0.nodes = 1; $0.ntasks = 1; $0.nodeList = ["dgx-01", "dgx-02"]; $0.command = ["hostname"]
        }),
        (["-K", "--wait=30", "-m", "block:block", "--gres-flags=allow-task-sharing", "python"], SrunOptions.with {
            $0.killOnBadExit = true; $0.waitSeconds = 30; $0.command = ["python"]
        }),
        (["--kill-on-bad-exit=0", "-wdgx-03", "true"], SrunOptions.with { $0.nodeList = ["dgx-03"]; $0.command = ["true"] }),
    ])
    func parses(words: [String], expected: SrunOptions) throws {
        #expect(try SrunOptions.parse(words) == expected)
    }

    @Test func everyProblemIsReportedAtOnceWithWhatToDo() {
        do throws(SrunOptionError) {
            _ = try SrunOptions.parse(["--pty", "-x", "dgx-01", "--mpi=pmix", "-n", "zero", "--frobnicate", "bash"])
            Issue.record("accepted")
        } catch {
            let lines = error.message.split(separator: "\n")
            #expect(lines.count == 5, "\(error.message)")
            #expect(error.message.contains("--pty"))
            #expect(error.message.contains("name the step's nodes with -w"))
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

/// Every `srun` line of the real scripts in the corpus is either read or refused with what to do instead: none meets an
/// option aisched's srun does not know. (Values that are shell variables cannot be judged here and may be refused.)
@Suite struct SrunCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/slurm-scripts")

    /// The words after `srun` on each logical line (continuations joined) where srun is the command.
    static func srunLines() throws -> [(file: String, words: [String])] {
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".sh") }.sorted()
        var lines: [(String, [String])] = []
        for file in files {
            let text = try String(contentsOf: corpus.appendingPathComponent(file), encoding: .utf8)
                .replacingOccurrences(of: "\\\n", with: " ")
            for line in text.split(separator: "\n") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard let at = words.firstIndex(where: { $0 == "srun" || $0.hasSuffix("=$(srun") || $0 == "$(srun" }),
                      !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") else { continue }
                lines.append((file, Array(words[(at + 1)...])))
            }
        }
        return lines
    }

    @Test func noSrunOptionInTheCorpusIsUnknown() throws {
        let lines = try Self.srunLines()
        #expect(lines.count >= 20, "the corpus has many srun lines")
        for (file, words) in lines {
            do throws(SrunOptionError) {
                _ = try SrunOptions.parse(words)
            } catch {
                #expect(!error.message.contains("is not an option aisched's srun knows"), "\(file): \(error.message)")
            }
        }
    }
}

extension SrunOptions {
    static func with(_ change: (inout SrunOptions) -> Void) -> SrunOptions {
        var options = SrunOptions()
        change(&options)
        return options
    }
}
