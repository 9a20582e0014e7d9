import ArgumentParser
import Foundation
import SchedulerCore
import SchedulerStore

/// `schedbench ledger`: what the usage ledger costs per running job per day, one row per tick (before rows were
/// folded) against one row per job per period (now), and how long schedd's load takes over a ledger of millions of
/// tick rows: the first load folds them, later loads replay the folded rows.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Usage ledger: bytes per running job per day, and load time over millions of tick rows.")

    @Option(help: "Running jobs charged for a day, every minute.")
    var jobs: Int = 100

    @Option(help: "Tick rows (one per job per minute, as the ledger was written before) in the start-up test.")
    var rows: Int = 3_000_000

    func run() async throws {
        print(MachineInfo.describe() + "\n")
        try LedgerBenchmark(jobs: jobs, rows: rows).run().forEach { $0.print() }
    }
}

struct LedgerBenchmark {
    var jobs: Int
    var rows: Int
    static let policy = AccountingPolicy()
    static let start = Instant(milliseconds: 1_767_225_600_000)

    func run() throws -> [ReportTable] {
        [try perJobDay(), try startUp()]
    }

    static func job(_ i: Int) -> ChargeableJob {
        ChargeableJob(id: JobID(UInt64(i + 1)), project: "p\(i % 10)", user: "u\(i % 37)", qos: .normal,
                      resources: ChargeableResources(gpus: 1 + i % 8, gpuModel: nil, cpus: 8, memoryMB: 64_000),
                      startedAt: start)
    }

    /// A day of one-minute ticks for `jobs` running jobs, committed minute by minute: as tick rows, then as rows.
    func perJobDay() throws -> ReportTable {
        var table = ReportTable(
            "ledger: \(Format.grouped(jobs)) running jobs charged every minute for a day, on \(TempDirectoryInfo.describe())",
            columns: ["ledger", "rows", "rows per job per day", "bytes per job per day"])
        let running = (0..<jobs).map(Self.job)
        for folded in [false, true] {
            let dir = try TempDirectory("ledger")
            defer { dir.remove() }
            let store = try StateStore(path: dir.path + "/aisched.db")
            var book = AccountingBook(policy: Self.policy)
            var meter = ChargeMeter()
            var now = Self.start
            for _ in 0..<(24 * 60) {
                now = now + .minutes(1)
                let written = folded ? book.tick(running: running, at: now, accounts: AccountRegistry())
                    : meter.tick(running: running, at: now, charger: Self.policy.charger)
                try store.commitNow(written.map(Transition.usageCharged))
            }
            let footprint = try store.ledgerFootprint()
            table.add([folded ? "a row per job per hour (now)" : "a row per tick (before)", Format.grouped(footprint.rows),
                       Format.grouped(footprint.rows / jobs), Format.grouped(footprint.bytes / jobs)])
        }
        return table
    }

    /// A ledger of `rows` tick rows (2,000 jobs), then schedd's load twice, and the old load path (replay every row).
    func startUp() throws -> ReportTable {
        var table = ReportTable(
            "ledger: start-up over \(Format.grouped(rows)) tick rows written before rows were folded",
            columns: ["load", "seconds", "peak RSS MiB", "ledger rows after", "ledger MiB after"])
        let dir = try TempDirectory("ledger-startup")
        defer { dir.remove() }
        let path = dir.path + "/aisched.db"
        let jobs = 2_000
        let minutes = max(1, rows / jobs)
        do {
            let store = try StateStore(path: path)
            var batch: [Transition] = []
            for minute in 0..<minutes {
                if minute % 100 == 0 { progress("ledger: writing tick rows, minute \(minute) of \(minutes)") }
                let from = Self.start + .minutes(Int64(minute))
                for i in 0..<jobs {
                    if let tick = Self.policy.charger.charge(Self.job(i), from: from, to: from + .minutes(1)) {
                        batch.append(.usageCharged(tick))
                    }
                }
                if batch.count >= 20_000 {
                    try store.commitNow(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try store.commitNow(batch)
        }
        // Long after the last tick, as after an upgrade: every row lies behind the burn-rate window.
        let now = Self.start + .minutes(Int64(minutes) + 3 * 24 * 60)
        func measure(_ label: String, _ body: (StateStore) throws -> Void) throws {
            ProcessMemory.trimHeap()
            ProcessMemory.resetPeak()
            progress("ledger: \(label)")
            let (store, ms) = try Stopwatch.measure { () throws -> StateStore in
                let store = try StateStore(path: path)
                try body(store)
                return store
            }
            let peak = (ProcessMemory.read()?.peakKiB ?? 0) / 1024
            let footprint = try store.ledgerFootprint()
            table.add([label, Format.fixed(ms / 1000, 2), Format.fixed(peak, 0),
                       Format.grouped(footprint.rows), Format.fixed(Double(footprint.bytes) / 1_048_576, 1)])
        }
        try measure("replay every row, as before (no folding)") { store in
            var book = AccountingBook(policy: Self.policy)
            book.replay(try store.ledger(), accounts: AccountRegistry())
            blackHole(book)
        }
        try measure("first load: fold, then replay") { blackHole(try $0.load(now: now, policy: Self.policy)) }
        try measure("next load") { blackHole(try $0.load(now: now, policy: Self.policy)) }
        return table
    }
}
