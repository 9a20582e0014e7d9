import ArgumentParser
import Foundation
import Testing
@testable import NodeAgent
@testable import aisubmit
@testable import schedbench
@testable import schedd

/// The documentation cannot drift from the command definitions: every `aisubmit`, `schedd`, `nodeagent` and
/// `schedbench` command line in a code block of README.md or docs/*.md is parsed (and validated) by the real
/// command types, exactly as the executable would parse it, without running it.
@Suite struct DocumentedCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let markdownFiles: [String] = {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("docs").path)) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }()

    static let commands: [DocumentedCommand] = markdownFiles.flatMap { file in
        let text = (try? String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)) ?? ""
        return DocumentedCommands.extract(markdown: text, file: file)
    }

    @Test func theDocumentationShowsCommands() {
        // A floor, so that a broken extractor cannot pass by finding nothing.
        #expect(Self.commands.count >= 40, "found only \(Self.commands.count) documented command lines")
        for executable in DocumentedCommands.executables {
            #expect(Self.commands.contains { $0.executable == executable }, "no documented \(executable) command")
        }
    }

    @Test(arguments: DocumentedCommandTests.commands)
    func parses(_ command: DocumentedCommand) {
        if let problem = Self.parseProblem(command) {
            Issue.record("\(command)\n  does not parse: \(problem)")
        }
    }

    /// nil when the arguments parse; otherwise the message the executable would print.
    static func parseProblem(_ command: DocumentedCommand) -> String? {
        switch command.executable {
        case "aisubmit": return problem(AISubmit.self, command.arguments)
        case "schedd": return problem(ScheddCommand.self, command.arguments)
        case "nodeagent": return problem(NodeAgentCommand.self, command.arguments)
        case "schedbench": return problem(SchedBench.self, command.arguments)
        default: return "not one of our executables"
        }
    }

    static func problem<Root: ParsableCommand>(_ root: Root.Type, _ arguments: [String]) -> String? {
        do {
            _ = try root.parseAsRoot(arguments)
            return nil
        } catch {
            // --help and --version are requests, not errors.
            return root.exitCode(for: error) == .success ? nil : root.message(for: error)
        }
    }

    /// A command that does not exist is caught: the check is not vacuous.
    @Test func aMisspelledCommandIsCaught() {
        let wrong = DocumentedCommand(file: "x", line: 1, executable: "nodeagent", arguments: ["discover-command", "--json"])
        #expect(Self.parseProblem(wrong) != nil)
        let misspelledOption = DocumentedCommand(file: "x", line: 1, executable: "aisubmit", arguments: ["queue", "--strat"])
        #expect(Self.parseProblem(misspelledOption) != nil)
        let right = DocumentedCommand(file: "x", line: 1, executable: "nodeagent", arguments: ["discover", "--json"])
        #expect(Self.parseProblem(right) == nil)
    }
}

/// The extractor itself, on the shapes the documentation uses.
@Suite struct DocumentedCommandExtractionTests {
    @Test(arguments: [
        ("aisubmit queue --start   # a comment", "aisubmit", ["queue", "--start"]),
        ("$ aisubmit show 42", "aisubmit", ["show", "42"]),
        ("AISCHED_SERVER=h:1 aisubmit queue", "aisubmit", ["queue"]),
        ("time .build/release/schedd simulate --trace $T/x.csv.gz --json > /dev/null", "schedd",
         ["simulate", "--trace", "$T/x.csv.gz", "--json"]),
        ("swift run -c release schedbench core-cycle --nodes 2000", "schedbench", ["core-cycle", "--nodes", "2000"]),
        (#"aisubmit admin scheme create innohk --display-name "InnoHK clusters" --shares 20"#, "aisubmit",
         ["admin", "scheme", "create", "innohk", "--display-name", "InnoHK clusters", "--shares", "20"]),
        ("schedd simulate --trace t 2>err.txt | tail -3", "schedd", ["simulate", "--trace", "t"]),
        ("aisubmit submit -- python 'a b' && echo done", "aisubmit", ["submit", "--", "python", "a b"]),
    ] as [(String, String, [String])])
    func splitsLikeTheShell(line: String, executable: String, arguments: [String]) throws {
        let command = try #require(DocumentedCommands.command(in: line))
        #expect(command.0 == executable)
        #expect(command.1 == arguments)
    }

    @Test func joinsContinuationsAndSkipsOtherBlocksSynopsesAndDiagrams() {
        let markdown = """
            Some prose with `aisubmit queue` inline.
            ```sh
            aisubmit submit --gpus-per-node 4 \\
                --time 1:00:00 job.sh
            schedd simulate --trace FILE [--compare]
            echo aisubmit
            ```
            ```
            aisubmit ──RPC──┐
            ```
            ```proto
            schedd queue
            ```
            """
        let commands = DocumentedCommands.extract(markdown: markdown, file: "t.md")
        #expect(commands.count == 1)
        #expect(commands.first?.arguments == ["submit", "--gpus-per-node", "4", "--time", "1:00:00", "job.sh"])
        #expect(commands.first?.line == 3)
    }

    @Test func otherProgramsAndPathsAreNotOurs() {
        #expect(DocumentedCommands.command(in: "swift build -c release") == nil)
        #expect(DocumentedCommands.command(in: "/usr/bin/schedd-like --x") == nil)
        #expect(DocumentedCommands.command(in: "scripts/local-centre.sh") == nil)
    }
}
