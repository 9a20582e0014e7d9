extension Hello {
    public init(token: String, clientName: String) {
        self.init()
        self.token = token
        self.clientName = clientName
    }
}

extension Welcome {
    public init(user: String, role: String, serverVersion: String) {
        self.init()
        self.user = user
        self.role = role
        self.serverVersion = serverVersion
    }
}

/// An error answer is also the Swift error a request's handler throws and a client's call fails with.
extension ErrorReply: Error {}

extension ErrorReply {
    /// `error_code` as the code it names. A number beyond the codes a UInt16 holds is no code this peer knows,
    /// which, like any unknown code, a peer treats as `internal`.
    public var code: RPCErrorCode {
        get { RPCErrorCode(rawValue: UInt16(exactly: errorCode) ?? UInt16.max) }
        set { errorCode = UInt32(newValue.rawValue) }
    }

    public init(code: RPCErrorCode, message: String, hint: String = "") {
        self.init()
        self.code = code
        self.message = message
        self.hint = hint
    }
}
