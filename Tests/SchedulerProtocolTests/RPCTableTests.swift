import ProtocolFuzzing
import SchedulerProtocol
import Testing

/// The RPC table is consistent with itself and with the fuzzers' catalog of payloads, so the server's routing, the
/// client's expected replies and the fuzzed decoders all follow one table.
@Suite("RPC table")
struct RPCTableTests {
    @Test("every request has a distinct named kind, and its reply kind is a named kind that is no request")
    func kinds() {
        let kinds = RPC.allCases.map(\.kind)
        #expect(Set(kinds).count == kinds.count)
        for rpc in RPC.allCases {
            let descriptor = rpc.descriptor
            #expect(!descriptor.kind.description.hasPrefix("kind("), "\(rpc)")
            #expect(RPC(kind: descriptor.kind) == rpc)
            #expect((descriptor.reply == nil) == (descriptor.replyPayload == nil), "\(rpc): reply kind and payload go together")
            if let reply = descriptor.reply {
                #expect(!reply.description.hasPrefix("kind(") && RPC(kind: reply) == nil, "\(rpc) is answered by \(reply)")
            }
            #expect(!descriptor.summary.isEmpty && !descriptor.action.isEmpty)
        }
        // Replies, errors and unknown numbers are no requests.
        for kind in [MessageKind.welcome, .error, .submitJobReply, .jobList, MessageKind(rawValue: 102), MessageKind(rawValue: 0)] {
            #expect(RPC(kind: kind) == nil, "\(kind)")
        }
    }

    @Test("who may send what: pushes nobody, agents' requests node tokens, admin requests admins only")
    func roles() {
        for rpc in RPC.allCases {
            let descriptor = rpc.descriptor
            switch descriptor.sender {
            case .server: #expect(descriptor.roles.isEmpty, "\(rpc)")
            case .agent: #expect(descriptor.roles == [.node], "\(rpc)")
            case .client: #expect(!descriptor.roles.isEmpty && (rpc == .hello || !descriptor.roles.contains(.node)), "\(rpc)")
            }
        }
        #expect(RPC.allCases.filter { $0.descriptor.adminOnly }.map(\.kind) ==
                [.nodeControl, .accountChange, .qosUpdate, .listAudit])
        #expect(RPC.reply(to: .cancelJobs) == .cancelJobsReply && RPC.reply(to: .stepOutput) == nil)
    }

    @Test("the fuzzers' catalog decodes each request and its reply as the message the RPC table names")
    func agreesWithThePayloadCatalog() throws {
        for rpc in RPC.allCases {
            let descriptor = rpc.descriptor
            let entry = try #require(PayloadCatalog.entry(for: descriptor.kind), "\(rpc)")
            #expect(entry.message == descriptor.payload.wireName, "\(rpc)")
            if let reply = descriptor.reply, let payload = descriptor.replyPayload {
                let replyEntry = try #require(PayloadCatalog.entry(for: reply))
                #expect(replyEntry.message == payload.wireName, "\(rpc) → \(reply)")
            }
        }
    }
}
