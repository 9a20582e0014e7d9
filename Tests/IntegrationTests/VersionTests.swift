import Foundation
import Testing

/// `--version` on every executable names the VERSION file and the git commit the binary was built from.
@Suite struct VersionTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["schedd", "nodeagent", "aisubmit", "schedbench"])
    func printsVersionAndCommit(tool: String) throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        let result = try centre.run(tool, ["--version"])
        #expect(result.status == 0, "\(tool) --version: \(result.stderr)")
        let version = try String(contentsOf: Self.packageRoot.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result.stdout.hasPrefix("\(tool) \(version) (commit "), "got: \(result.stdout)")
        if let head = Self.gitHead() {
            #expect(result.stdout.contains("(commit \(head)"), "built from \(head), says: \(result.stdout)")
        }
    }

    /// The checkout's commit (12 hex digits), or nil outside a git checkout.
    static func gitHead() -> String? {
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", packageRoot.path, "rev-parse", "--short=12", "HEAD"]
        let out = Pipe()
        git.standardOutput = out
        git.standardError = FileHandle.nullDevice
        guard (try? git.run()) != nil else { return nil }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        git.waitUntilExit()
        return git.terminationStatus == 0 ? text.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }
}
