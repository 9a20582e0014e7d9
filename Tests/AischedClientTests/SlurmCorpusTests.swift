import Foundation
import SchedulerProtocol
import Testing
@testable import AischedClient

/// Real public Slurm scripts (Tests/Fixtures/slurm-scripts, with their sources) read by aisubmit's batch-script
/// reader. `EXPECTED.tsv` beside them holds, per script, what aisched makes of it: the per-node shape and task
/// split it would submit, or every refusal with its line, plus the warnings it prints. A change in how any real
/// script is read shows up as a difference here, to be checked against Slurm's rules (docs/SLURM.md) before the
/// expectation is updated (`AISCHED_UPDATE_CORPUS=1 swift test --filter SlurmCorpusTests` rewrites it).
@Suite struct SlurmCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/slurm-scripts")

    static let scripts: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".sh") }.sorted()

    /// One line of EXPECTED.tsv for a script: `file<TAB>outcome<TAB>warnings`.
    static func outcome(of file: String) throws -> String {
        switch try read(file) {
        case .success(let prepared):
            let s = prepared.submission
            var shape = "N=\(s.nodes) cpus/node=\(s.cpusPerNode) gpus/node=\(s.gpusPerNode)"
            if !s.gpuModel.isEmpty { shape += " model=\(s.gpuModel)" }
            shape += " mem=\(s.memoryMBPerNode) n=\(s.tasks) tasks/node=\(s.tasksPerNode) c=\(s.cpusPerTask)"
            shape += " gpus/task=\(s.gpusPerTask) time=\(s.timeLimitSeconds)"
            if s.exclusive { shape += " exclusive" }
            if s.allMemory { shape += " mem=all" }
            if s.wholeCores { shape += " whole-cores" }
            if s.requeue != 0 { shape += s.requeue == 1 ? " requeue" : " no-requeue" }
            if !s.partitions.isEmpty { shape += " p=" + s.partitions.joined(separator: ",") }
            if !s.constraint.isEmpty { shape += " C=\(s.constraint)" }
            if !s.signal.isEmpty { shape += " signal=\(s.signal)" }
            if !s.mailType.isEmpty { shape += " mail=\(s.mailType)" }
            if !s.mailUser.isEmpty { shape += " mail-user=\(s.mailUser)" }
            if let array = prepared.array { shape += " array=\(array)" }
            let warnings = prepared.warnings.map(\.description).joined(separator: " | ")
            return [file, "ok " + shape, warnings].joined(separator: "\t")
        case .failure(let error):
            let problems = error.all.map { "line \($0.line.map(String.init) ?? "-") \($0.kind): \($0.message)" }
            return [file, "refused " + problems.joined(separator: " | "), ""].joined(separator: "\t")
        }
    }

    /// The script as aisubmit reads it, submitted from /home/user/run on login1.
    static func read(_ file: String) throws -> Result<PreparedSubmission, BatchScriptError> {
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        let context = SubmissionContext(environment: [:], currentDirectory: "/home/user/run", hostName: "login1")
        return Result { () throws(BatchScriptError) in
            try BatchScript(parsing: text).prepare(scriptName: file, context: context)
        }
    }

    @Test func theCorpusIsHere() {
        #expect(Self.scripts.count >= 40, "found \(Self.scripts.count) scripts in \(Self.folder.path)")
    }

    @Test func everyScriptIsReadAsExpected() throws {
        let expectedURL = Self.folder.appendingPathComponent("EXPECTED.tsv")
        let actual = try Self.scripts.map(Self.outcome(of:)).joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["AISCHED_UPDATE_CORPUS"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        let expectedLines = expected.split(separator: "\n").map(String.init)
        let actualLines = actual.split(separator: "\n").map(String.init)
        #expect(expectedLines.count == actualLines.count)
        for (wanted, got) in zip(expectedLines, actualLines) where wanted != got {
            Issue.record("expected:\n  \(wanted)\ngot:\n  \(got)")
        }
    }

    /// A refusal always says what to do instead, and an unknown option never hides a known one.
    @Test func refusalsSayWhatToDo() throws {
        for file in Self.scripts {
            guard case .failure(let error) = try Self.read(file) else { continue }
            for problem in error.all where problem.kind == .unsupported {
                let actionable = ["remove", "instead", "ask for", "use ", "give ", "submit"].contains {
                    problem.message.contains($0)
                }
                #expect(actionable, "\(file): \(problem.description)")
            }
        }
    }
}
