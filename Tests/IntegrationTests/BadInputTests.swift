import AischedClient
import Foundation
import Glibc
import NIOCore
import SchedulerProtocol
import Testing

/// Garbage on the wire never hurts schedd or anyone else's work.
@Suite(.serialized) struct BadInputTests {
    @Test func randomBytesOversizedFramesAndWrongVersionsDoNotStopSchedd() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let (host, port) = centre.hostPort()
        var rng = SystemRandomNumberGenerator()

        // 1. Random garbage, many times, some with a valid magic so the decoder goes further.
        for round in 0..<50 {
            var bytes = (0..<Int.random(in: 1...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if round % 2 == 0 { bytes.replaceSubrange(0..<min(4, bytes.count), with: [0x41, 0x49, 0x53, 0x44]) }
            _ = try RawSocket.exchange(host: host, port: port, bytes: bytes)
        }
        // 2. A header announcing a 2 GiB payload: refused from the header alone.
        let huge = header(version: 1, kind: 1, length: 0x8000_0000)
        let hugeReply = try RawSocket.exchange(host: host, port: port, bytes: huge)
        #expect(try errorCode(in: hugeReply) == RPCErrorCode.frameTooLarge.rawValue)
        // 2b. Before hello, a peer may not send more than a hello needs (64 KiB): 1 MiB is refused from its header,
        //     so unauthenticated connections cannot make schedd buffer megabytes each (issue 13).
        let early = try RawSocket.exchange(host: host, port: port, bytes: header(version: 1, kind: 1, length: 1 << 20))
        #expect(try errorCode(in: early) == RPCErrorCode.frameTooLarge.rawValue)
        // 3. Another protocol version.
        let wrongVersion = try RawSocket.exchange(host: host, port: port, bytes: header(version: 99, kind: 1, length: 0))
        #expect(try errorCode(in: wrongVersion) == RPCErrorCode.unsupportedVersion.rawValue)
        // 4. A truncated frame, then the peer goes away.
        _ = try RawSocket.exchange(host: host, port: port, bytes: Array(header(version: 1, kind: 1, length: 100).prefix(11)))

        #expect(centre.scheddIsRunning)
        let rpc = try await centre.connect(as: centre.user)
        let jobs = try await rpc.request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self)
        #expect(jobs.jobs.isEmpty) // nothing reached the database
    }

    @Test func badExpiredAndForeignTokensAreRefusedWithAClearError() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let (host, port) = centre.hostPort()
        for token in ["", "not-a-token", "aaaa.bbbb"] {
            await #expect(throws: ClientError.self) {
                _ = try await RPCConnection.connect(host: host, port: port, token: token, clientName: "test")
            }
        }
        let expired = try centre.token(centre.user, expires: "1s")
        try await Task.sleep(for: .seconds(2.1))
        do {
            _ = try await RPCConnection.connect(host: host, port: port, token: expired, clientName: "test")
            Issue.record("an expired token was accepted")
        } catch let error as ClientError {
            #expect(error.code == .unauthenticated)
            #expect(error.description.contains("expired"))
        }
    }

    private func header(version: UInt16, kind: UInt16, length: UInt32) -> [UInt8] {
        var bytes: [UInt8] = [0x41, 0x49, 0x53, 0x44]
        bytes += [UInt8(version >> 8), UInt8(version & 0xff), UInt8(kind >> 8), UInt8(kind & 0xff)]
        bytes += [UInt8](repeating: 0, count: 7) + [1]
        bytes += [UInt8(length >> 24), UInt8((length >> 16) & 0xff), UInt8((length >> 8) & 0xff), UInt8(length & 0xff)]
        return bytes
    }

    /// The code of the `error` frame schedd answered with.
    private func errorCode(in reply: [UInt8]) throws -> UInt16 {
        let frame = try Frame.decodeOne(reply)
        #expect(frame.kind == .error)
        return try frame.decode(ErrorReply.self).code.rawValue
    }
}

extension Frame {
    static func decodeOne(_ bytes: [UInt8]) throws -> Frame {
        var decoder = FrameDecoder()
        var buffer = ByteBufferAllocator().buffer(bytes: bytes)
        guard let frame = try decoder.decode(buffer: &buffer) else { throw TestFailure("no complete frame in \(bytes.count) bytes") }
        return frame
    }
}
