import Foundation

/// Locates the real traces kept in the repository (`$AISCHED_TRACES`, else `<package root>/data/traces`) and gunzips
/// them the way the schedd command does (`/usr/bin/gzip -dc`).
enum RealTraces {
    static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["AISCHED_TRACES"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let testFile = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let packageRoot = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("data/traces")
    }()

    /// The first `lines` lines of a trace file (all of them when nil).
    static func text(_ relativePath: String, lines: Int? = nil) throws -> String {
        let path = root.appendingPathComponent(relativePath).path
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        gzip.arguments = ["-dc", path]
        let pipe = Pipe()
        gzip.standardOutput = pipe
        try gzip.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        gzip.waitUntilExit()
        guard gzip.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        let text = String(decoding: data, as: UTF8.self)
        guard let lines else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines).joined(separator: "\n")
    }
}
