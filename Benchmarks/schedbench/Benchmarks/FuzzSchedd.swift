import Foundation
import NIOCore
import ProtocolFuzzing
import SchedulerCore
import SchedulerProtocol

/// The part of `schedbench fuzz` that aims at a real schedd on 127.0.0.1 (a fresh one, as the integration tests
/// start it): fuzzed streams on fresh connections before `hello`, floods of connections that hold memory open, and
/// mutated requests on an authenticated connection. Afterwards schedd must still answer a normal client.
struct FuzzScheddBenchmark {
    let binDir: String
    let seed: UInt64
    let connections: Int
    let flood: Int
    let requests: Int

    func run() throws -> [ReportTable] {
        let dir = try TempDirectory("fuzz")
        defer { dir.remove() }
        let stateDir = dir.path + "/state"
        let token = try ScheddProcess.issueToken(binDir: binDir, stateDir: stateDir, user: "bench")
        let schedd = try ScheddProcess.start(binDir: binDir, stateDir: stateDir)
        defer { schedd.stop() }
        var rng = SplitMix64(seed: seed)
        let hello = Frame(kind: .hello, requestID: 1, message: Hello(token: token, clientName: "schedbench fuzz"))
        let before = schedd.memory
        let hostile = try hostileConnections(schedd, hello: hello, rng: &rng)
        let floods = try floodRows(schedd)
        let mutated = try mutatedRequests(schedd, hello: hello, rng: &rng)
        var after = ReportTable("fuzz: schedd afterwards", columns: ["schedd running", "a normal client answered",
                                                                     "RSS at start MiB", "RSS now MiB", "peak RSS MiB"])
        let answered = (try? normalClientIsAnswered(schedd, hello: hello)) ?? false
        let now = schedd.memory
        after.add([schedd.process.isRunning ? "yes" : "NO", answered ? "yes" : "NO",
                   before.map { Format.mib(fromKiB: $0.rssKiB) } ?? "n/a", now.map { Format.mib(fromKiB: $0.rssKiB) } ?? "n/a",
                   now.map { Format.mib(fromKiB: $0.peakKiB) } ?? "n/a"])
        return [hostile, floods, mutated, after]
    }

    /// One fuzzed stream per connection (every shape in turn, made from a valid hello and the other seeds), then the
    /// end of the stream; schedd must answer or close every one.
    private func hostileConnections(_ schedd: ScheddProcess, hello: Frame, rng: inout SplitMix64) throws -> ReportTable {
        progress("fuzz: \(Format.grouped(connections)) hostile connections before hello")
        let fuzzer = FrameFuzzer(seeds: [hello, hello, hello] + FuzzSeeds.frames)
        var errors = 0, welcomed = 0, closed = 0, open = 0
        let (_, ms) = try Stopwatch.measure {
            for index in 0..<connections {
                let shape = FrameFuzzer.Shape.allCases[index % FrameFuzzer.Shape.allCases.count]
                let peer = try RawPeer(host: schedd.host, port: schedd.port)
                peer.send(fuzzer.input(shape, using: &rng))
                peer.finishWriting()
                let reception = peer.receive(timeoutMs: 12_000)
                if reception.frames.first?.kind == .error { errors += 1 }
                if reception.frames.first?.kind == .welcome { welcomed += 1 }
                if reception.closed { closed += 1 } else { open += 1 }
            }
        }
        var table = ReportTable("fuzz: hostile connections to schedd before hello (fuzzed stream, then end of stream)",
                                columns: ["connections", "answered with an error frame", "welcomed (hello survived)",
                                          "closed by schedd", "left open", "seconds", "connections/s"])
        table.add([Format.grouped(connections), Format.grouped(errors), Format.grouped(welcomed), Format.grouped(closed),
                   String(open), Format.fixed(ms / 1000, 1), Format.count(Double(connections) / (ms / 1000))])
        return table
    }

