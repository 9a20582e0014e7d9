import ArgumentParser
import ProtocolFuzzing
import SchedulerCore
import SchedulerProtocol

/// `schedbench fuzz`: the long fuzz run of docs/SECURITY.md. Hostile byte streams through the frame decoder and
/// every message decoder in this process (seeded, 10^6 frames by default), what a decoded payload costs per byte
/// sent, then the same kind of input at a real schedd (`FuzzScheddBenchmark`). A decoder that trapped would end
/// the run without a report, so a report means no crash.
struct FuzzCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Fuzz the frame and message decoders (in-process, seeded) and a real schedd; report frames, faults and memory.")

    @OptionGroup var binaries: BinaryOptions

    @Option(help: "Frames through the in-process decoders.")
    var frames: Int = 1_000_000

    @Option(help: "Seed of the generator: the same seed replays the same inputs.")
    var seed: UInt64 = 13

    @Option(help: "Hostile connections to schedd before hello (each a fuzzed stream).")
    var connections: Int = 2_000

    @Option(help: "Connections held open at once in the memory cases.")
    var flood: Int = 1_000

    @Option(help: "Mutated requests on one authenticated connection.")
    var requests: Int = 100_000

    @Flag(help: "Only the in-process decoders: no schedd.")
    var inProcessOnly = false

    @Flag(help: "A fast smoke run: small sizes (figures are not meaningful).")
    var quick = false

    func run() async throws {
        print(MachineInfo.describe() + "\n")
        var decoders = FuzzDecoderBenchmark(frames: quick ? 20_000 : frames, seed: seed)
        for table in decoders.run() { table.print() }
        guard !inProcessOnly else { return }
        let schedd = FuzzScheddBenchmark(
            binDir: try ScheddProcess.binDir(binaries.binDir), seed: seed, connections: quick ? 200 : connections,
            flood: quick ? 100 : flood, requests: quick ? 2_000 : requests)
        for table in try schedd.run() { table.print() }
        print("load average at the end: \(MachineInfo.loadAverage() ?? "?")")
    }
}

/// The in-process part: frames through the decoders, and the decoded footprint of each kind's worst payload.
struct FuzzDecoderBenchmark {
    var frames: Int
    var seed: UInt64

    mutating func run() -> [ReportTable] {
        progress("fuzz: \(Format.grouped(frames)) frames through the decoders (seed \(seed))")
        ProcessMemory.trimHeap()
        ProcessMemory.resetPeak()
        let before = ProcessMemory.read()
        var rng = SplitMix64(seed: seed)
        let fuzzer = FrameFuzzer(seeds: FuzzSeeds.frames)
        let (tally, ms) = Stopwatch.measure { fuzzer.run(frames: frames, using: &rng) }
        let after = ProcessMemory.read()
        var table = ReportTable(
            "fuzz: frame and message decoders, in-process (seed \(seed), frame limit \(Format.grouped(fuzzer.maximumPayloadBytes)) bytes)",
            columns: ["frames", "streams", "MiB fed", "seconds", "frames/s", "payloads decoded", "payloads refused",
                      "streams refused", "faults", "crashes", "RSS before MiB", "peak RSS MiB"])
        table.add([Format.grouped(tally.framesThrough), Format.grouped(tally.inputs),
                   Format.fixed(Double(tally.bytes) / 1_048_576, 1), Format.fixed(ms / 1000, 1),
                   Format.count(Double(tally.framesThrough) / (ms / 1000)), Format.grouped(tally.decoded),
                   Format.grouped(tally.payloadRejections), Format.grouped(tally.streamErrors.values.reduce(0, +)),
                   String(tally.faults), "0",
                   before.map { Format.mib(fromKiB: $0.rssKiB) } ?? "n/a", after.map { Format.mib(fromKiB: $0.peakKiB) } ?? "n/a"])
        if !tally.unstableExamples.isEmpty { progress("fuzz: unstable payloads: \(tally.unstableExamples)") }

        var refusals = ReportTable("fuzz: why inputs were refused", columns: ["refusal", "count"])
        for (name, count) in tally.streamErrors.sorted(by: { $0.key < $1.key }) {
            refusals.add(["stream: \(name)", Format.grouped(count)])
        }
        for (name, count) in tally.rejected.sorted(by: { $0.key < $1.key }) {
            refusals.add(["payload: \(name)", Format.grouped(count)])
        }
        refusals.add(["frame of a kind with no message", Format.grouped(tally.unknownKinds)])
        return [table, refusals, footprints()]
    }

    /// The worst payload of each kind: decoded heap bytes per payload byte, highest first.
    private func footprints() -> ReportTable {
        progress("fuzz: decoded footprint of each kind's worst payload")
        var table = ReportTable("fuzz: decoded bytes per payload byte, worst payload of each kind (highest first)",
                                columns: ["kind", "message", "bytes per byte", "worst payload"])
        let worst = PayloadCatalog.entries.map { DecodedFootprint.worst($0) }.sorted { $0.ratio > $1.ratio }
        for entry in worst {
            table.add(["\(entry.kind) (\(entry.kind.rawValue))", entry.message, Format.fixed(entry.ratio, 1), entry.payload])
        }
        return table
    }
}
