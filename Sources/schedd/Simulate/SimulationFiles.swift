import ArgumentParser
import Foundation
import HardwareDiscovery
import SchedulerCore
import Simulation

/// The file side of `schedd simulate`: reads (and gunzips) what the pure Simulation library parses.
enum SimulationFiles {
    /// A file's text; `.gz` files go through `/usr/bin/gzip -dc`, so no zlib is linked.
    static func text(_ path: String) throws -> String {
        guard path.hasSuffix(".gz") else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        gzip.arguments = ["-dc", path]
        let output = Pipe()
        gzip.standardOutput = output
        gzip.standardError = FileHandle.nullDevice
        try gzip.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        gzip.waitUntilExit()
        guard gzip.terminationStatus == 0 else { throw ValidationError("cannot gunzip \(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// A JSON cluster file (`ClusterFile`, topology paths relative to it), else an Alibaba node list CSV.
    static func cluster(_ path: String) throws -> ClusterSpec {
        guard path.hasSuffix(".json") else { return try AlibabaNodeListReader().read(text(path)) }
        let file: ClusterFile
        do {
            file = try JSONDecoder().decode(ClusterFile.self, from: Data(text(path).utf8))
        } catch {
            throw SimulationError("\(path) is not a valid cluster file: \(error)")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        var topologies: [String: NodeTopology] = [:]
        for relative in file.topologyPaths {
            let full = relative.hasPrefix("/") ? relative : base.appendingPathComponent(relative).path
            let declared = try TopologyFile.load(path: full)
            guard let topology = NodeTopology(hardware: declared.topology) else {
                throw SimulationError("\(full) describes no usable CPU")
            }
            topologies[relative] = topology
        }
        return try file.resolve(topologies: topologies)
    }

    static func teamMap(_ path: String?) throws -> TeamMap {
        guard let path else { return .equalShares }
        do {
            return try JSONDecoder().decode(TeamMap.self, from: Data(text(path).utf8))
        } catch let error as ValidationError {
            throw error
        } catch {
            throw SimulationError("\(path) is not a valid team mapping: \(error)")
        }
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// `out.csv` → `out-fifo.csv` when several policies each write one.
    static func path(_ path: String, for policy: SimulationPolicy, several: Bool) -> String {
        guard several else { return path }
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let stem = url.deletingPathExtension().path
        return stem + "-" + policy.rawValue + (ext.isEmpty ? "" : "." + ext)
    }
}
