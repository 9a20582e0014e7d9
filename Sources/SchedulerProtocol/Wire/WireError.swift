/// Why a payload could not be decoded, and where.
///
/// Decoding never traps on bad input: every problem becomes one of these. The ``path`` names the
/// message types and field numbers from the outermost message down to the field that failed, so
/// ``description`` reads like
/// `JobList field 1 > JobInfo field 15 > JobSubmission field 4: string is not valid UTF-8`,
/// which is what a peer sees in the `badFrame` error it gets back.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the bytes.
    public enum Problem: Sendable, Hashable {
        /// The input ended inside a varint (its last byte still had the continuation bit set).
        case truncatedVarint
        /// A varint longer than 10 bytes, or whose 10th byte carries more than the 64th bit.
        case varintOverflow
        /// A length prefix (or a fixed-width field) claims more bytes than the enclosing message has left.
        case lengthBeyondEnd(length: UInt64, available: Int)
        /// A string field that is not valid UTF-8.
        case invalidUTF8
        /// A key whose wire type is 3, 4, 6 or 7: it cannot be skipped safely.
        case unknownWireType(UInt8)
        /// A known field sent with a wire type its declared type cannot have (a schema conflict).
        case wrongWireType(expected: WireType, got: WireType)
        /// A key with field number 0 or above 2^29 - 1, which protobuf does not allow.
        case invalidFieldNumber(UInt64)
        /// A varint that does not fit the field's Swift type; `type` is e.g. "UInt32" or "Int32".
        case valueOutOfRange(value: UInt64, type: String)
        /// Nested messages deeper than ``WireReader/maximumDepth``.
        case nestingTooDeep(limit: Int)
    }

    /// One step of the path to the failing field.
    public struct Step: Sendable, Hashable {
        /// The Swift type name of the message being decoded, e.g. "JobInfo".
        public var message: String
        /// The field being decoded, or nil when the failure was in reading a field key.
        public var field: UInt32?

        public init(message: String, field: UInt32?) {
            self.message = message
            self.field = field
        }
    }

    public var problem: Problem
    /// Outermost message first. Empty only for errors raised outside any message.
    public var path: [Step]

    public init(_ problem: Problem, path: [Step] = []) {
        self.problem = problem
        self.path = path
    }

    /// Adds the enclosing message to the front of the path. Called while the error unwinds, so the
    /// cost of building names is only paid on failure.
    func within<M>(_ message: M.Type, field: UInt32?) -> WireError {
        var copy = self
        copy.path.insert(Step(message: String(describing: message), field: field), at: 0)
        return copy
    }

    public var description: String {
        let location = path.map { step in
            if let field = step.field { "\(step.message) field \(field)" } else { "\(step.message) field key" }
        }.joined(separator: " > ")
        return location.isEmpty ? problemDescription : "\(location): \(problemDescription)"
    }

    private var problemDescription: String {
        switch problem {
        case .truncatedVarint:
            "truncated varint (input ends inside it)"
        case .varintOverflow:
            "varint overflow (more than 64 bits)"
        case let .lengthBeyondEnd(length, available):
            "length \(length) goes beyond the end of the message (\(available) bytes left)"
        case .invalidUTF8:
            "string is not valid UTF-8"
        case let .unknownWireType(raw):
            "unknown wire type \(raw)"
        case let .wrongWireType(expected, got):
            "wire type \(got) where \(expected) was expected"
        case let .invalidFieldNumber(number):
            "invalid field number \(number)"
        case let .valueOutOfRange(value, type):
            "value \(value) is out of range for \(type)"
        case let .nestingTooDeep(limit):
            "messages nested deeper than \(limit) levels"
        }
    }
}
