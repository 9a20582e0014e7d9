import AischedClient
import ArgumentParser
import SchedulerProtocol

/// `aisubmit admin user create|update|delete|show|list`: researchers' accounts.
struct AdminUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Create, change, delete and show users.",
        subcommands: [Create.self, Update.self, Delete.self, Show.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a user; they also join their default project.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "User name (their login).") var name: String
        @Option(help: "The project their jobs go to when they name none.") var defaultProject: String

        func run() async throws {
            var request = AccountChangeRequest(.createUser)
            request.user = UserInfo(name: name, defaultProject: defaultProject)
            try await AdminChange.send(request, connection, output)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "update", abstract: "Change a user's default project (one of theirs).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "User name.") var name: String
        @Option(help: "The project their jobs go to when they name none.") var defaultProject: String

        func run() async throws {
            var request = AccountChangeRequest(.updateUser)
            // A user has no other field to keep, so there is nothing to fetch first.
            request.user = UserInfo(name: name, defaultProject: defaultProject)
            try await AdminChange.send(request, connection, output)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a user and their memberships.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "User name.") var name: String

        func run() async throws {
            var request = AccountChangeRequest(.deleteUser)
            request.name = name
            try await AdminChange.send(request, connection, output)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one user and their projects.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "User name.") var name: String

        func run() async throws {
            let list = try await AdminChange.fetch(ListAccounts(user: name), connection)
            guard let user = list.users.first(where: { $0.name == name }) else { throw Client.Failure("no user \(name)") }
            if output.json {
                print(JobJSON.render(UserJSON(user)))
            } else {
                print(AdminText.details([("User", user.name), ("Default", user.defaultProject)]))
                print(AdminText.projects(list.projects))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List users.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only the members of this project.") var project: String?
        @Option(help: "Only the members of this funding scheme's projects.") var scheme: String?

        func run() async throws {
            let list = try await AdminChange.fetch(ListAccounts(scheme: scheme ?? "", project: project ?? ""), connection)
            print(output.json ? JobJSON.render(list.users.map(UserJSON.init)) : AdminText.users(list.users))
        }
    }
}

/// `aisubmit admin member add|remove USER PROJECT`: membership without rewriting the project.
struct AdminMember: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Add a user to a project, or remove them.",
        subcommands: [Add.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Make a user a member of a project.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "User name.") var user: String
        @Argument(help: "Project name.") var project: String
        @Option(help: "Their fair-share weight within the project (> 0).") var shares: UInt32 = 1

        func validate() throws {
            if shares == 0 { throw ValidationError("--shares must be > 0; use 1 for an equal share") }
        }

        func run() async throws {
            var request = AccountChangeRequest(.addMember)
            request.name = user
            request.memberProject = project
            request.memberShares = shares
            try await AdminChange.send(request, connection, output)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a user from a project (not their default project).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "User name.") var user: String
        @Argument(help: "Project name.") var project: String

        func run() async throws {
            var request = AccountChangeRequest(.removeMember)
            request.name = user
            request.memberProject = project
            try await AdminChange.send(request, connection, output)
        }
    }
}
