import Foundation
import JobExecution
import SchedulerProtocol

/// Reads a slice of a job's output file for `aisubmit logs`.
enum LogReader {
    static func read(_ request: ReadLog) throws -> LogChunk {
        var chunk = LogChunk()
        chunk.nextOffset = request.offset
        guard !request.path.isEmpty else { throw ExecutionError("no log path given") }
        guard let handle = FileHandle(forReadingAtPath: request.path) else {
            return chunk // not created yet: the job has not written anything
        }
        defer { try? handle.close() }
        try handle.seek(toOffset: request.offset)
        let data = try handle.read(upToCount: Int(max(1, request.maxBytes))) ?? Data()
        chunk.data = Array(data)
        chunk.nextOffset = request.offset + UInt64(data.count)
        return chunk
    }
}
