import ArgumentParser
import Foundation
import SchedulerAuth
import SchedulerStore

/// `schedd token …`: issue, list and revoke tokens. Runs on the schedd host: it needs the cluster secret.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Issue, list and revoke access tokens.",
        subcommands: [Issue.self, List.self, Revoke.self])

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new signed token.")

        @Option(help: "schedd's state directory (holds the cluster secret).")
        var stateDir: String

        @Option(help: "User name, or node name for a node token.")
        var user: String

        @Option(help: "user, admin, viewer (a funder or auditor: aggregates of --schemes only) or node.")
        var role: String = "user"

        @Option(help: "For a viewer: the funding schemes it may see, comma-separated (e.g. aisp,innohk).")
        var schemes: String = ""

        @Option(help: "Lifetime, e.g. 30d, 12h, 90m, 1w, 1y.")
        var expires: TokenLifetime = TokenLifetime(argument: "30d")!

        func run() throws {
            let dir = StateDirectory(path: stateDir)
            try dir.create()
            let signer = try TokenSigner(secret: ClusterSecret.loadOrCreate(at: dir.secret))
            let now = Int64(Date().timeIntervalSince1970)
            let claims = TokenClaims(user: user, role: role, issuedAt: now, expiresAt: now + expires.seconds,
                                     tokenID: ClusterSecret.newTokenID(),
                                     schemes: schemes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let store = try StateStore(path: dir.database)
            try Self.checkSchemesExist(claims.schemes, in: store)
            let token = try signer.issue(claims)
            try store.recordToken(TokenRecord(id: claims.tokenID, user: user, role: role, issuedAt: now,
                                              expiresAt: claims.expiresAt, schemes: claims.schemes))
            print(token)
        }

        /// A viewer granted a scheme that does not exist would see nothing, silently: refuse it (all unknown at once).
        static func checkSchemesExist(_ schemes: [String], in store: StateStore) throws {
            guard !schemes.isEmpty else { return }
            let known = try store.loadAccounts().schemes
            let unknown = schemes.filter { known[$0] == nil }
            guard unknown.isEmpty else {
                let list = known.keys.sorted().joined(separator: ", ")
                throw ValidationError("unknown funding scheme\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")) "
                    + (list.isEmpty ? "(no schemes exist yet: create them with `aisubmit admin scheme create`)"
                        : "(schemes: \(list))"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List issued tokens (not their secrets).")

        @Option(help: "schedd's state directory.")
        var stateDir: String

        func run() throws {
            let tokens = try StateStore(path: StateDirectory(path: stateDir).database).tokens()
            print("ID                USER             ROLE    EXPIRES               STATUS   SCHEMES")
            for t in tokens {
                let expires = Date(timeIntervalSince1970: TimeInterval(t.expiresAt)).formatted(.iso8601)
                let status = t.revokedAt != nil ? "revoked" : (t.expiresAt < Int64(Date().timeIntervalSince1970) ? "expired" : "valid")
                print([t.id.padding(18), t.user.padding(17), t.role.padding(8), expires.padding(22), status.padding(9),
                       t.schemes.joined(separator: ",")].joined())
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by id; a running schedd refuses it, and closes its connections, within 2 seconds.")

        @Option(help: "schedd's state directory.")
        var stateDir: String

        @Argument(help: "The token id (see `schedd token list`).")
        var id: String

        func run() throws {
            let store = try StateStore(path: StateDirectory(path: stateDir).database)
            guard try store.revokeToken(id: id, at: Int64(Date().timeIntervalSince1970)) else {
                throw ValidationError("no valid token with id \(id) (see `schedd token list`)")
            }
            print("revoked \(id)")
        }
    }
}

/// `30d`, `12h`, `90m`, `45s`, `2w`, `1y`.
struct TokenLifetime: ExpressibleByArgument {
    var seconds: Int64

    init?(argument: String) {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800, "y": 31_536_000]
        guard let unit = argument.last, let scale = units[unit], let count = Int64(argument.dropLast()), count > 0 else {
            return nil
        }
        seconds = count * scale
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
