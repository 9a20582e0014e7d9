import Foundation
import NIOCore
import SchedulerProtocol
import Testing

@Suite("Payload encoding")
struct WireEncodingTests {
    @Test("every message round-trips with every field set", arguments: Samples.all)
    func roundTrip(_ message: MessageCase) throws {
        #expect(try message.roundTrips())
        #expect(Raw.fieldNumbers(in: message.sampleBytes) == message.fields, "the sample must set every field")
    }

    @Test("an all-default message encodes to zero bytes", arguments: Samples.all)
    func defaultsAreEmpty(_ message: MessageCase) throws {
        #expect(message.defaultBytes().isEmpty)
        #expect(try message.decodeStable([]))
    }

    @Test("bytes match the protobuf encoding, byte for byte", arguments: [
        // (what, encoded, expected). Keys: (field << 3) | wireType.
        ("string fields", Hello(token: "t", clientName: "c").wireBytes(), [0x0A, 0x01, 0x74, 0x12, 0x01, 0x63]),
        ("error code as uint32", ErrorReply(code: .frameTooLarge, message: "m").wireBytes(), [0x08, 0x07, 0x12, 0x01, 0x6D]),
        ("sint32 zigzag -1 -> 1", { var e = JobExited(); e.jobID = 1; e.exitCode = -1; return e.wireBytes() }(), [0x08, 0x01, 0x10, 0x01]),
        ("sint32 zigzag 1 -> 2", { var e = JobExited(); e.exitCode = 1; return e.wireBytes() }(), [0x10, 0x02]),
        ("int64 negative takes 10 bytes", StateChangeInfo(atMs: -1, state: "", reason: "").wireBytes(),
            [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        ("uint64 max", SubmitJobReply(jobID: .max).wireBytes(), [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        ("packed uint64", Heartbeat(runningJobIDs: [1, 300]).wireBytes(), [0x0A, 0x03, 0x01, 0xAC, 0x02]),
        ("packed keeps zeros", JobIDList(jobIDs: [0]).wireBytes(), [0x0A, 0x01, 0x00]),
        ("bool true, two-byte key (field 16)", { var j = JobInfo(); j.held = true; return j.wireBytes() }(), [0x80, 0x01, 0x01]),
        ("nested message", { var j = JobInfo(); j.submission.name = "x"; return j.wireBytes() }(), [0x7A, 0x03, 0x0A, 0x01, 0x78]),
        ("repeated message keeps empty elements", JobList(jobs: [JobInfo(), JobInfo()]).wireBytes(), [0x0A, 0x00, 0x0A, 0x00]),
        ("repeated string keeps empty strings", { var q = QueryJobs(); q.states = ["", "A"]; return q.wireBytes() }(), [0x12, 0x00, 0x12, 0x01, 0x41]),
        ("bytes", { var c = LogChunk(); c.data = Data([0, 0xFF]); return c.wireBytes() }(), [0x0A, 0x02, 0x00, 0xFF]),
        ("fields absent on the wire are 0, whatever a sender means", KillJob().wireBytes(), []),
    ] as [(String, [UInt8], [UInt8])])
    func goldenBytes(_ what: String, _ encoded: [UInt8], _ expected: [UInt8]) {
        #expect(encoded == expected, "\(what)")
    }

    @Test("nested messages of every length-prefix size", arguments: [0, 1, 120, 127, 128, 129, 16_383, 16_384, 2_097_152])
    func nestedLengths(scriptLength: Int) throws {
        var job = Samples.jobInfo
        job.submission.script = String(repeating: "s", count: scriptLength)
        let list = JobList(jobs: [job, Samples.jobInfo, job])
        #expect(try JobList(wireBytes: list.wireBytes()) == list)
        // Appending to a buffer that already holds data and has been partly read must work the same.
        var buffer = ByteBuffer(bytes: [9, 9, 9])
        buffer.moveReaderIndex(forwardBy: 2)
        let written = buffer.writeWireMessage(list)
        #expect(buffer.readableBytes == 1 + written)
        buffer.moveReaderIndex(forwardBy: 1)
        #expect(try JobList(wireBuffer: buffer) == list)
    }

    @Test("decodes from any collection of bytes, contiguous or not")
    func nonContiguousInput() throws {
        let bytes = Samples.jobInfo.wireBytes()
        #expect(try JobInfo(wireBytes: bytes.lazy.map { $0 }) == Samples.jobInfo)
        #expect(try JobInfo(wireBytes: ByteBuffer(bytes: bytes).readableBytesView) == Samples.jobInfo)
        #expect(try JobInfo(wireBytes: bytes[...]) == Samples.jobInfo)
    }

    // MARK: Forward compatibility

    static let unknownFields: [UInt8] =
        Raw.key(100, 0) + Raw.varint(UInt64.max)                     // varint
        + Raw.key(101, 1) + [1, 2, 3, 4, 5, 6, 7, 8]                 // fixed64
        + Raw.string(102, Samples.jobInfo.wireBytes())                // length-delimited (a message)
        + Raw.key(103, 5) + [1, 2, 3, 4]                             // fixed32
        + Raw.key(104, 3) + Raw.key(1, 0) + [7] + Raw.key(104, 4)    // a group
        + Raw.string(0x1FFF_FFFF, "highest field number")

    @Test("unknown fields of every wire type are skipped, and not kept")
    func unknownFieldsSkipped() throws {
        let hello = Hello(token: "tok", clientName: "cli")
        let unknown = Self.unknownFields
        // Unknown fields before, between and after the known ones.
        let bytes = unknown + Raw.string(1, "tok") + unknown + Raw.string(2, "cli") + unknown
        let decoded = try Hello(wireBytes: bytes)
        #expect(decoded == hello)
        // A receiver holds nothing it does not understand (and relays nothing of it).
        #expect(decoded.unknownFields.data.isEmpty)
        #expect(decoded.wireBytes() == hello.wireBytes())
        // Also inside a nested message.
        var job = JobInfo()
        job.submission.name = "n"
        let nested = Raw.string(15, Raw.string(1, "n") + unknown) + unknown
        #expect(try JobInfo(wireBytes: nested) == job)
    }

    @Test("a newer message decodes as today's, and today's as an older one")
    func versionSkew() throws {
        // A newer peer's JobInfo: everything today's has, plus fields 40-42 it added.
        let futureBytes = Samples.jobInfo.wireBytes() + Raw.key(40, 0) + Raw.varint(7) + Raw.string(41, "a")
            + Raw.string(42, Samples.allocation.wireBytes())
        #expect(try JobInfo(wireBytes: futureBytes) == Samples.jobInfo)
        #expect(try JobList(wireBytes: Raw.string(1, futureBytes)) == JobList(jobs: [Samples.jobInfo]))
        // An older peer that knew only field 1 of a message (here SubmitJobReply, whose field 1 is a uint64 id
        // like JobInfo's) reads that and skips the rest.
        #expect(try SubmitJobReply(wireBytes: Samples.jobInfo.wireBytes()).jobID == Samples.jobInfo.id)
        // A message with no fields skips everything.
        #expect(try Ack(wireBytes: Samples.launchJob.wireBytes()) == Ack())
    }

    @Test("packed repeated fields are also accepted unpacked, and mixed")
    func packedOrNot() throws {
        let unpacked = Raw.key(1, 0) + Raw.varint(77) + Raw.key(1, 0) + Raw.varint(1 << 40)
        #expect(try Heartbeat(wireBytes: unpacked).runningJobIDs == [77, 1 << 40])
        let mixed = Raw.string(1, Raw.varint(1) + Raw.varint(2)) + Raw.key(1, 0) + Raw.varint(3) + Raw.string(1, [])
        #expect(try Heartbeat(wireBytes: mixed).runningJobIDs == [1, 2, 3])
        let cpus = Raw.key(9, 0) + Raw.varint(5) + Raw.string(9, Raw.varint(6))
        #expect(try RegisterNode(wireBytes: cpus).cpuIDs == [5, 6])
    }

    @Test("a nested message field sent twice is merged, as protobuf specifies")
    func nestedMerge() throws {
        let bytes = Raw.string(15, Raw.string(1, "first") + Raw.string(4, "a"))
            + Raw.string(15, Raw.string(2, "proj") + Raw.string(4, "b"))
        let job = try JobInfo(wireBytes: bytes)
        #expect(job.submission.name == "first")
        #expect(job.submission.project == "proj")
        #expect(job.submission.argv == ["a", "b"])
    }

    @Test("what proto3 readers accept rather than refuse: values wider than their field, fields of another wire type")
    func lenientLikeEveryProtobufReader() throws {
        // A uint32 field given a wider value keeps its low 32 bits (protobuf's rule; the old reader refused it).
        #expect(try JobStarted(wireBytes: Raw.key(2, 0) + Raw.varint(1 << 32 | 5)).pid == 5)
        // A known field sent with a wire type its type cannot have is skipped like an unknown one.
        #expect(try Hello(wireBytes: Raw.key(1, 0) + [1] + Raw.string(2, "c")) == Hello(token: "", clientName: "c"))
        // An error code beyond 16 bits is a code this peer does not know, treated as `internal` by the client.
        let reply = try ErrorReply(wireBytes: Raw.key(1, 0) + Raw.varint(70_000))
        #expect(reply.errorCode == 70_000 && reply.code.description == "code(65535)")
    }

    // MARK: Errors

    static let errorCases: [(String, @Sendable ([UInt8]) throws -> Void, [UInt8], WireError.Problem, String)] = [
        ("truncated varint", { _ = try SubmitJobReply(wireBytes: $0) }, [0x08, 0x80],
            .malformed, "SubmitJobReply payload: malformed"),
        ("truncated key", { _ = try SubmitJobReply(wireBytes: $0) }, [0x80],
            .malformed, "SubmitJobReply payload: malformed"),
        ("varint of 11 bytes", { _ = try SubmitJobReply(wireBytes: $0) }, [0x08] + Array(repeating: 0xFF, count: 10) + [0x01],
            .malformed, "SubmitJobReply payload: malformed"),
        ("string longer than the message", { _ = try Hello(wireBytes: $0) }, [0x0A, 0x05, 0x61],
            .truncated, "Hello payload: truncated"),
        ("huge length", { _ = try Hello(wireBytes: $0) }, [0x0A] + Raw.varint(.max),
            .malformed, "Hello payload: malformed"),
        ("unknown fixed64 cut short", { _ = try Hello(wireBytes: $0) }, Raw.key(9, 1) + [1, 2, 3],
            .truncated, "Hello payload: truncated"),
        ("unknown fixed32 cut short", { _ = try Hello(wireBytes: $0) }, Raw.key(9, 5) + [1],
            .truncated, "Hello payload: truncated"),
        ("invalid UTF-8", { _ = try Hello(wireBytes: $0) }, Raw.string(2, [0x61, 0xFF]),
            .invalidUTF8, "Hello payload: string is not valid UTF-8"),
        ("UTF-8 surrogate", { _ = try Hello(wireBytes: $0) }, Raw.string(1, [0xED, 0xA0, 0x80]),
            .invalidUTF8, "Hello payload: string is not valid UTF-8"),
        ("group without its end", { _ = try Hello(wireBytes: $0) }, Raw.key(7, 3),
            .truncated, "Hello payload: truncated"),
        ("end of a group never started", { _ = try Hello(wireBytes: $0) }, Raw.key(7, 4),
            .malformed, "Hello payload: malformed"),
        ("wire type 6", { _ = try Hello(wireBytes: $0) }, Raw.key(7, 6),
            .malformed, "Hello payload: malformed"),
        ("field number 0", { _ = try Hello(wireBytes: $0) }, [0x00],
            .malformed, "Hello payload: malformed"),
        ("field number 2^29", { _ = try Hello(wireBytes: $0) }, Raw.key(1 << 29, 0) + [0],
            .malformed, "Hello payload: malformed"),
        ("packed run ends inside a varint", { _ = try Heartbeat(wireBytes: $0) }, Raw.string(1, [0x80]) + [0x01],
            .malformed, "Heartbeat payload: malformed"),
        ("error deep inside nested messages", { _ = try JobList(wireBytes: $0) },
            Raw.string(1, Raw.string(15, Raw.string(4, [0xC3]))),
            .invalidUTF8, "JobList payload: string is not valid UTF-8"),
    ]

    @Test("malformed payloads throw a WireError naming the message and the problem", arguments: Self.errorCases.indices)
    func malformed(_ index: Int) {
        let (what, decode, bytes, problem, message) = Self.errorCases[index]
        do {
            try decode(bytes)
            Issue.record("\(what): decoded without error")
        } catch let error as WireError {
            #expect(error.problem == problem, "\(what)")
            #expect(error.description.hasPrefix(message), "\(what): \(error.description)")
        } catch {
            Issue.record("\(what): unexpected error type \(error)")
        }
    }

    /// Groups nested `levels` deep inside an unknown field: the only way to nest a payload deeper than the real
    /// messages do (JobList > JobInfo > JobSubmission), and what a hostile peer would send to exhaust the stack.
    static func nestedGroups(_ levels: Int) -> [UInt8] {
        Array(Array(repeating: Raw.key(9, 3), count: levels).joined()) + Array(Array(repeating: Raw.key(9, 4), count: levels).joined())
    }

    @Test("nesting is limited to 16 levels")
    func nestingLimit() throws {
        #expect(Hello.maximumDepth == 16)
        // The message itself is the first level.
        #expect(try Hello(wireBytes: Self.nestedGroups(Hello.maximumDepth - 1)) == Hello())
        #expect(throws: WireError(.nestingTooDeep(limit: 16), message: "Hello")) {
            try Hello(wireBytes: Self.nestedGroups(Hello.maximumDepth))
        }
        #expect(throws: WireError(.nestingTooDeep(limit: 16), message: "JobList")) {
            try JobList(wireBytes: Raw.string(1, Raw.string(15, Self.nestedGroups(100_000))))
        }
    }
}
