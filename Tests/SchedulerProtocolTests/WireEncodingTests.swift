import NIOCore
import SchedulerProtocol
import Testing

@Suite("Payload encoding")
struct WireEncodingTests {
    @Test("every message round-trips with every field set", arguments: Samples.all)
    func roundTrip(_ message: MessageCase) throws {
        #expect(try message.roundTrips())
        let recorder = try FieldRecorder(wireBytes: message.sampleBytes)
        #expect(recorder.fields == message.fields, "the sample must set every field")
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
        ("bytes", { var c = LogChunk(); c.data = [0, 0xFF]; return c.wireBytes() }(), [0x0A, 0x02, 0x00, 0xFF]),
        ("KillJob() sends its non-zero defaults", KillJob().wireBytes(), [0x10, 0x0F, 0x18, 0x0A]),
    ] as [(String, [UInt8], [UInt8])])
    func goldenBytes(_ what: String, _ encoded: [UInt8], _ expected: [UInt8]) {
        #expect(encoded == expected, "\(what)")
    }

    @Test("KillJob fields absent on the wire decode as 0, like any protobuf decoder")
    func killJobWireDefaults() throws {
        let decoded = try KillJob(wireBytes: [UInt8]())
        #expect(decoded.signal == 0 && decoded.graceSeconds == 0)
        var explicitZero = KillJob()
        explicitZero.signal = 0
        #expect(try KillJob(wireBytes: explicitZero.wireBytes()) == explicitZero)
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

    @Test("unknown fields of every wire type are skipped")
    func unknownFieldsSkipped() throws {
        let hello = Hello(token: "tok", clientName: "cli")
        let unknown: [UInt8] =
            Raw.key(100, 0) + Raw.varint(UInt64.max)                     // varint
            + Raw.key(101, 1) + [1, 2, 3, 4, 5, 6, 7, 8]                 // fixed64
            + Raw.string(102, Samples.jobInfo.wireBytes())                // length-delimited (a message)
            + Raw.key(103, 5) + [1, 2, 3, 4]                             // fixed32
            + Raw.string(0x1FFF_FFFF, "highest field number")
        // Unknown fields before, between and after the known ones.
        let bytes = unknown + Raw.string(1, "tok") + unknown + Raw.string(2, "cli") + unknown
        #expect(try Hello(wireBytes: bytes) == hello)
        // Also inside a nested message.
        var job = JobInfo()
        job.submission.name = "n"
        let nested = Raw.string(15, Raw.string(1, "n") + unknown) + unknown
        #expect(try JobInfo(wireBytes: nested) == job)
    }

    /// What a newer peer's `JobInfo` would carry: everything today's has plus new fields.
    struct FutureJobInfo: WireMessage {
        var current = JobInfo()
        var priority: UInt64 = 0           // 20
        var labels: [String] = []          // 21
        var node = NodeAllocationInfo()    // 22
        func encode(to writer: inout WireWriter) {
            current.encode(to: &writer)
            writer.write(priority, field: 40)
            writer.write(labels, field: 41)
            writer.writeMessage(node, field: 42)
        }
        mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
            switch field {
            case 20: priority = try reader.readUInt64(wireType)
            case 21: labels.append(try reader.readString(wireType))
            case 22: try reader.readMessage(wireType, into: &node)
            default: try current.decodeField(field, wireType: wireType, from: &reader)
            }
        }
    }

    /// What an older peer's `JobInfo` would know: the first three fields.
    struct PastJobInfo: WireMessage, Equatable {
        var id: UInt64 = 0
        var name = ""
        var user = ""
        func encode(to writer: inout WireWriter) {
            writer.write(id, field: 1)
            writer.write(name, field: 2)
            writer.write(user, field: 3)
        }
        mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
            switch field {
            case 1: id = try reader.readUInt64(wireType)
            case 2: name = try reader.readString(wireType)
            case 3: user = try reader.readString(wireType)
            default: try reader.skip(wireType)
            }
        }
    }

    @Test("a newer message decodes as today's, and today's as an older one")
    func versionSkew() throws {
        var future = FutureJobInfo()
        future.current = Samples.jobInfo
        future.priority = 7
        future.labels = ["a", "b"]
        future.node = Samples.allocation
        let futureBytes = future.wireBytes()
        #expect(try JobInfo(wireBytes: futureBytes) == Samples.jobInfo)
        let list = JobList(jobs: [Samples.jobInfo])
        #expect(try JobList(wireBytes: Raw.string(1, futureBytes)) == list)

        let past = try PastJobInfo(wireBytes: Samples.jobInfo.wireBytes())
        #expect(past == PastJobInfo(id: Samples.jobInfo.id, name: Samples.jobInfo.name, user: Samples.jobInfo.user))
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

    // MARK: Errors

    static let errorCases: [(String, @Sendable ([UInt8]) throws -> Void, [UInt8], WireError.Problem, String)] = [
        ("truncated varint", { _ = try SubmitJobReply(wireBytes: $0) }, [0x08, 0x80],
            .truncatedVarint, "SubmitJobReply field 1: truncated varint"),
        ("truncated key", { _ = try SubmitJobReply(wireBytes: $0) }, [0x80],
            .truncatedVarint, "SubmitJobReply field key: truncated varint"),
        ("varint of 11 bytes", { _ = try SubmitJobReply(wireBytes: $0) }, [0x08] + Array(repeating: 0xFF, count: 10) + [0x01],
            .varintOverflow, "SubmitJobReply field 1: varint overflow"),
        ("10th varint byte above 1", { _ = try SubmitJobReply(wireBytes: $0) }, [0x08] + Array(repeating: 0xFF, count: 9) + [0x02],
            .varintOverflow, "SubmitJobReply field 1: varint overflow"),
        ("string longer than the message", { _ = try Hello(wireBytes: $0) }, [0x0A, 0x05, 0x61],
            .lengthBeyondEnd(length: 5, available: 1), "Hello field 1: length 5 goes beyond"),
        ("huge length", { _ = try Hello(wireBytes: $0) }, [0x0A] + Raw.varint(.max),
            .lengthBeyondEnd(length: .max, available: 0), "Hello field 1: length 18446744073709551615"),
        ("unknown fixed64 cut short", { _ = try Hello(wireBytes: $0) }, Raw.key(9, 1) + [1, 2, 3],
            .lengthBeyondEnd(length: 8, available: 3), "Hello field 9"),
        ("unknown fixed32 cut short", { _ = try Hello(wireBytes: $0) }, Raw.key(9, 5) + [1],
            .lengthBeyondEnd(length: 4, available: 1), "Hello field 9"),
        ("invalid UTF-8", { _ = try Hello(wireBytes: $0) }, Raw.string(2, [0x61, 0xFF]),
            .invalidUTF8, "Hello field 2: string is not valid UTF-8"),
        ("UTF-8 surrogate", { _ = try Hello(wireBytes: $0) }, Raw.string(1, [0xED, 0xA0, 0x80]),
            .invalidUTF8, "Hello field 1: string is not valid UTF-8"),
        ("group start", { _ = try Hello(wireBytes: $0) }, Raw.key(7, 3),
            .unknownWireType(3), "Hello field key: unknown wire type 3"),
        ("wire type 6", { _ = try Hello(wireBytes: $0) }, Raw.key(7, 6),
            .unknownWireType(6), "Hello field key: unknown wire type 6"),
        ("field number 0", { _ = try Hello(wireBytes: $0) }, [0x00],
            .invalidFieldNumber(0), "Hello field key: invalid field number 0"),
        ("field number 2^29", { _ = try Hello(wireBytes: $0) }, Raw.key(1 << 29, 0) + [0],
            .invalidFieldNumber(1 << 29), "Hello field key: invalid field number"),
        ("string sent as varint", { _ = try Hello(wireBytes: $0) }, Raw.key(1, 0) + [1],
            .wrongWireType(expected: .lengthDelimited, got: .varint), "Hello field 1: wire type varint where length-delimited"),
        ("packed sent as fixed32", { _ = try Heartbeat(wireBytes: $0) }, Raw.key(1, 5) + [0, 0, 0, 0],
            .wrongWireType(expected: .lengthDelimited, got: .fixed32), "Heartbeat field 1"),
        ("UInt32 overflow", { _ = try JobStarted(wireBytes: $0) }, Raw.key(2, 0) + Raw.varint(1 << 32),
            .valueOutOfRange(value: 1 << 32, type: "UInt32"), "JobStarted field 2: value 4294967296 is out of range for UInt32"),
        ("packed UInt32 overflow", { _ = try RegisterNode(wireBytes: $0) }, Raw.string(9, Raw.varint(1) + Raw.varint(1 << 33)),
            .valueOutOfRange(value: 1 << 33, type: "UInt32"), "RegisterNode field 9"),
        ("Int32 overflow", { _ = try JobExited(wireBytes: $0) }, Raw.key(2, 0) + Raw.varint(1 << 32),
            .valueOutOfRange(value: 1 << 32, type: "Int32"), "JobExited field 2: value 4294967296 is out of range for Int32"),
        ("UInt16 error code overflow", { _ = try ErrorReply(wireBytes: $0) }, Raw.key(1, 0) + Raw.varint(70_000),
            .valueOutOfRange(value: 70_000, type: "UInt16"), "ErrorReply field 1"),
        ("packed run ends inside a varint", { _ = try Heartbeat(wireBytes: $0) }, Raw.string(1, [0x80]) + [0x01],
            .truncatedVarint, "Heartbeat field 1: truncated varint"),
        ("error deep inside nested messages", { _ = try JobList(wireBytes: $0) },
            Raw.string(1, Raw.string(15, Raw.string(4, [0xC3]))),
            .invalidUTF8, "JobList field 1 > JobInfo field 15 > JobSubmission field 4: string is not valid UTF-8"),
    ]

    @Test("malformed payloads throw a WireError naming field and problem", arguments: Self.errorCases.indices)
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

    /// A message that nests itself, to reach the depth limit (no real message nests that deep).
    struct Nest: WireMessage, Equatable {
        var children: [Nest] = []
        func encode(to writer: inout WireWriter) { writer.writeMessages(children, field: 1) }
        mutating func decodeField(_ field: UInt32, wireType: WireType, from reader: inout WireReader) throws(WireError) {
            if field == 1 { children.append(try reader.readMessage(wireType)) } else { try reader.skip(wireType) }
        }
        static func depth(_ levels: Int) -> Nest {
            var nest = Nest()
            for _ in 1..<levels { nest = Nest(children: [nest]) }
            return nest
        }
    }

    @Test("nesting is limited to 16 levels")
    func nestingLimit() throws {
        let sixteen = Nest.depth(WireReader.maximumDepth)
        #expect(try Nest(wireBytes: sixteen.wireBytes()) == sixteen)
        let seventeen = Nest.depth(WireReader.maximumDepth + 1)
        #expect(throws: WireError.self) { try Nest(wireBytes: seventeen.wireBytes()) }
        do {
            _ = try Nest(wireBytes: Nest.depth(1000).wireBytes())
            Issue.record("1000 levels decoded")
        } catch {
            #expect(error.problem == .nestingTooDeep(limit: 16))
            #expect(error.path.count == 16)
        }
    }
}
