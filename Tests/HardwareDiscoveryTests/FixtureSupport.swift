import Foundation

/// Locates the real hardware dumps kept in the repository: `$AISCHED_FIXTURES`, else `<package root>/Tests/Fixtures`.
enum Fixtures {
    static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["AISCHED_FIXTURES"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.appendingPathComponent("Tests/Fixtures")
    }()

    static var hwloc: URL { root.appendingPathComponent("hwloc-sysfs") }
    static var nvidia: URL { root.appendingPathComponent("nvidia") }

    /// Symlinks resolved: the package may be built through a symlinked source tree.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func nvidiaText(_ name: String) throws -> String {
        try String(contentsOf: nvidia.appendingPathComponent(name), encoding: .utf8)
    }

    /// Names in a fixtures folder with a suffix, sorted; empty when the folder is missing
    /// (a separate test fails loudly in that case).
    static func files(in folder: URL, suffix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// Where dumps are unpacked: tmpfs when available, because creating the ~100,000 small
    /// files of all dumps on a disk-backed /tmp takes longer than the whole test budget.
    /// `AISCHED_TEST_SCRATCH` overrides.
    static let scratch: URL = {
        if let override = ProcessInfo.processInfo.environment["AISCHED_TEST_SCRATCH"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let shm = "/dev/shm"
        return FileManager.default.isWritableFile(atPath: shm) ? URL(fileURLWithPath: shm) : FileManager.default.temporaryDirectory
    }()

    /// Unpacks a `.tar.bz2` into a fresh temporary directory and returns that directory.
    static func extract(_ tarball: URL) throws -> URL {
        let destination = scratch.appendingPathComponent("hwdisc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Per-CPU cache/idle/frequency trees are most of a dump's files and are never read.
        let unread = ["cache", "cpuidle", "cpufreq", "microcode", "thermal_throttle", "crash_notes"]
        tar.arguments = ["tar", "xjf", tarball.path, "-C", destination.path]
            + unread.map { "--exclude=*/devices/system/cpu/cpu*/\($0)" }
        tar.standardError = FileHandle.nullDevice
        try tar.run()
        tar.waitUntilExit()
        guard tar.terminationStatus == 0 else {
            throw FixtureError.extraction("tar xjf \(tarball.lastPathComponent) exited with \(tar.terminationStatus)")
        }
        return destination
    }

    /// The single folder a dump unpacks to (not always named after the tarball).
    static func fsRoot(in directory: URL) throws -> URL {
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }
        guard entries.count == 1 else { throw FixtureError.extraction("expected one folder in the dump, found \(entries)") }
        return directory.appendingPathComponent(entries[0])
    }
}

enum FixtureError: Error, CustomStringConvertible {
    case extraction(String)
    case expectedOutput(String)

    var description: String {
        switch self {
        case .extraction(let text), .expectedOutput(let text): return text
        }
    }
}

/// One hwloc `.test` descriptor: which tarball, which expected output, with what options.
struct HwlocTestDescriptor: Sendable {
    var name: String
    var source: String
    var target: String
    var options: String
    var environment: [String: String]

    static func load(_ url: URL) throws -> HwlocTestDescriptor {
        let text = try String(contentsOf: url, encoding: .utf8)
        var fields: [String: String] = [:]
        var environment: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if key == "env" {
                guard !value.hasPrefix("export"), let equals = value.firstIndex(of: "=") else { continue }
                let variable = String(value[..<equals])
                environment[variable] = value[value.index(after: equals)...].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            } else {
                fields[key] = value
            }
        }
        return HwlocTestDescriptor(name: url.deletingPathExtension().lastPathComponent,
                                   source: fields["source"] ?? "", target: fields["target"] ?? "",
                                   options: fields["options"] ?? "", environment: environment)
    }

    /// PCI buses whose locality HWLOC_PCI_LOCALITY overrides (`0000:00-09 <cpuset>;...`).
    var pciLocalityOverrides: [(domain: UInt32, buses: ClosedRange<Int>)] {
        guard let value = environment["HWLOC_PCI_LOCALITY"] else { return [] }
        return value.split(separator: ";").compactMap { entry in
            let words = entry.split(separator: " ")
            guard let location = words.first, !location.hasPrefix("#") else { return nil }
            let parts = location.split(separator: ":")
            guard parts.count == 2, let domain = UInt32(parts[0], radix: 16) else { return nil }
            let buses = parts[1].split(separator: "-").compactMap { Int($0, radix: 16) }
            guard let low = buses.first, let high = buses.last else { return nil }
            return (domain, low...high)
        }
    }
}
