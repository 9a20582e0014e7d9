import Foundation

/// A directory under the system temporary directory, removed by `remove()`.
struct TempDirectory {
    let path: String

    init(_ label: String) throws {
        let name = "schedbench-\(label)-\(UUID().uuidString.prefix(8))"
        path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The file system the temporary directory is on, for reports ("ext4 /tmp"): fsync cost depends on it.
enum TempDirectoryInfo {
    static func describe() -> String {
        let tmp = FileManager.default.temporaryDirectory.path
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return tmp }
        var best: (mountPoint: String, type: String) = ("", "?")
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mountPoint = String(fields[1])
            let covers = tmp == mountPoint || tmp.hasPrefix(mountPoint == "/" ? "/" : mountPoint + "/")
            if covers, mountPoint.count >= best.mountPoint.count { best = (mountPoint, String(fields[2])) }
        }
        return "\(best.type) (\(tmp))"
    }
}
