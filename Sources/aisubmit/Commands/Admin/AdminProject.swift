import AischedClient
import ArgumentParser
import SchedulerProtocol

/// `aisubmit admin project create|update|delete|show|list`: funded projects, the accounts jobs are charged to.
struct AdminProject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Create, change, delete and show projects.",
        subcommands: [Create.self, Update.self, Delete.self, Show.self, List.self])

    /// `--member USER[:SHARES]`, shared by create and update.
    struct MemberOptions: ParsableArguments {
        @Option(name: .customLong("member"), help: ArgumentHelp(
            "Add a member, with a fair-share weight within the project (default 1); repeatable.", valueName: "user[:shares]"))
        var members: [String] = []

        func validate() throws { _ = try members.map(CLIValues.member) }

        /// Adds each member, or changes their shares if they are one already.
        func apply(to project: inout ProjectInfo) throws {
            for (user, shares) in try members.map(CLIValues.member) {
                if !project.members.contains(user) { project.members.append(user) }
                project.memberShares.removeAll { $0.user == user }
                // 1 is the default weight; the server stores only the others.
                if shares != 1 { project.memberShares.append(MemberShareInfo(user: user, shares: shares)) }
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a project under a funding scheme.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Project name (e.g. cantonese-llm).") var name: String
        @Option(help: "The funding scheme that funds it.") var scheme: String
        @OptionGroup var policy: AccountPolicyOptions
        @OptionGroup var members: MemberOptions

        func validate() throws {
            guard policy.shares != nil else { throw ValidationError("give the project's --shares (> 0)") }
        }

        func run() async throws {
            var project = ProjectInfo()
            project.name = name
            project.scheme = scheme
            try policy.apply(to: &project)
            try members.apply(to: &project)
            var request = AccountChangeRequest(.createProject)
            request.project = project
            try await AdminChange.send(request, connection, output)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Change a project: only the fields given change.",
            discussion: """
                --scheme moves it to another scheme. --member adds members (or changes their shares); remove them \
                with `aisubmit admin member remove`. --budget adds a period; --clear-budgets first removes them all.
                """)
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Project name.") var name: String
        @Option(help: "Move it to this funding scheme.") var scheme: String?
        @OptionGroup var policy: AccountPolicyOptions
        @OptionGroup var members: MemberOptions
        @OptionGroup var clear: AccountClearOptions

        func run() async throws {
            let written = try await Client.call(connection) { rpc in
                // Fetch, change, send back on one connection: an update replaces the whole project.
                let list = try await rpc.request(.listAccounts, ListAccounts(project: name), expecting: .accountList,
                                                 as: AccountList.self)
                guard var project = list.projects.first(where: { $0.name == name }) else {
                    throw Client.Failure("no project \(name)")
                }
                if let scheme { project.scheme = scheme }
                clear.apply(to: &project)
                try policy.apply(to: &project)
                try members.apply(to: &project)
                var request = AccountChangeRequest(.updateProject)
                request.project = project
                return try await rpc.request(.accountChange, request, expecting: .accountChangeReply, as: AuditList.self)
            }
            AdminChange.report(written, output)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a project that is nobody's default project.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Project name.") var name: String

        func run() async throws {
            var request = AccountChangeRequest(.deleteProject)
            request.name = name
            try await AdminChange.send(request, connection, output)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one project.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Project name.") var name: String

        func run() async throws {
            let list = try await AdminChange.fetch(ListAccounts(project: name), connection)
            guard let project = list.projects.first(where: { $0.name == name }) else {
                throw Client.Failure("no project \(name)")
            }
            print(output.json ? JobJSON.render(ProjectJSON(info: project)) : AdminText.project(project))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List projects.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only the projects of this funding scheme.") var scheme: String?
        @Option(help: "Only the projects this user is a member of.") var user: String?

        func run() async throws {
            let list = try await AdminChange.fetch(ListAccounts(scheme: scheme ?? "", user: user ?? ""), connection)
            print(output.json ? JobJSON.render(list.projects.map(ProjectJSON.init)) : AdminText.projects(list.projects))
        }
    }
}
