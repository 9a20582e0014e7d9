import NIOCore
import ProtocolFuzzing
import SchedulerProtocol
import Testing

/// Bounded, seeded fuzzing: random, truncated and mutated inputs may be rejected, but must never trap; whatever
/// decodes must be well-formed and re-encode to itself; and the frame decoder must refuse what it cannot hold.
/// The long run (10^6 frames) is `schedbench fuzz` (docs/SECURITY.md).
@Suite("Fuzz")
struct FuzzTests {
    /// Feeds `bytes` to every message decoder and returns how many accepted it. A decode that
    /// succeeds must be stable; a rejection must be a described WireError. (`Issue.record` only on
    /// failure: an `#expect` per decode would dominate the run time.)
    static func decodeWithEveryType(_ bytes: [UInt8]) -> Int {
        var decoded = 0
        for message in Samples.all {
            do {
                if try !message.decodeStable(bytes) { Issue.record("\(message) unstable for \(bytes)") }
                decoded += 1
            } catch let error as WireError {
                if error.description.isEmpty { Issue.record("empty description for \(bytes)") }
            } catch {
                Issue.record("\(message): unexpected error \(error) for \(bytes)")
            }
        }
        return decoded
    }

    /// Whether `bytes` is a well-formed sequence of top-level fields (valid keys, varints of at most ten bytes, lengths
    /// within the payload, groups closed by their own end), walked here byte by byte with none of the decoders' code:
    /// the oracle they are checked against.
    static func isWellFormed(_ bytes: [UInt8]) -> Bool {
        var position = 0
        func varint() -> UInt64? {
            var value: UInt64 = 0
            for shift in stride(from: UInt64(0), through: 63, by: 7) {
                guard position < bytes.count else { return nil }
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
            }
            return nil
        }
        /// Fields up to the end of the group `group` (nil: the end of the payload). The payload's message is level 1
        /// and each group one more: the decoders accept up to `WireMessage.maximumDepth` (16) levels, so 15 nested
        /// groups are well-formed (WireEncodingTests.nestingLimit) and the 16th is not.
        func fields(until group: UInt64?, depth: Int) -> Bool {
            guard depth <= Hello.maximumDepth else { return false }
            while position < bytes.count {
                guard let key = varint(), (1...0x1FFF_FFFF).contains(key >> 3) else { return false }
                switch key & 7 {
                case 0: guard varint() != nil else { return false }
                case 1: position += 8
                case 2:
                    guard let length = varint(), length <= UInt64(bytes.count - position) else { return false }
                    position += Int(length)
                case 3: guard fields(until: key >> 3, depth: depth + 1) else { return false }
                case 4: return key >> 3 == group
                case 5: position += 4
                default: return false
                }
                guard position <= bytes.count else { return false }
            }
            return group == nil
        }
        return fields(until: nil, depth: 1)
    }

    /// The full samples of the protocol tests as frames of every kind that carries their message, then the
    /// fuzzers' own seeds (realistic traffic) and the framing tests' frames.
    static let seedFrames: [Frame] = {
        let samples = Dictionary(Samples.all.map { ($0.description, $0.sampleBytes) }) { first, _ in first }
        let full = PayloadCatalog.entries.enumerated().compactMap { index, entry -> Frame? in
            samples[entry.message].map { Frame(kind: entry.kind, requestID: UInt64(index + 1), payload: ByteBuffer(bytes: $0)) }
        }
        return full + FuzzSeeds.frames + FramingTests.frames.filter { $0.payload.readableBytes < 4_000 }
    }()

    @Test("every message kind has an entry in the fuzzers' catalog, and a full sample to start from")
    func catalogCoversEveryKind() {
        let catalogued = PayloadCatalog.entries.map(\.kind)
        #expect(catalogued == PayloadCatalog.namedKinds, "PayloadCatalog must list every MessageKind, in order")
        let sampled = Set(Samples.all.map(\.description))
        let unsampled = PayloadCatalog.entries.filter { !sampled.contains($0.message) }.map(\.message)
        #expect(unsampled.isEmpty, "messages without a sample in Fixtures.swift: \(unsampled)")
        #expect(Set(FuzzSeeds.frames.map(\.kind)) == Set(catalogued))
    }

