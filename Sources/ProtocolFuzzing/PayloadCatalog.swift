import NIOCore
import SchedulerProtocol

/// Which message each frame kind carries, as the "Message kinds" table of docs/PROTOCOL.md says, with a checked
/// decode for each: the fuzzers feed every kind's decoder through this one table, and a test checks that it names
/// every kind `MessageKind` does, so a new kind cannot go unfuzzed.
public enum PayloadCatalog {
    /// What decoding one payload as its kind's message gave.
    public enum Outcome: Sendable, Equatable {
        /// It decoded, and the value survives re-encoding: encode(decode(bytes)) decodes to the same value, and
        /// encoding that again gives the same bytes (the encoding of a decoded value is canonical).
        case decoded
        /// It was refused with a described ``WireError``: what the peer is told in a `badFrame` error.
        case rejected(WireError)
        /// It decoded, but re-encoding changed it: a bug in the message's encode or decode (the text says how).
        case unstable(String)
    }

    public struct Entry: Sendable {
        public let kind: MessageKind
        /// The Swift type of the payload, e.g. "JobSubmission".
        public let message: String
        public let check: @Sendable (ByteBuffer) -> Outcome
        /// The decoded value, type-erased (for measuring what a payload costs once decoded).
        public let decode: @Sendable (ByteBuffer) -> Any?

        init<M: WireMessage & Equatable>(_ kind: MessageKind, _ type: M.Type) {
            self.kind = kind
            message = M.wireName
            check = { payload in PayloadCatalog.check(M.self, payload) }
            decode = { payload in try? M(wireBuffer: payload) }
        }
    }

    /// Every kind, in wire-number order.
    public static let entries: [Entry] = [
        Entry(.hello, Hello.self), Entry(.welcome, Welcome.self), Entry(.error, ErrorReply.self),
        Entry(.submitJob, JobSubmission.self), Entry(.submitJobReply, SubmitJobReply.self),
        Entry(.queryJobs, QueryJobs.self), Entry(.jobList, JobList.self),
        Entry(.cancelJobs, JobIDList.self), Entry(.cancelJobsReply, JobActionReply.self),
        Entry(.releaseJobs, JobIDList.self), Entry(.releaseJobsReply, JobActionReply.self),
        Entry(.holdJobs, JobIDList.self), Entry(.holdJobsReply, JobActionReply.self),
        Entry(.readLog, ReadLog.self), Entry(.logChunk, LogChunk.self),
        Entry(.runStep, RunStep.self), Entry(.stepEnded, StepEnded.self),
        Entry(.signalStep, SignalStep.self), Entry(.signalStepReply, Ack.self),
        Entry(.stepInput, StepInput.self),
        Entry(.endAllocation, EndAllocation.self), Entry(.endAllocationReply, JobActionReply.self),
        Entry(.listNodes, ListNodes.self), Entry(.nodeList, NodeList.self),
        Entry(.nodeControl, NodeControlRequest.self), Entry(.nodeControlReply, NodeControlReply.self),
        Entry(.registerNode, RegisterNode.self), Entry(.registerNodeReply, RegisterNodeReply.self),
        Entry(.heartbeat, Heartbeat.self), Entry(.heartbeatAck, Ack.self),
        Entry(.jobStarted, JobStarted.self), Entry(.jobStartedAck, Ack.self),
        Entry(.jobExited, JobExited.self), Entry(.jobExitedAck, Ack.self),
        Entry(.stepOutput, StepOutput.self), Entry(.stepOutputAck, Ack.self),
        Entry(.stepTaskExited, StepTaskExited.self), Entry(.stepTaskExitedAck, Ack.self),
        Entry(.launchJob, LaunchJob.self), Entry(.killJob, KillJob.self), Entry(.fetchLog, ReadLog.self),
        Entry(.startStep, StartStep.self), Entry(.stopStep, SignalStep.self),
        Entry(.accountChange, AccountChangeRequest.self), Entry(.accountChangeReply, AuditList.self),
        Entry(.listAccounts, ListAccounts.self), Entry(.accountList, AccountList.self),
        Entry(.qosUpdate, QoSUpdate.self), Entry(.qosUpdateReply, AuditList.self),
        Entry(.listAudit, ListAudit.self), Entry(.auditList, AuditList.self),
        Entry(.queryUsage, QueryUsage.self), Entry(.usageReport, UsageReport.self),
        Entry(.fundingReport, FundingReportRequest.self), Entry(.fundingReportRows, FundingReportRows.self),
        Entry(.jobPriority, JobPriorityRequest.self), Entry(.priorityBreakdown, PriorityBreakdownInfo.self),
        Entry(.queryHistory, QueryHistory.self), Entry(.historyList, JobList.self),
        Entry(.usageSeries, UsageSeriesRequest.self), Entry(.usageSeriesReply, UsageSeries.self),
        Entry(.fairShareTree, FairShareRequest.self), Entry(.fairShareTreeReply, FairShareTreeInfo.self),
        Entry(.queueSeries, QueueSeriesRequest.self), Entry(.queueSeriesReply, QueueSeries.self),
    ]

    private static let byKind: [MessageKind: Entry] = Dictionary(entries.map { ($0.kind, $0) }) { first, _ in first }

    public static func entry(for kind: MessageKind) -> Entry? { byKind[kind] }

    /// The kinds `MessageKind` has a name for: the wire numbers documented in docs/PROTOCOL.md.
    public static var namedKinds: [MessageKind] {
        (0...UInt16(1_023)).map(MessageKind.init(rawValue:)).filter { !$0.description.hasPrefix("kind(") }
    }

    static func check<M: WireMessage & Equatable>(_ type: M.Type, _ payload: ByteBuffer) -> Outcome {
        let first: M
        do {
            first = try M(wireBuffer: payload)
        } catch {
            return .rejected(error)
        }
        let encoded = first.wireBytes()
        guard let second = try? M(wireBytes: encoded) else {
            return .unstable("\(M.wireName): its own encoding of a decoded value does not decode")
        }
        guard second == first else { return .unstable("\(M.wireName): a decoded value changes when re-encoded") }
        guard second.wireBytes() == encoded else { return .unstable("\(M.wireName): encoding is not canonical") }
        return .decoded
    }
}