    /// `flood` connections at once: each announcing a 4 MiB hello (refused from its header), then each holding an
    /// unfinished hello just under the 64 KiB allowed before authentication (what a connection can make schedd hold).
    private func floodRows(_ schedd: ScheddProcess) throws -> ReportTable {
        var table = ReportTable("fuzz: schedd memory while \(Format.grouped(flood)) connections hold frames before hello",
                                columns: ["each connection sends", "refused and closed", "RSS before MiB",
                                          "RSS while held MiB", "RSS after they close MiB (seconds until then)"])
        let limit = FrameLimit.beforeAuthentication
        let cases: [(String, UInt32, Int)] = [
            ("a header announcing a 4 MiB hello, then 64 KiB of it", 4 << 20, 64 << 10),
            ("an unfinished hello of \(Format.grouped(limit - 1_024)) bytes, \(Format.grouped(limit - 2_048)) sent",
             UInt32(limit - 1_024), limit - 2_048),
        ]
        for (label, length, sent) in cases {
            progress("fuzz: \(Format.grouped(flood)) connections, each \(label)")
            let before = schedd.memory
            var header = ByteBuffer()
            FrameHeader(kind: .hello, requestID: 1, payloadLength: length).write(to: &header)
            let bytes = Array(header.readableBytesView) + [UInt8](repeating: 0x0A, count: sent)
            var peers: [RawPeer] = []
            for _ in 0..<flood {
                let peer = try RawPeer(host: schedd.host, port: schedd.port)
                peer.send(bytes)
                peers.append(peer)
            }
            // Well within the 10 s handshake deadline, so only a refusal can have closed a connection.
            usleep(500_000)
            var refused = 0
            for peer in peers where peer.receive(timeoutMs: 5).closed { refused += 1 }
            let held = schedd.memory
            for peer in peers { peer.close() }
            peers = []
            // schedd gives freed heap back every 10 s: wait for that (up to 12 s) and say how long it took.
            var waited = 0.0
            var after = schedd.memory
            while waited < 12, let rss = after?.rssKiB, let start = before?.rssKiB, rss > start + 8 * 1024 {
                usleep(500_000)
                waited += 0.5
                after = schedd.memory
            }
            table.add([label, Format.grouped(refused), before.map { Format.mib(fromKiB: $0.rssKiB) } ?? "n/a",
                       held.map { Format.mib(fromKiB: $0.rssKiB) } ?? "n/a",
                       (after.map { Format.mib(fromKiB: $0.rssKiB) } ?? "n/a") + " (\(Format.fixed(waited, 1)) s)"])
        }
        return table
    }

    /// Every kind schedd answers, its payload mutated (the header kept valid, so the stream stays in sync), 64 in
    /// flight at a time on one authenticated connection. Each gets exactly one answer: a reply or an error.
    private func mutatedRequests(_ schedd: ScheddProcess, hello: Frame, rng: inout SplitMix64) throws -> ReportTable {
        progress("fuzz: \(Format.grouped(requests)) mutated requests on an authenticated connection")
        // stepInput is the one kind schedd never answers (keystrokes for a step).
        let seeds = FuzzSeeds.frames.filter { $0.kind != .stepInput }
        var peer = try authenticated(schedd, hello: hello)
        var sent = 0, replies = 0, errors = 0, reconnections = 0
        var nextID: UInt64 = 2
        let (_, ms) = try Stopwatch.measure {
            while sent < requests {
                let batch = min(64, requests - sent)
                var bytes: [UInt8] = []
                for _ in 0..<batch {
                    let seed = seeds.randomElement(using: &rng)!
                    let payload = ByteMutator.mutate(Array(seed.payload.readableBytesView), using: &rng)
                    bytes += try Frame(kind: seed.kind, requestID: nextID, payload: ByteBuffer(bytes: payload)).bytes()
                    nextID += 1
                }
                peer.send(bytes)
                sent += batch
                let reception = peer.receive(frames: batch, timeoutMs: 30_000)
                replies += reception.frames.count
                errors += reception.frames.filter { $0.kind == .error }.count
                if reception.closed || reception.frames.count < batch {
                    reconnections += 1
                    peer = try authenticated(schedd, hello: hello)
                }
            }
        }
        var table = ReportTable("fuzz: mutated requests on one authenticated connection (user token, 64 in flight)",
                                columns: ["requests", "answered", "of which errors", "seconds", "requests/s",
                                          "connections lost"])
        table.add([Format.grouped(sent), Format.grouped(replies), Format.grouped(errors), Format.fixed(ms / 1000, 1),
                   Format.count(Double(sent) / (ms / 1000)), String(reconnections)])
        return table
    }

    private func authenticated(_ schedd: ScheddProcess, hello: Frame) throws -> RawPeer {
        let peer = try RawPeer(host: schedd.host, port: schedd.port)
        peer.send(hello)
        guard peer.receive(frames: 1, timeoutMs: 10_000).frames.first?.kind == .welcome else {
            throw BenchError("schedd did not welcome a valid hello")
        }
        return peer
    }

    private func normalClientIsAnswered(_ schedd: ScheddProcess, hello: Frame) throws -> Bool {
        let peer = try authenticated(schedd, hello: hello)
        peer.send(Frame(kind: .queryJobs, requestID: 2, message: QueryJobs()))
        return peer.receive(frames: 1, timeoutMs: 10_000).frames.first?.kind == .jobList
    }
}
