import Foundation
import SchedulerCore

/// A centre's accounts as a file (`seeds/centre.json`): funding schemes and projects with their shares, budget
/// periods, limits and expiry, members, and users. Dates are `YYYY-MM-DD` (UTC midnight); a period's `end` day is
/// included, as funders write grants ("2026-10-01" to "2026-12-31").
struct SeedFile: Decodable {
    struct Budget: Decodable {
        var start: String
        var end: String
        var gpuHours: Double
        var rollover: Bool?
    }

    struct Limits: Decodable {
        var maxGPUsInUse: Int?
        var maxRunningJobs: Int?
        var maxGPUsPerJob: Int?
        var allowedGPUModels: [String]?

        var value: AccountLimits {
            AccountLimits(maxGPUsInUse: maxGPUsInUse, maxRunningJobs: maxRunningJobs, maxGPUsPerJob: maxGPUsPerJob,
                          allowedGPUModels: allowedGPUModels ?? [])
        }
    }

    struct Scheme: Decodable {
        var name: String
        var displayName: String?
        var shares: Int?
        var budgets: [Budget]?
        var limits: Limits?
        var expires: String?
    }

    struct ProjectEntry: Decodable {
        var name: String
        var scheme: String
        var displayName: String?
        var shares: Int?
        var members: [String]?
        var budgets: [Budget]?
        var limits: Limits?
        var expires: String?
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

    /// The registry, checked by the same validation as admin changes (`AccountRegistry.validate`).
    func registry() throws -> AccountRegistry {
        var users = (users ?? []).map { UserAccount(name: $0.name, defaultProject: $0.defaultProject) }
        // Members without a user entry default to the first project that lists them.
        for p in projects {
            for m in p.members ?? [] where !users.contains(where: { $0.name == m }) {
                users.append(UserAccount(name: m, defaultProject: p.name))
            }
        }
        let registry = AccountRegistry(
            schemes: try schemes.map {
                FundingScheme(name: $0.name, displayName: $0.displayName ?? $0.name, shares: $0.shares ?? 1,
                              budgets: try Self.periods($0.budgets, of: "scheme \($0.name)"),
                              limits: $0.limits?.value ?? .unlimited, expires: try Self.date($0.expires, "scheme \($0.name)"))
            },
            projects: try projects.map {
                Project(name: $0.name, scheme: $0.scheme, displayName: $0.displayName ?? $0.name, shares: $0.shares ?? 1,
                        members: $0.members ?? [], budgets: try Self.periods($0.budgets, of: "project \($0.name)"),
                        limits: $0.limits?.value ?? .unlimited, expires: try Self.date($0.expires, "project \($0.name)"))
            },
            users: users)
        if let problem = registry.validate() {
            throw SeedError(problem.hint.isEmpty ? problem.message : "\(problem.message) (\(problem.hint))")
        }
        return registry
    }

    private static func periods(_ budgets: [Budget]?, of owner: String) throws -> [BudgetPeriod] {
        try (budgets ?? []).map { b in
            guard let start = try date(b.start, owner), let lastDay = try date(b.end, owner) else {
                throw SeedError("\(owner): a budget needs start and end dates")
            }
            return BudgetPeriod(start: start, end: lastDay + .minutes(24 * 60), gpuHours: b.gpuHours,
                                rollover: b.rollover ?? false)
        }
    }

    private static func date(_ text: String?, _ owner: String) throws -> Instant? {
        guard let text else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard let date = formatter.date(from: text) else {
            throw SeedError("\(owner): \"\(text)\" is not a date (YYYY-MM-DD)")
        }
        return Instant(milliseconds: Int64(date.timeIntervalSince1970 * 1000))
    }
}

struct SeedError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
