import Foundation
import SchedulerProtocol

/// An audit entry; `before` and `after` are the server's JSON objects embedded as JSON (null: did not exist).
public struct AuditEntryJSON: Encodable {
    public let seq: UInt64
    public let time: String?
    public let actor: String
    public let action: String
    public let subject: String
    public let before: JSONValue?
    public let after: JSONValue?

    public init(_ e: AuditEntryInfo) {
        seq = e.seq
        time = JobJSON.time(e.atMs)
        actor = e.actor
        action = e.action
        subject = e.subject
        before = JSONValue.parse(e.before)
        after = JSONValue.parse(e.after)
    }

    enum CodingKeys: String, CodingKey { case seq, time, actor, action, subject, before, after }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(time, forKey: .time)
        try c.encode(actor, forKey: .actor)
        try c.encode(action, forKey: .action)
        try c.encode(subject, forKey: .subject)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
    }
}

/// Any JSON value, to carry the audit log's JSON text through to `--json` output (and to compare fields in text).
public enum JSONValue: Codable, Equatable {
    case string(String), number(Double), bool(Bool), null
    case array([JSONValue]), object([String: JSONValue])

    /// nil for "" (the entity did not exist); text that is not JSON is kept as a string, not dropped.
    public static func parse(_ text: String) -> JSONValue? {
        guard !text.isEmpty else { return nil }
        return (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .string(text)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSONValue].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let v): try c.encode(v)
        case .number(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .null: try c.encodeNil()
        case .array(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        }
    }

    /// Compact JSON text with sorted keys, for one field in a line of text.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }
}
