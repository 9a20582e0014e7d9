import SwiftProtobuf

/// Why a payload could not be decoded as the message its frame's kind names.
///
/// Decoding never traps on bad input: every problem becomes one of these, and its ``description`` is what a peer
/// reads in the `badFrame` error it gets back, e.g. `JobList payload: string is not valid UTF-8`.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the bytes.
    public enum Problem: Sendable, Hashable {
        /// The input ends inside a field: a varint, a fixed-width value or a length-delimited body.
        case truncated
        /// A string field that is not valid UTF-8.
        case invalidUTF8
        /// Bytes that are not protobuf: a field number 0, an end-group without its start, a varint of more than
        /// ten bytes.
        case malformed
        /// Nested messages (or unknown groups) deeper than ``WireMessage/maximumDepth``.
        case nestingTooDeep(limit: Int)
        /// Anything else the decoder reported, in its words.
        case other(String)
    }

    public var problem: Problem
    /// The Swift type of the payload being decoded, e.g. "JobList".
    public var message: String

    public init(_ problem: Problem, message: String) {
        self.problem = problem
        self.message = message
    }

    /// The problem swift-protobuf reported while decoding a `type`.
    init<M: WireMessage>(decoding type: M.Type, _ error: any Error) {
        let problem: Problem = switch error as? BinaryDecodingError {
        case .truncated?: .truncated
        case .invalidUTF8?: .invalidUTF8
        case .malformedProtobuf?: .malformed
        case .messageDepthLimit?: .nestingTooDeep(limit: M.maximumDepth)
        default: .other(String(describing: error))
        }
        self.init(problem, message: M.wireName)
    }

    public var description: String {
        "\(message) payload: \(problemDescription)"
    }

    private var problemDescription: String {
        switch problem {
        case .truncated: "truncated (the input ends inside a field)"
        case .invalidUTF8: "string is not valid UTF-8"
        case .malformed: "malformed protobuf (bad field key, end-group or varint)"
        case let .nestingTooDeep(limit): "messages nested deeper than \(limit) levels"
        case let .other(text): text
        }
    }
}
