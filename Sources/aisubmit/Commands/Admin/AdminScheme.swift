import AischedClient
import ArgumentParser
import SchedulerProtocol

/// `aisubmit admin scheme create|update|delete|show|list`: funding schemes, the top of the accounts tree.
struct AdminScheme: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheme",
        abstract: "Create, change, delete and show funding schemes.",
        subcommands: [Create.self, Update.self, Delete.self, Show.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a funding scheme.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Scheme name (e.g. aisp).") var name: String
        @OptionGroup var policy: AccountPolicyOptions

        func validate() throws {
            guard policy.shares != nil else { throw ValidationError("give the scheme's --shares (> 0)") }
        }

        func run() async throws {
            var scheme = SchemeInfo()
            scheme.name = name
            try policy.apply(to: &scheme)
            var request = AccountChangeRequest(.createScheme)
            request.scheme = scheme
            try await AdminChange.send(request, connection, output)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Change a funding scheme: only the fields given change.",
            discussion: "--budget adds a period; --clear-budgets first removes them all. --no-limit lifts a limit.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Scheme name.") var name: String
        @OptionGroup var policy: AccountPolicyOptions
        @OptionGroup var clear: AccountClearOptions

        func run() async throws {
            let written = try await Client.call(connection) { rpc in
                // Fetch, change, send back on one connection: an update replaces the whole scheme.
                let list = try await rpc.request(.listAccounts, ListAccounts(scheme: name), expecting: .accountList,
                                                 as: AccountList.self)
                guard var scheme = list.schemes.first(where: { $0.name == name }) else {
                    throw Client.Failure("no funding scheme \(name)")
                }
                clear.apply(to: &scheme)
                try policy.apply(to: &scheme)
                var request = AccountChangeRequest(.updateScheme)
                request.scheme = scheme
                return try await rpc.request(.accountChange, request, expecting: .accountChangeReply, as: AuditList.self)
            }
            AdminChange.report(written, output)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a funding scheme that funds no project.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Scheme name.") var name: String

        func run() async throws {
            var request = AccountChangeRequest(.deleteScheme)
            request.name = name
            try await AdminChange.send(request, connection, output)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one funding scheme and its projects.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Scheme name.") var name: String

        func run() async throws {
            let list = try await AdminChange.fetch(ListAccounts(scheme: name), connection)
            guard let scheme = list.schemes.first(where: { $0.name == name }) else {
                throw Client.Failure("no funding scheme \(name)")
            }
            print(output.json ? JobJSON.render(SchemeJSON(info: scheme)) : AdminText.scheme(scheme, projects: list.projects))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List funding schemes.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let list = try await AdminChange.fetch(ListAccounts(), connection)
            print(output.json ? JobJSON.render(list.schemes.map(SchemeJSON.init)) : AdminText.schemes(list))
        }
    }
}
