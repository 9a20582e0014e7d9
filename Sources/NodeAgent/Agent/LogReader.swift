import Foundation
import Glibc
import JobExecution
import SchedulerProtocol

/// Reads a slice of a job's output file for `aisubmit logs`.
///
/// The agent runs as root and the path comes from the job's `--output`, so it reads only a regular file owned by
/// the job's user, never through a symlink: otherwise `--output /etc/shadow` would be a way to read any file.
enum LogReader {
    static func read(_ request: ReadLog) throws -> LogChunk {
        var chunk = LogChunk()
        chunk.nextOffset = request.offset
        guard !request.path.isEmpty, !request.owner.isEmpty else { throw ExecutionError("no log path or owner given") }
        let fd = open(request.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return chunk } // not created yet: the job has not written anything
            throw ExecutionError("cannot open \(request.path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw ExecutionError("\(request.path) is not a regular file")
        }
        guard let owner = getpwnam(request.owner), info.st_uid == owner.pointee.pw_uid else {
            throw ExecutionError("\(request.path) does not belong to \(request.owner)")
        }
        let want = Int(max(1, request.maxBytes))
        var buffer = [UInt8](repeating: 0, count: want)
        let got = pread(fd, &buffer, want, off_t(clamping: request.offset))
        guard got >= 0 else { throw ExecutionError("cannot read \(request.path): \(String(cString: strerror(errno)))") }
        chunk.data = Data(buffer.prefix(got))
        chunk.nextOffset = request.offset + UInt64(got)
        return chunk
    }
}
