import ArgumentParser
import BuildInfo

/// `schedbench`: speed and memory measurements of aisched. Figures go to docs/PERFORMANCE.md; tests never
/// assert on speed.
@main
struct SchedBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedbench",
        abstract: "Measure aisched's scheduling core, store, RPC path and memory.",
        discussion: """
            Build and run in release mode: `swift build -c release` then `swift run -c release schedbench all`.
            rpc-submit and memory start the real schedd found next to this binary (or in --bin-dir).
            """,
        version: "schedbench " + BuildInfo.versionText,
        subcommands: [AllCommand.self, CoreCycleCommand.self, StoreCommitCommand.self, LedgerCommand.self, RPCSubmitCommand.self,
                      SimulatedCentreCommand.self, MemoryCommand.self, MemoryProbeCommand.self, HistoryCommand.self, FuzzCommand.self])
}
