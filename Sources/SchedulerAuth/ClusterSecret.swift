import Foundation

/// The cluster secret file: 32 random bytes, hex-encoded, readable by its owner only.
public enum ClusterSecret {
    /// Reads the secret at `path`, creating it on first use. The file is created owner-only from its first byte
    /// (writing it first and restricting it after would leave a moment in which any local user could read it), and
    /// an existing one that others may read is made owner-only.
    public static func loadOrCreate(at path: String) throws(TokenError) -> [UInt8] {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & 0o077 == 0 || chmod(path, 0o600) == 0 else {
                throw .badSecret("cannot make \(path) readable by its owner only: \(String(cString: strerror(errno)))")
            }
            return try load(at: path)
        }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let hex = Array((secret.map { String(format: "%02x", $0) }.joined() + "\n").utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .badSecret("cannot create \(path): \(String(cString: strerror(errno))); check the state directory exists and is writable")
        }
        defer { close(fd) }
        let written = hex.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == hex.count, fsync(fd) == 0 else {
            unlink(path)
            throw .badSecret("cannot write \(path): \(String(cString: strerror(errno)))")
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
