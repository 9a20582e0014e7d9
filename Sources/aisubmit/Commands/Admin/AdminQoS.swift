import AischedClient
import ArgumentParser
import SchedulerProtocol

/// `aisubmit admin qos list|update`: what the QoS levels (normal, high, scavenger) mean.
struct AdminQoS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qos",
        abstract: "Show and change the QoS levels.",
        subcommands: [List.self, Update.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the QoS levels and their policies.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let levels = try await AdminChange.fetch(ListAccounts(), connection).qos
            print(output.json ? JobJSON.render(levels.map(QoSJSON.init)) : AdminText.qos(levels))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Change a QoS level: only the fields given change.",
            discussion: "Limits and durations take `none` to remove them.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "normal, high or scavenger.") var name: String

        @Option(help: "Its priority factor, 0 to 1.") var priority: String?
        @Option(help: "Charge multiplier: 1 = full price, 2 = double, 0 = free.") var charge: String?
        @Option(help: "Whether its charges count against budgets (true/false).") var countsAgainstBudget: Bool?
        @Option(help: "Whether its jobs may be preempted (true/false).") var preemptible: Bool?
        @Option(help: "Whether its jobs start only on idle capacity (true/false).") var idleOnly: Bool?
        @Option(help: "Longest time limit a job may ask for: 24h, 2d, 1-12:00:00, or none.") var maxWalltime: String?
        @Option(name: .customLong("max-gpus-per-project"), help: "GPUs one project may hold at this QoS, or none.")
        var maxGPUsPerProject: String?
        @Option(name: .customLong("max-gpu-hours-per-period"),
                help: "GPU-hours one project may use at this QoS per budget period, or none.")
        var maxGPUHoursPerPeriod: String?

        func validate() throws {
            var probe = QoSInfo()
            try apply(to: &probe)
        }

        func apply(to q: inout QoSInfo) throws {
            if let priority { q.priorityMillionths = try CLIValues.millionths(priority, flag: "--priority", range: 0...1) }
            if let charge { q.chargeMultiplierMillionths = try CLIValues.millionths(charge, flag: "--charge", range: 0...4_000) }
            if let countsAgainstBudget { q.countsAgainstBudget = countsAgainstBudget }
            if let preemptible { q.preemptible = preemptible }
            if let idleOnly { q.idleCapacityOnly = idleOnly }
            if let maxWalltime { q.maxWalltimeSeconds = try CLIValues.seconds(maxWalltime, flag: "--max-walltime") }
            if let text = maxGPUsPerProject {
                if text.lowercased() == "none" {
                    q.maxGPUsInUsePerProjectPlusOne = 0
                } else if let n = UInt32(text) {
                    q.maxGPUsInUsePerProjectPlusOne = LimitsInfo.plusOne(n)
                } else {
                    throw ValidationError("--max-gpus-per-project \"\(text)\": expected a whole number or none")
                }
            }
            if let text = maxGPUHoursPerPeriod {
                q.maxMilliGPUHoursPerPeriodPlusOne = text.lowercased() == "none" ? 0
                    : LimitsInfo.plusOne(try CLIValues.milliGPUHours(text, flag: "--max-gpu-hours-per-period"))
            }
        }

        func run() async throws {
            let written = try await Client.call(connection) { rpc in
                // The update replaces the whole policy, so start from the server's current one.
                let levels = try await rpc.request(.listAccounts, ListAccounts(), expecting: .accountList,
                                                   as: AccountList.self).qos
                guard var level = levels.first(where: { $0.name == name.lowercased() }) else {
                    throw Client.Failure("no QoS \(name); levels: \(levels.map(\.name).joined(separator: ", "))")
                }
                try apply(to: &level)
                return try await rpc.request(.qosUpdate, QoSUpdate(qos: level), expecting: .qosUpdateReply,
                                             as: AuditList.self)
            }
            AdminChange.report(written, output)
        }
    }
}
