import AischedClient
import ArgumentParser
import Foundation
import SchedulerProtocol

/// `aisubmit share`: the Fair Tree as it ranks users now, as Slurm's sshare shows it (with PrivateData=users for a
/// user: every scheme and project, and your own lines).
struct Share: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Show the fair-share tree: each scheme's, project's and user's share, usage and factor (as sshare).",
        discussion: """
            S (NORM SHARES) is the part of its siblings' shares; U (EFFECTV USAGE) its part of its parent's decayed \
            usage; LEVEL FS = S / U (inf: nothing used yet), by which Fair Tree ranks siblings. FAIRSHARE is a \
            user's factor, 0 to 1: 1 is the most under-served user. Users see their own lines; admins everyone's; a \
            viewer token its schemes'.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this funding scheme.") var scheme: String?

    func run() async throws {
        var request = FairShareRequest()
        request.scheme = scheme ?? ""
        let tree = try await Client.call(connection) { rpc in
            try await rpc.request(.fairShareTree, request, expecting: .fairShareTreeReply, as: FairShareTreeInfo.self)
        }
        print(output.json ? JobJSON.render(tree.levels.map(FairShareLevelJSON.init)) : Self.table(tree.levels))
    }

    static func table(_ levels: [FairShareLevelInfo]) -> String {
        guard !levels.isEmpty else { return "no accounts" }
        var rows = [["ACCOUNT", "USER", "NORM SHARES", "USAGE (GPU-H)", "EFFECTV USAGE", "LEVEL FS", "FAIRSHARE"]]
        for l in levels {
            let indent = String(repeating: " ", count: l.isUser ? 0 : max(0, l.path.count - 1))
            rows.append([
                l.isUser ? "" : indent + (l.path.last ?? ""), l.isUser ? l.path.last ?? "" : "",
                String(format: "%.6f", Double(l.sharesNormMillionths) / 1_000_000),
                AdminText.hours(l.usageMilliGpuHours),
                String(format: "%.6f", Double(l.usageNormMillionths) / 1_000_000),
                l.usedNothing ? "inf" : String(format: "%.6f", Double(l.levelFairShareMillionths) / 1_000_000),
                l.isUser ? String(format: "%.6f", Double(l.factorMillionths) / 1_000_000) : "",
            ])
        }
        return JobText.align(rows)
    }
}
