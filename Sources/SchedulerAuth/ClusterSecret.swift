import Foundation

/// The cluster secret file: 32 random bytes, hex-encoded, readable by its owner only.
public enum ClusterSecret {
    /// Reads the secret at `path`, creating it on first use.
    public static func loadOrCreate(at path: String) throws(TokenError) -> [UInt8] {
        if FileManager.default.fileExists(atPath: path) { return try load(at: path) }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let hex = secret.map { String(format: "%02x", $0) }.joined() + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(hex.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw .badSecret("cannot create \(path): check the state directory exists and is writable")
        }
        return secret
    }

    public static func load(at path: String) throws(TokenError) -> [UInt8] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .badSecret("cannot read \(path): run schedd once with this --state-dir to create it")
        }
        let hex = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard hex.count % 2 == 0, hex.count >= 64 else { throw .badSecret("\(path) is not 32+ hex-encoded bytes") }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: hex.count, by: 2) {
            guard let byte = UInt8(String(decoding: hex[i..<i + 2], as: UTF8.self), radix: 16) else {
                throw .badSecret("\(path) contains a non-hex character")
            }
            bytes.append(byte)
        }
        return bytes
    }

    /// A random token id (16 hex digits).
    public static func newTokenID() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(format: "%016llx", UInt64.random(in: .min ... .max, using: &generator))
    }
}
