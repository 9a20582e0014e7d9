import AischedClient
import ArgumentParser
import SchedulerProtocol

/// The flags schemes and projects share: display name, shares, budget periods, limits, expiry.
struct AccountPolicyOptions: ParsableArguments {
    @Option(help: "Name shown to people.")
    var displayName: String?

    @Option(help: "Fair-share weight among siblings (> 0).")
    var shares: UInt32?

    @Option(name: .customLong("budget"), help: ArgumentHelp(
        "A budget period START:END:GPUHOURS[:rollover] (dates YYYY-MM-DD, END inclusive, or ISO 8601); repeatable.",
        valueName: "period"))
    var budgets: [String] = []

    @Option(name: .customLong("max-gpus"), help: "Most GPUs its running jobs may hold at once (0 = suspended).")
    var maxGPUs: UInt32?

    @Option(name: .customLong("max-running"), help: "Most jobs running at once (0 = suspended).")
    var maxRunning: UInt32?

    @Option(name: .customLong("max-gpus-per-job"), help: "Most GPUs one job may ask for.")
    var maxGPUsPerJob: UInt32?

    @Option(name: .customLong("allow-gpu-model"), help: ArgumentHelp(
        "Only this GPU model (e.g. H100); repeatable. None given: any model.", valueName: "model"))
    var allowedGPUModels: [String] = []

    @Option(help: "From this date (YYYY-MM-DD or ISO 8601) no job of it starts.")
    var expires: String?

    /// Checks what can be checked without the server, so a typo fails before anything is sent.
    func validate() throws {
        if shares == 0 { throw ValidationError("--shares must be > 0: shares are relative weights; use 1 for an equal share") }
        _ = try parsedBudgets()
        if let expires { _ = try CLIValues.instant(expires, flag: "--expires") }
    }

    func parsedBudgets() throws -> [BudgetPeriodInfo] {
        let periods = try budgets.map(CLIValues.budget)
        try CLIValues.checkNoOverlap(periods)
        return periods
    }

    /// Sets every field a flag was given for; `budgets` are added to `periods` (an update keeps the old ones
    /// unless `--clear-budgets`).
    func apply<Entity: BudgetedEntity>(to entity: inout Entity) throws {
        if let value = self.displayName { entity.displayName = value }
        if let value = self.shares { entity.shares = value }
        entity.budgets += try parsedBudgets()
        try CLIValues.checkNoOverlap(entity.budgets)
        entity.budgets.sort { $0.startMs < $1.startMs }
        if let value = maxGPUs { entity.limits.maxGPUsInUsePlusOne = LimitsInfo.plusOne(value) }
        if let value = maxRunning { entity.limits.maxRunningJobsPlusOne = LimitsInfo.plusOne(value) }
        if let value = maxGPUsPerJob { entity.limits.maxGPUsPerJobPlusOne = LimitsInfo.plusOne(value) }
        if !allowedGPUModels.isEmpty { entity.limits.allowedGPUModels = allowedGPUModels }
        if let expires { entity.expiresMs = try CLIValues.instant(expires, flag: "--expires") }
    }
}

/// The flags only an update has: what to clear.
struct AccountClearOptions: ParsableArguments {
    /// The limits `--no-limit` can lift, by the name of the flag that sets them.
    enum Limit: String, CaseIterable, ExpressibleByArgument {
        case maxGPUs = "max-gpus", maxRunning = "max-running", maxGPUsPerJob = "max-gpus-per-job"
        case gpuModels = "gpu-models"
    }

    @Flag(help: "Remove every budget period first (then --budget adds the new ones).")
    var clearBudgets = false

    @Option(name: .customLong("no-limit"), help: ArgumentHelp(
        "Lift a limit: max-gpus, max-running, max-gpus-per-job or gpu-models; repeatable.", valueName: "limit"))
    var noLimit: [Limit] = []

    @Flag(help: "Remove the expiry date.")
    var noExpiry = false

    /// Runs before the policy flags are applied, so `--no-limit max-gpus --max-gpus 8` sets 8.
    func apply<Entity: BudgetedEntity>(to entity: inout Entity) {
        if clearBudgets { entity.budgets = [] }
        for limit in noLimit {
            switch limit {
            case .maxGPUs: entity.limits.maxGPUsInUsePlusOne = 0
            case .maxRunning: entity.limits.maxRunningJobsPlusOne = 0
            case .maxGPUsPerJob: entity.limits.maxGPUsPerJobPlusOne = 0
            case .gpuModels: entity.limits.allowedGPUModels = []
            }
        }
        if noExpiry { entity.expiresMs = 0 }
    }
}

/// One admin request and what it prints: the audit entries the server wrote, one line each ("update-project
/// project llm (audit #42)"), or them as JSON.
enum AdminChange {
    static func send(_ request: AccountChangeRequest, _ connection: ConnectionOptions, _ output: OutputOptions) async throws {
        let written = try await Client.call(connection) { rpc in
            try await rpc.request(.accountChange, request, expecting: .accountChangeReply, as: AuditList.self)
        }
        report(written, output)
    }

    static func report(_ written: AuditList, _ output: OutputOptions) {
        if output.json {
            print(JobJSON.render(written.entries.map(AuditEntryJSON.init)))
        } else if written.entries.isEmpty {
            print("no change")
        } else {
            for e in written.entries { print("\(e.action) \(e.subject) (audit #\(e.seq))") }
        }
    }

    /// The accounts matching `filter`, for show, list and the fetch-modify-send of an update.
    static func fetch(_ filter: ListAccounts, _ connection: ConnectionOptions) async throws -> AccountList {
        try await Client.call(connection) { rpc in
            try await rpc.request(.listAccounts, filter, expecting: .accountList, as: AccountList.self)
        }
    }
}

/// A scheme or a project: what the account flags change. Through the entity rather than one `inout` per field, which
/// would overlap: a generated message keeps its fields in one storage.
protocol BudgetedEntity {
    var displayName: String { get set }
    var shares: UInt32 { get set }
    var budgets: [BudgetPeriodInfo] { get set }
    var limits: LimitsInfo { get set }
    var expiresMs: Int64 { get set }
}

extension SchemeInfo: BudgetedEntity {}
extension ProjectInfo: BudgetedEntity {}
