/// The protocol version carried in every frame header.
///
/// The version covers both the header layout and the payload encoding. A peer that receives a
/// version it does not speak answers `error` / `unsupportedVersion` and closes: it cannot assume
/// anything after the version field means what it expects. Adding fields or message kinds does
/// *not* need a new version (readers skip unknown fields and answer unknown kinds with an error);
/// only an incompatible change to what existing bytes mean does.
public enum ProtocolVersion {
    /// The version this build sends.
    public static let current: UInt16 = 1

    /// The versions this build accepts.
    public static let supported: ClosedRange<UInt16> = 1...1

    public static func isSupported(_ version: UInt16) -> Bool {
        supported.contains(version)
    }
}
