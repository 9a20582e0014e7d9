import Foundation
import SchedulerCore

/// The demo centre's accounts (`seeds/centre.json`): funding schemes, projects with members, users.
struct SeedFile: Decodable {
    struct Scheme: Decodable {
        var name: String
        var displayName: String?
        var shares: Int?
    }

    struct ProjectEntry: Decodable {
        var name: String
        var scheme: String
        var displayName: String?
        var shares: Int?
        var members: [String]?
    }

    struct User: Decodable {
        var name: String
        var defaultProject: String
    }

    var schemes: [Scheme]
    var projects: [ProjectEntry]
    var users: [User]?

    static func load(_ path: String) throws -> SeedFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SeedError("cannot read \(path)")
        }
        do {
            return try JSONDecoder().decode(SeedFile.self, from: data)
        } catch {
            throw SeedError("\(path) is not a valid seed file: \(error)")
        }
    }

    /// The registry, after checking that every reference resolves.
    func registry() throws -> AccountRegistry {
        let schemeNames = Set(schemes.map(\.name))
        let projectNames = Set(projects.map(\.name))
        for p in projects where !schemeNames.contains(p.scheme) {
            throw SeedError("project \(p.name) names unknown funding scheme \(p.scheme)")
        }
        for s in schemes where (s.shares ?? 1) <= 0 { throw SeedError("scheme \(s.name) needs shares > 0") }
        for p in projects where (p.shares ?? 1) <= 0 { throw SeedError("project \(p.name) needs shares > 0") }
        var users = users ?? []
        for u in users where !projectNames.contains(u.defaultProject) {
            throw SeedError("user \(u.name)'s default project \(u.defaultProject) does not exist")
        }
        // Members without a user entry default to the first project that lists them.
        let known = Set(users.map(\.name))
        for p in projects {
            for m in p.members ?? [] where !known.contains(m) && !users.contains(where: { $0.name == m }) {
                users.append(User(name: m, defaultProject: p.name))
            }
        }
        return AccountRegistry(
            schemes: schemes.map { FundingScheme(name: $0.name, displayName: $0.displayName ?? $0.name, shares: $0.shares ?? 1) },
            projects: projects.map {
                Project(name: $0.name, scheme: $0.scheme, displayName: $0.displayName ?? $0.name, shares: $0.shares ?? 1,
                        members: $0.members ?? [])
            },
            users: users.map { UserAccount(name: $0.name, defaultProject: $0.defaultProject) })
    }
}

struct SeedError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