    @Test("random bytes to every message decoder")
    func randomPayloads() {
        let seed = FuzzSeed.pick(1)
        var rng = SplitMix64(seed: seed)
        var decoded = 0
        for _ in 0..<1_500 {
            decoded += Self.decodeWithEveryType(rng.bytes(count: Int.random(in: 0...48, using: &rng)))
        }
        // Sanity: the fuzzer is not only producing inputs that fail at the first byte.
        #expect(decoded > 500, "\(FuzzSeed.rerun(seed))")
    }

    /// The messages schedd decodes from clients and agents: what an untrusted peer can make it hold.
    static let fromPeers: Set<MessageKind> = [.hello, .submitJob, .queryJobs, .cancelJobs, .releaseJobs, .holdJobs, .readLog,
                                              .runStep, .signalStep, .stepInput, .endAllocation, .listNodes, .nodeControl,
                                              .registerNode, .heartbeat, .jobStarted, .jobExited, .stepOutput,
                                              .stepTaskExited, .logChunk, .listAccounts, .listAudit, .queryUsage,
                                              .fundingReport, .jobPriority, .queryHistory, .usageSeries,
                                              .fairShareTree, .queueSeries]

    /// What a decoded payload of `bytes` bytes may own on the heap: 16 bytes per byte (the bound `decodedFootprint`
    /// holds each peer message's worst payload to), plus room for the headers of a few short arrays.
    static func footprintBound(_ bytes: Int) -> Int { 16 * bytes + 1_024 }

