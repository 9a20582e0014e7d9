import Foundation

/// Read-only access to a Linux `/sys` + `/proc` tree below a root directory.
///
/// Like hwloc's HWLOC_FSROOT, every path is resolved below `root`, so the same code
/// reads the live machine (`"/"`) and a dump unpacked anywhere.
struct RootedFileSystem: Sendable {
    let root: String

    init(root: String) {
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed.isEmpty ? "/" : trimmed
    }

    /// Absolute path of `relative` (which may start with "/") below the root.
    func path(_ relative: String) -> String {
        let tail = relative.drop(while: { $0 == "/" })
        return root == "/" ? "/" + tail : root + "/" + tail
    }

    /// Whole file content, or nil when missing or unreadable.
    ///
    /// Reads to EOF instead of trusting the file size: sysfs reports 4096 and procfs 0.
    func read(_ relative: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path(relative)) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return "" }
        // Dumps made by hwloc-gather-topology may keep a trailing NUL; C readers stop there.
        return String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative))
    }

    func isDirectory(_ relative: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path(relative), isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Entry names of a directory (following a symlinked directory), sorted; empty when missing.
    func list(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []).sorted()
    }

    /// First integer of a file such as `numa_node` or `core_id`.
    func readInt(_ relative: String) -> Int? {
        guard let text = read(relative) else { return nil }
        return Int(text.trimmingWhitespace())
    }

    /// A cpulist file; nil when missing, an error naming the file when unparsable.
    func readCPUList(_ relative: String) throws(DiscoveryError) -> CPUList? {
        guard let text = read(relative) else { return nil }
        do {
            return try CPUList(parsing: text)
        } catch {
            throw DiscoveryError.malformedFile(path: path(relative), reason: error.description)
        }
    }

    /// A hexadecimal CPU mask file; nil when missing, an error naming the file when unparsable.
    func readCPUMask(_ relative: String) throws(DiscoveryError) -> CPUList? {
        guard let text = read(relative) else { return nil }
        do {
            return try CPUList(parsingMask: text)
        } catch {
            throw DiscoveryError.malformedFile(path: path(relative), reason: error.description)
        }
    }

    /// The `*_list` form when present, else the mask form: old kernels only have masks.
    func readCPUs(list listFile: String, mask maskFile: String) throws(DiscoveryError) -> CPUList? {
        if let list = try readCPUList(listFile) { return list }
        return try readCPUMask(maskFile)
    }
}
