/// A "no" from the core: a request that was refused and changed nothing.
///
/// `message` says what is wrong, `hint` what to do about it. Shells map `code` to a wire error code.
public struct Rejection: Error, Hashable, Sendable {
    public enum Code: String, Sendable {
        case invalidRequest, notFound, permissionDenied, conflict
        /// The centre cannot take work now, whoever asks (its storage is full); nothing was stored.
        case unavailable
    }

    public var code: Code
    public var message: String
    public var hint: String

    public init(_ code: Code, _ message: String, hint: String = "") {
        self.code = code
        self.message = message
        self.hint = hint
    }
}
