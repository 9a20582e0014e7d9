import Foundation
import SchedulerProtocol
import Testing

/// The committed generated code belongs to the .proto in the tree, and the Swift tables of kinds and codes agree
/// with the .proto's enums (what the Python client and any other language read).
@Suite("Generated code")
struct GeneratedCodeTests {
    static let protoPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/SchedulerProtocol/aisched.proto").path

    /// FNV-1a, 64 bits, as scripts/protocol-names.py computes it.
    static func fingerprint(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }

    @Test("the generated code is up to date with aisched.proto")
    func upToDate() throws {
        let proto = try #require(FileManager.default.contents(atPath: Self.protoPath), "cannot read \(Self.protoPath)")
        #expect(Self.fingerprint(Array(proto)) == GeneratedProtocol.protoFingerprint,
                "aisched.proto changed since the code was generated: run scripts/generate-protocol.sh and commit")
        // And the fingerprint is not a constant that any file would match.
        #expect(Self.fingerprint(Array(proto) + [0x0A]) != GeneratedProtocol.protoFingerprint)
    }

    @Test("MessageKind names every kind of the .proto's MessageKind enum, with the same number")
    func kinds() {
        let generated = Aisched_MessageKind.allCases.filter { $0 != .unspecified }
        #expect(generated.map { MessageKind(rawValue: UInt16($0.rawValue)).description } == generated.map { "\($0)" })
        #expect(PayloadKinds.named.map(\.rawValue) == generated.map { UInt16($0.rawValue) })
    }

    @Test("RPCErrorCode names every code of the .proto's ErrorCode enum, with the same number")
    func errorCodes() {
        let generated = Aisched_ErrorCode.allCases.filter { $0 != .unspecified }
        #expect(generated.map { RPCErrorCode(rawValue: UInt16($0.rawValue)).description } == generated.map { "\($0)" })
        #expect(RPCErrorCode(rawValue: UInt16(generated.count + 1)).description.hasPrefix("code("))
    }

    @Test("every message of the .proto is a WireMessage with its aisched name")
    func messages() {
        #expect(GeneratedProtocol.messageNames.count == 73)
        #expect(Set(GeneratedProtocol.messageNames).isSuperset(of: RPC.allCases.map { $0.descriptor.payload.wireName }))
    }
}

/// The kinds MessageKind names, in number order.
enum PayloadKinds {
    static let named: [MessageKind] = (0...UInt16(1_023)).map(MessageKind.init(rawValue:))
        .filter { !$0.description.hasPrefix("kind(") }
}
