import NIOCore

/// A message payload that encodes to, and decodes from, a protobuf-compatible byte string.
///
/// Conformers list their fields twice, once per direction: `encode(to:)` writes each field with its
/// number, `decodeField(_:wireType:from:)` switches over field numbers and hands anything it does not
/// know to ``WireReader/skip(_:)``. That keeps the field numbers next to each other in one place per
/// message and needs no reflection or code generation.
///
/// Everything else, such as the decoding loop, error paths, and conversions to `[UInt8]` and `ByteBuffer`,
/// comes from the extension below.
public protocol WireMessage: Sendable {
    init()

    /// The value decoding starts from: every field at its *wire* default (0, false, "", empty).
    ///
    /// Usually `Self()`. It differs for a type whose Swift initializer picks friendlier defaults
    /// (`KillJob()` means SIGTERM with a 10 s grace): on the wire an absent field must mean zero, as it
    /// does for every protobuf decoder, or a field explicitly set to 0 would be omitted by the writer and
    /// come back as something else.
    static var wireDefault: Self { get }

    /// Writes every non-default field.
    func encode(to writer: inout WireWriter)

    /// Reads the value of one field whose key has just been read. Must consume exactly that value:
    /// unknown fields go to `reader.skip(wireType)`.
    mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError)
}

extension WireMessage {
    public static var wireDefault: Self { Self() }

    // MARK: Decoding

    /// Decodes fields from `reader` until its end, on top of the current values.
    mutating func merge(from reader: inout WireReader) throws(WireError) {
        while !reader.isAtEnd {
            let key: (field: UInt32, wireType: WireType)
            do {
                key = try reader.readKey()
            } catch {
                throw error.within(Self.self, field: nil)
            }
            do {
                try decodeField(key.field, wireType: key.wireType, from: &reader)
            } catch {
                throw error.within(Self.self, field: key.field)
            }
        }
    }

    static func decode(from bytes: UnsafeRawBufferPointer) throws(WireError) -> Self {
        var reader = WireReader(bytes: bytes)
        var message = Self.wireDefault
        try message.merge(from: &reader)
        return message
    }

    /// Decodes a payload. Throws on malformed input; never traps.
    public init(wireBytes: some Collection<UInt8>) throws(WireError) {
        // Contiguous storage (arrays, ByteBufferView, Data) is read in place; anything else is copied once.
        let result: Result<Self, WireError>? = wireBytes.withContiguousStorageIfAvailable { typed in
            Result { () throws(WireError) -> Self in try Self.decode(from: UnsafeRawBufferPointer(typed)) }
        }
        if let result {
            self = try result.get()
        } else {
            let copy = Array(wireBytes)
            self = try copy.withUnsafeBytes { raw in
                Result { () throws(WireError) -> Self in try Self.decode(from: raw) }
            }.get()
        }
    }

    /// Decodes the readable bytes of `wireBuffer` (its reader index does not move).
    public init(wireBuffer: ByteBuffer) throws(WireError) {
        self = try wireBuffer.withUnsafeReadableBytes { (raw) throws(WireError) -> Self in
            try Self.decode(from: raw)
        }
    }

    // MARK: Encoding

    /// The encoded payload as an array.
    public func wireBytes() -> [UInt8] {
        var buffer = wireBuffer()
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// The encoded payload in a new buffer.
    public func wireBuffer(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var writer = WireWriter(allocator: allocator)
        encode(to: &writer)
        return writer.buffer
    }
}

extension ByteBuffer {
    /// Appends `message`'s encoding and returns the number of bytes written.
    @discardableResult
    public mutating func writeWireMessage(_ message: some WireMessage) -> Int {
        let start = writerIndex
        // Hand the buffer to the writer and take it back, so its storage stays uniquely referenced
        // and appending does not copy it.
        var writer = WireWriter(buffer: self)
        self = ByteBuffer()
        message.encode(to: &writer)
        self = writer.buffer
        return writerIndex - start
    }
}
