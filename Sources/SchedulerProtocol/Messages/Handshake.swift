/// First frame a client or agent sends: who it is. The protocol version travels in the frame header.
public struct Hello: Sendable, Equatable {
    /// A signed token from `schedd token issue` (field 1).
    public var token: String
    /// Free text such as "aisubmit 0.1" or "nodeagent gpu-07" (field 2), for logs.
    public var clientName: String
    public init(token: String, clientName: String) {
        self.token = token
        self.clientName = clientName
    }
}

/// The server's answer to a valid `Hello`.
public struct Welcome: Sendable, Equatable {
    public var user: String          // field 1
    public var role: String          // field 2: "user", "admin" or "node"
    public var serverVersion: String // field 3
    public init(user: String, role: String, serverVersion: String) {
        self.user = user
        self.role = role
        self.serverVersion = serverVersion
    }
}

/// An error answer to any request, or a last word before the server closes a connection.
public struct ErrorReply: Sendable, Equatable, Error {
    public var code: RPCErrorCode // field 1
    public var message: String    // field 2: what went wrong, for people
    public var hint: String       // field 3: what to do about it ("" when there is nothing to add)
    public init(code: RPCErrorCode, message: String, hint: String = "") {
        self.code = code
        self.message = message
        self.hint = hint
    }
}

// MARK: - Wire encoding (field numbers as documented above)

extension Hello: WireMessage {
    public init() { self.init(token: "", clientName: "") }

    public func encode(to writer: inout WireWriter) {
        writer.write(token, field: 1)
        writer.write(clientName, field: 2)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: token = try reader.readString(wireType)
        case 2: clientName = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension Welcome: WireMessage {
    public init() { self.init(user: "", role: "", serverVersion: "") }

    public func encode(to writer: inout WireWriter) {
        writer.write(user, field: 1)
        writer.write(role, field: 2)
        writer.write(serverVersion, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: user = try reader.readString(wireType)
        case 2: role = try reader.readString(wireType)
        case 3: serverVersion = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}

extension ErrorReply: WireMessage {
    /// Code 0 is no defined code: it is what a reply that lost its code field decodes to, and, like any
    /// unknown code, a peer treats it as `internal`.
    public init() { self.init(code: RPCErrorCode(rawValue: 0), message: "") }

    public func encode(to writer: inout WireWriter) {
        writer.write(code.rawValue, field: 1)
        writer.write(message, field: 2)
        writer.write(hint, field: 3)
    }

    public mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
        switch field {
        case 1: code = RPCErrorCode(rawValue: try reader.readUInt16(wireType))
        case 2: message = try reader.readString(wireType)
        case 3: hint = try reader.readString(wireType)
        default: try reader.skip(wireType)
        }
    }
}
