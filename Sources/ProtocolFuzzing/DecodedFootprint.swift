import NIOCore
import SchedulerProtocol

/// What a payload costs once decoded, against what it cost to send: the memory a peer can make a receiver hold per
/// byte it sends. Decoding is linear (every element takes at least one byte on the wire), so this ratio, measured on
/// the worst payload each message admits, bounds what a frame of the maximum size can cost.
public enum DecodedFootprint {
    /// Heap bytes a decoded value owns, estimated from its structure: each array's elements at their stride plus a
    /// 32-byte header, each string longer than the 15 bytes Swift keeps inline. Arrays are counted at their length;
    /// their capacity may be up to twice that while they grow.
    public static func heapBytes(of value: Any) -> Int {
        if let string = value as? String {
            return string.utf8.count > 15 ? 32 + string.utf8.count : 0
        }
        let mirror = Mirror(reflecting: value)
        if let array = value as? any ElementStride {
            guard !mirror.children.isEmpty else { return 0 }
            return mirror.children.reduce(32 + mirror.children.count * type(of: array).elementStride) {
                $0 + heapBytes(of: $1.value)
            }
        }
        return mirror.children.reduce(0) { $0 + heapBytes(of: $1.value) }
    }

    /// The worst of the payloads ``worstPayloads(size:)`` makes for one kind.
    public struct Worst: Sendable {
        public let kind: MessageKind
        public let message: String
        /// Decoded heap bytes per payload byte.
        public let ratio: Double
        /// Which payload: the field and how it was repeated.
        public let payload: String
        /// How many of the payloads tried the message accepted (the rest it refused).
        public let accepted: Int
    }

    /// For `entry`'s message, the payloads of about `size` bytes that cost the most to hold once decoded: each field
    /// number 1…`fields` repeated as its smallest element (a zero varint, an empty string or message), or sent as
    /// one packed run of zero varints. Payloads the message refuses do not count.
    public static func worst(_ entry: PayloadCatalog.Entry, size: Int = 1_024, fields: UInt64 = 48) -> Worst {
        var best = (ratio: -1.0, payload: "none accepted")
        var accepted = 0
        for field in 1...fields {
            let candidates: [(String, [UInt8])] = [
                ("field \(field) repeated as 0", repeated(key(field, 0) + [0], toFill: size)),
                ("field \(field) repeated empty", repeated(key(field, 2) + [0], toFill: size)),
                ("field \(field) packed zeros", key(field, 2) + varint(UInt64(size)) + [UInt8](repeating: 0, count: size)),
            ]
            for (name, bytes) in candidates {
                guard let value = entry.decode(ByteBuffer(bytes: bytes)) else { continue }
                accepted += 1
                let ratio = Double(heapBytes(of: value)) / Double(bytes.count)
                if ratio > best.ratio { best = (ratio, name) }
            }
        }
        return Worst(kind: entry.kind, message: entry.message, ratio: max(0, best.ratio), payload: best.payload,
                     accepted: accepted)
    }

    private static func repeated(_ element: [UInt8], toFill size: Int) -> [UInt8] {
        Array([[UInt8]](repeating: element, count: max(1, size / element.count)).joined())
    }

    private static func key(_ field: UInt64, _ wireType: UInt64) -> [UInt8] { varint(field << 3 | wireType) }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
        return out
    }
}

/// How far apart an array's elements are in memory.
private protocol ElementStride {
    static var elementStride: Int { get }
}

extension Array: ElementStride {
    static var elementStride: Int { MemoryLayout<Element>.stride }
}
