import Foundation
import SchedulerProtocol

/// What a simulated node answers to `fetchLog` (`aisubmit logs` of a job it ran): one line saying that the job ran
/// on a virtual node and wrote nothing, so whoever reads it knows why there is no output, rather than an empty log.
enum VirtualLog {
    static func text(job: UInt64, node: String) -> [UInt8] {
        Array("aisched: job \(job) ran on simulated node \(node) (nodeagent simulate); nothing ran and nothing was written\n".utf8)
    }

    /// The slice of that line from `request.offset`, at most `max_bytes` (64 KiB when 0).
    static func chunk(_ request: ReadLog, node: String) -> LogChunk {
        let text = text(job: request.jobID, node: node)
        let start = Int(min(request.offset, UInt64(text.count)))
        let want = request.maxBytes == 0 ? 65_536 : Int(request.maxBytes)
        var chunk = LogChunk()
        chunk.data = Data(text[start..<min(text.count, start + want)])
        chunk.nextOffset = UInt64(start + chunk.data.count)
        return chunk
    }
}
