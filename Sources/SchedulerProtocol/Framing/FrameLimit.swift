/// The largest payload a connection accepts right now, shared by its decoder and its handler: small until the
/// peer has authenticated (a `hello` is a few hundred bytes), then the configured maximum. Without it, a thousand
/// unauthenticated connections could each make the server buffer a 4 MiB frame.
///
/// Confined to the connection's event loop (the decoder and the handler run there), hence unchecked.
public final class FrameLimit: @unchecked Sendable {
    /// What a peer may send before `welcome`: far above any `hello`.
    public static let beforeAuthentication = 64 * 1024

    public var bytes: Int

    public init(bytes: Int = FrameLimit.beforeAuthentication) {
        self.bytes = bytes
    }
}
