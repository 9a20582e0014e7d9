import Foundation

/// A declared topology: a JSON file saying "this node has this hardware".
///
/// Used by simulation, tests and the demo centre to give a node hardware it does not
/// have, and by operators to pin what a node advertises. The schema is `HardwareTopology`
/// wrapped with a name; derived fields may be omitted (see `HardwareTopology.init(from:)`).
public struct TopologyFile: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// Short identifier, e.g. `dgx-h100`.
    public var name: String
    public var description: String?
    public var topology: HardwareTopology

    public init(name: String, description: String? = nil, topology: HardwareTopology) {
        schemaVersion = TopologyFile.currentSchemaVersion
        self.name = name
        self.description = description
        self.topology = topology
    }

    /// Reads and validates a file; errors name the file and every inconsistency found.
    public static func load(path: String) throws(DiscoveryError) -> TopologyFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiscoveryError.unreadableFile(path: path, reason: "missing or not readable")
        }
        return try decode(data, path: path)
    }

    /// Decodes and validates JSON; `path` only labels error messages.
    public static func decode(_ data: Data, path: String = "<data>") throws(DiscoveryError) -> TopologyFile {
        let file: TopologyFile
        do {
            file = try JSONDecoder().decode(TopologyFile.self, from: data)
        } catch let error as DecodingError {
            throw DiscoveryError.invalidTopologyFile(path: path, reason: describe(error))
        } catch {
            throw DiscoveryError.invalidTopologyFile(path: path, reason: "\(error)")
        }
        guard file.schemaVersion <= currentSchemaVersion else {
            throw DiscoveryError.invalidTopologyFile(path: path, reason: "schemaVersion \(file.schemaVersion) is newer than supported \(currentSchemaVersion)")
        }
        let problems = file.topology.validationProblems()
        guard problems.isEmpty else {
            throw DiscoveryError.invalidTopologyFile(path: path, reason: problems.joined(separator: "; "))
        }
        return file
    }

    /// Pretty-printed JSON with sorted keys, so files diff cleanly.
    public func encoded() throws(DiscoveryError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            throw DiscoveryError.invalidTopologyFile(path: name, reason: "cannot encode: \(error)")
        }
    }

    public func save(path: String) throws(DiscoveryError) {
        let data = try encoded() + Data("\n".utf8)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DiscoveryError.unwritableFile(path: path, reason: error.localizedDescription)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func location(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? "" : " at \(path)"
        }
        switch error {
        case let .keyNotFound(key, context): return "missing key \"\(key.stringValue)\"\(location(context))"
        case let .typeMismatch(type, context): return "expected \(type)\(location(context)): \(context.debugDescription)"
        case let .valueNotFound(type, context): return "missing \(type) value\(location(context))"
        case let .dataCorrupted(context): return "\(context.debugDescription)\(location(context))"
        @unknown default: return "\(error)"
        }
    }
}
