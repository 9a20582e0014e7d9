import Foundation
import Glibc

/// Finds a part's shepherd among the node's processes by its command line (`nodeagent exec-job SPEC`): after a
/// restart the agent has no other handle on it (it is no longer the agent's child). The wrapper that becomes the
/// job (`exec-job --become SPEC`) is not a shepherd and is skipped.
enum ShepherdProcess {
    static func find(spec: String) -> Int32? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        return entries.lazy.compactMap(Int32.init).first { isShepherd($0, spec: spec) }
    }

    /// Whether `pid` is still the shepherd of `spec` (not gone, and not a new process that took its pid).
    static func isShepherd(_ pid: Int32, spec: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let arguments = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let args = arguments.last == "" ? Array(arguments.dropLast()) : arguments
        guard args.count >= 3, args[args.count - 1] == spec, args[args.count - 2] == "exec-job" else { return false }
        // A zombie (ended, not yet reaped by its new parent) has an empty command line, so it never matches.
        return true
    }
}
