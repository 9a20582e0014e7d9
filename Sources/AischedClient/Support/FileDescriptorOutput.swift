import Glibc

/// Writes all of `bytes` to a file descriptor (a step's terminal, srun's stdout), retrying after signals and short
/// writes; stops quietly when the other side is gone, as there is no one left to tell.
public enum FileDescriptorOutput {
    public static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            offset += n
        }
    }
}
