import Foundation

/// What the figures were measured on, printed at the top of every report.
enum MachineInfo {
    static func describe() -> String {
        let cpu = cpuModel() ?? "unknown CPU"
        let memory = memTotalGiB().map { Format.fixed($0, 1) + " GiB" } ?? "unknown RAM"
        return "machine: \(ProcessInfo.processInfo.activeProcessorCount) CPUs (\(cpu)), \(memory); "
            + "load average \(loadAverage() ?? "?")"
    }

    /// The 1, 5 and 15 minute load averages, as /proc/loadavg prints them.
    static func loadAverage() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func cpuModel() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line?.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces)
    }

    static func memTotalGiB() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
              let kib = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kib / 1024 / 1024
    }
}