    /// Each kind's decoder gets mutants of its own full sample. Whatever it accepts must be a well-formed field
    /// sequence (a decoder that stopped early, or skipped a broken field, would accept more), must re-encode to itself
    /// and, for what peers send schedd, must cost no more memory than its size allows; whatever it refuses, it refuses
    /// with a described WireError naming the message (a trap would end the test run). Each decoder must both accept
    /// and refuse some mutants, or the run has tested nothing. Seeded: every failure names the seed.
    @Test("mutated valid payloads: refused with a WireError, or decoded to a well-formed, bounded value that re-encodes to itself")
    func mutatedPayloads() {
        let seed = FuzzSeed.pick(2)
        var rng = SplitMix64(seed: seed)
        let samples = Dictionary(Samples.all.map { ($0.description, $0.sampleBytes) }) { first, _ in first }
        let started = ContinuousClock.now
        var idle: [String] = []
        var measured = 0
        for entry in PayloadCatalog.entries {
            guard let sample = samples[entry.message], !sample.isEmpty else { continue }
            var decoded = 0
            var rejected = 0
            for _ in 0..<60 {
                let mutant = ByteMutator.mutate(sample, using: &rng)
                switch entry.check(ByteBuffer(bytes: mutant)) {
                case .decoded:
                    decoded += 1
                    if !Self.isWellFormed(mutant) {
                        Issue.record("\(entry.message) accepted malformed bytes \(mutant) (\(FuzzSeed.rerun(seed)))")
                    }
                    guard Self.fromPeers.contains(entry.kind), let value = entry.decode(ByteBuffer(bytes: mutant)) else { continue }
                    measured += 1
                    let held = DecodedFootprint.heapBytes(of: value)
                    if held > Self.footprintBound(mutant.count) {
                        Issue.record("\(entry.message): \(mutant.count) bytes decoded to \(held) heap bytes (\(FuzzSeed.rerun(seed)))")
                    }
                case .rejected(let error):
                    rejected += 1
                    if error.message != entry.message || error.description.isEmpty {
                        Issue.record("\(entry.message): error \(error) for \(mutant) (\(FuzzSeed.rerun(seed)))")
                    }
                case .unstable(let why):
                    Issue.record("\(why), for \(mutant) (\(FuzzSeed.rerun(seed)))")
                }
            }
            if decoded == 0 || rejected == 0 { idle.append("\(entry.kind): \(decoded) decoded, \(rejected) refused") }
            // Every decoder also meets every other message's mutants.
            _ = Self.decodeWithEveryType(ByteMutator.mutate(sample, using: &rng))
        }
        #expect(idle.isEmpty, "mutations that tested only one side: \(idle) (\(FuzzSeed.rerun(seed)))")
        #expect(measured > 100, "too few peer messages decoded to measure: \(measured)")
        // Thousands of small payloads: seconds at most, even on a loaded machine (a decoder gone quadratic is not).
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    /// A payload cut short is accepted exactly when the cut falls between two top-level fields (a peer may leave
    /// fields out, never half a field), and then decodes to a stable value.
    @Test("every truncation of every sample")
    func truncatedPayloads() {
        var checked = 0
        for entry in PayloadCatalog.entries {
            guard let sample = Samples.all.first(where: { $0.description == entry.message })?.sampleBytes else { continue }
            for length in 0..<sample.count {
                let prefix = Array(sample.prefix(length))
                let wellFormed = Self.isWellFormed(prefix)
                switch entry.check(ByteBuffer(bytes: prefix)) {
                case .decoded where !wellFormed:
                    Issue.record("\(entry.message) accepted a payload cut inside a field at \(length) of \(sample.count) bytes")
                case .rejected(let error) where wellFormed:
                    Issue.record("\(entry.message) refused its first \(length) bytes, which end between fields: \(error)")
                case .unstable(let why):
                    Issue.record("\(why), cut at \(length)")
                default:
                    checked += 1
                }
            }
        }
        #expect(checked > 5_000)
    }

    /// Byte streams as a peer's connection carries them (noise, mutated and relabelled frames, truncations,
    /// oversized headers, other versions, replays), cut into random reads, through the frame decoder and every
    /// frame's payload through its kind's decoder. No fault, every kind of refusal reached, and the frame decoder
    /// never holds more than one header and one maximum payload.
    @Test("hostile byte streams through the frame decoder and every message decoder")
    func frames() {
        let seed = FuzzSeed.pick(3)
        var rng = SplitMix64(seed: seed)
        let maximum = 4_096
        let fuzzer = FrameFuzzer(seeds: Self.seedFrames, maximumPayloadBytes: maximum)
        let tally = fuzzer.run(inputs: 6_000, using: &rng)
        #expect(tally.faults == 0, "unstable: \(tally.unstableExamples) (\(FuzzSeed.rerun(seed)))")
        #expect(tally.mostBuffered < FrameHeader.size + maximum)
        #expect(Set(tally.streamErrors.keys) == ["badFrame", "unsupportedVersion", "frameTooLarge"], "\(tally.streamErrors)")
        // Every problem a payload can have, except nesting deeper than 16 (no message nests that deep).
        let reachable: Set = ["truncated", "malformed", "invalidUTF8"]
        #expect(Set(tally.rejected.keys) == reachable, "\(tally.rejected)")
        #expect(tally.decoded > 1_000 && tally.unknownKinds > 0, "\(tally)")
    }

    /// What a peer can make schedd hold per byte it sends, for the payloads schedd decodes from clients and agents:
    /// each message's worst payload (a field repeated as its smallest element). A 4 MiB frame then costs at most
    /// 16 × 4 MiB while it is decoded. A message that grows a repeated field of large elements fails here.
    @Test("decoding what clients and agents send costs at most 16 bytes per payload byte")
    func decodedFootprint() {
        for kind in Self.fromPeers.sorted(by: { $0.rawValue < $1.rawValue }) {
            let worst = DecodedFootprint.worst(PayloadCatalog.entry(for: kind)!)
            #expect(worst.ratio <= 16, "\(kind) (\(worst.message)): \(worst.ratio) bytes per byte for \(worst.payload)")
            #expect(worst.accepted > 0, "\(kind): no payload accepted")
        }
        // The estimate itself: 1,000 one-byte packed ids are 1,000 UInt64s.
        var ids = Heartbeat()
        ids.runningJobIDs = Array(repeating: 1, count: 1_000)
        #expect(DecodedFootprint.heapBytes(of: ids) == 32 + 8_000)
    }
}
