import ArgumentParser
import Foundation
import SchedulerCore
import SchedulerStore

/// `schedd accounts …`: load funding schemes, projects and users (the demo centre's seeds, or a centre's own).
struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "Import and show funding schemes, projects and users.",
        subcommands: [Import.self, Show.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the accounts with a seed file's (run before starting schedd; it loads them at start).")

        @Option(help: "schedd's state directory.")
        var stateDir: String

        @Option(help: "Seed file (JSON), e.g. seeds/centre.json.")
        var file: String

        @Option(help: "Also add USER to PROJECT (USER:PROJECT); repeatable. The first one becomes USER's default.")
        var addMember: [String] = []

        func run() throws {
            let dir = StateDirectory(path: stateDir)
            try dir.create()
            var registry = try SeedFile.load(file).registry()
            for entry in addMember {
                let parts = entry.split(separator: ":").map(String.init)
                guard parts.count == 2, var project = registry.projects[parts[1]] else {
                    throw ValidationError("--add-member \(entry): expected USER:PROJECT with an existing project")
                }
                if !project.members.contains(parts[0]) { project.members.append(parts[0]) }
                registry.projects[parts[1]] = project
                if registry.users[parts[0]] == nil {
                    registry.users[parts[0]] = UserAccount(name: parts[0], defaultProject: parts[1])
                }
            }
            let store = try StateStore(path: dir.database, auditRenderer: AdminRequests.renderAudit)
            let old = try store.loadAccounts()
            let now = Instant(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
            let actor = "import by " + (ProcessInfo.processInfo.environment["USER"] ?? "admin")
            let audit = registry.diff(from: old).map {
                AuditRecord(at: now, actor: actor, action: "import", subject: $0.subject.description,
                            before: $0.before.map(AuditedValue.account), after: $0.after.map(AuditedValue.account))
            }
            try store.replaceAccounts(registry, audit: audit)
            print("imported \(registry.schemes.count) funding schemes, \(registry.projects.count) projects, \(registry.users.count) users")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the accounts tree.")

        @Option(help: "schedd's state directory.")
        var stateDir: String

        func run() throws {
            let registry = try StateStore(path: StateDirectory(path: stateDir).database).loadAccounts()
            for scheme in registry.schemes.values.sorted(by: { $0.name < $1.name }) {
                print("\(scheme.name)  (\(scheme.displayName), shares \(scheme.shares))")
                for project in registry.projects.values.filter({ $0.scheme == scheme.name }).sorted(by: { $0.name < $1.name }) {
                    print("  \(project.name)  (\(project.displayName), shares \(project.shares)): \(project.members.joined(separator: ", "))")
                }
            }
        }
    }
}
