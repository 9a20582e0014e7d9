import AischedClient
import ArgumentParser
import SchedulerProtocol

/// `aisubmit admin audit`: the append-only log of account and QoS changes (who, when, before and after).
struct AdminAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit log of account and QoS changes, oldest first.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Only entries about this: \"scheme aisp\", \"project hku-nlp\", \"user ada\", \"qos high\".")
    var subject: String?

    @Option(help: "Show the most recent N entries (0 = all).")
    var limit: UInt = 50

    @Option(help: "Only entries after this sequence number.")
    var after: UInt64 = 0

    func run() async throws {
        let entries = try await Client.call(connection) { rpc in
            // The log is read forwards only, so "the last N" means reading to the end. Account changes are rare
            // (thousands, not millions), so this is a few pages at most.
            try await rpc.auditEntries(ListAudit(afterSeq: after, subject: subject ?? ""))
        }
        let shown = limit == 0 ? entries : Array(entries.suffix(Int(clamping: limit)))
        if output.json {
            print(JobJSON.render(shown.map(AuditEntryJSON.init)))
        } else if shown.isEmpty {
            print(subject.map { "no audit entries about \($0)" } ?? "the audit log is empty")
        } else {
            print(AdminText.audit(shown))
        }
    }
}
