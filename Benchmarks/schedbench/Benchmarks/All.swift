import ArgumentParser

/// `schedbench all`: every benchmark with its default sizes, one report.
struct AllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Run every benchmark.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var binaries: BinaryOptions

    func run() async throws {
        let binDir = try ScheddProcess.binDir(binaries.binDir)
        print(MachineInfo.describe() + "\n")
        let runs = common.effectiveRuns
        var core = common.quick ? CoreCycleBenchmark.quick : CoreCycleBenchmark()
        core.runs = runs
        for table in core.run() { table.print() }

        var store = common.quick ? StoreCommitBenchmark.quick : StoreCommitBenchmark()
        store.runs = runs
        try await store.run().print()

        var rpc = common.quick ? RPCSubmitBenchmark.quick : RPCSubmitBenchmark()
        rpc.runs = runs
        rpc.binDir = binDir
        for table in try await rpc.run() { table.print() }

        var memory = common.quick ? MemoryBenchmark.quick : MemoryBenchmark()
        memory.runs = runs
        memory.binDir = binDir
        try await memory.run().print()
        print("load average at the end: \(MachineInfo.loadAverage() ?? "?")")
    }
}
