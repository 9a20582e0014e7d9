import Foundation

/// Resident memory of a process, from /proc/<pid>/status (Linux).
struct ProcessMemory {
    /// Current resident set (VmRSS), KiB.
    var rssKiB: Double
    /// Peak resident set since start or the last `resetPeak()` (VmHWM), KiB.
    var peakKiB: Double

    /// This process, or another by pid. nil where /proc is unavailable.
    static func read(pid: Int32? = nil) -> ProcessMemory? {
        let path = "/proc/\(pid.map(String.init) ?? "self")/status"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var rss: Double?
        var peak: Double?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("VmRSS:") { rss = kib(line) }
            if line.hasPrefix("VmHWM:") { peak = kib(line) }
        }
        guard let rss, let peak else { return nil }
        return ProcessMemory(rssKiB: rss, peakKiB: peak)
    }

    /// Resets this process's VmHWM to its current RSS (writes 5 to /proc/self/clear_refs, Linux ≥ 4.0).
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// Asks glibc to give freed heap pages back to the kernel (`malloc_trim(0)`), where it is available.
    static func trimHeap() {
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }

    private static func kib(_ line: Substring) -> Double? {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Double($0) }
    }
}
