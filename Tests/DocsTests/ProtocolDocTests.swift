import Foundation
import SchedulerProtocol
import Testing

/// docs/PROTOCOL.md's table of message kinds says what the protocol's RPC table says: each request's number, who may
/// send it, its payload and the reply that answers it. The table is for people writing clients in other languages,
/// so a route added or changed in code without the doc fails here.
@Suite struct ProtocolDocTests {
    struct Row: CustomStringConvertible {
        let kind: UInt16
        let name: String
        let roles: String
        let payload: String
        let answer: String
        var description: String { "row \(kind) `\(name)`" }
    }

    /// The rows of the table under "## Message kinds": `| kind | name | sent by | roles | payload | answered with |`.
    static let rows: [Row] = {
        let text = (try? String(contentsOf: DocumentedCommandTests.packageRoot.appendingPathComponent("docs/PROTOCOL.md"),
                                encoding: .utf8)) ?? ""
        guard let start = text.range(of: "\n## Message kinds\n") else { return [] }
        let section = text[start.upperBound...]
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        return section[..<end].split(separator: "\n").compactMap { line -> Row? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 8, let kind = UInt16(cells[1]) else { return nil }
            return Row(kind: kind, name: cells[2].trimmingCharacters(in: ["`"]), roles: cells[4],
                       payload: cells[5].trimmingCharacters(in: ["`"]), answer: cells[6])
        }
    }()

    /// How the roles column writes a descriptor's roles.
    static func roles(_ rpc: RPCDescriptor) -> String {
        rpc.sender == .server ? "— (schedd sends it)" : RPCRole.allCases.filter(rpc.roles.contains).map(\.rawValue).joined(separator: ", ")
    }

    @Test func theTableHasARowForEveryRequestAndOnlyKnownKinds() {
        #expect(Self.rows.count >= RPC.allCases.count, "found \(Self.rows.count) rows in PROTOCOL.md's table of kinds")
        let documented = Set(Self.rows.map(\.kind))
        for rpc in RPC.allCases {
            #expect(documented.contains(rpc.kind.rawValue), "PROTOCOL.md has no row for \(rpc.kind) (\(rpc.kind.rawValue))")
        }
        for row in Self.rows {
            #expect(MessageKind(rawValue: row.kind).description == row.name, "\(row): MessageKind calls \(row.kind) \(MessageKind(rawValue: row.kind))")
            #expect(RPC(kind: MessageKind(rawValue: row.kind)) != nil || [.welcome, .error].contains(MessageKind(rawValue: row.kind)),
                    "\(row) is neither a request of the RPC table nor welcome/error")
        }
    }

    @Test(arguments: RPC.allCases)
    func theRowAgreesWithTheRPCTable(_ rpc: RPC) throws {
        let descriptor = rpc.descriptor
        let row = try #require(Self.rows.first { $0.kind == descriptor.kind.rawValue })
        #expect(row.payload == descriptor.payload.wireName, "\(row): payload")
        #expect(row.roles == Self.roles(descriptor), "\(row): roles")
        if let reply = descriptor.reply, let payload = descriptor.replyPayload {
            #expect(row.answer.hasPrefix("`\(reply)` (\(reply.rawValue)): `\(payload.wireName)`"),
                    "\(row): answered with should start with `\(reply)` (\(reply.rawValue)): `\(payload.wireName)`, not \(row.answer)")
        } else {
            #expect(row.answer.hasPrefix("nothing"), "\(row): the RPC table has no reply for it, the doc says \(row.answer)")
        }
    }
}
