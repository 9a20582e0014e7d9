import Foundation
import GRDB
import SchedulerCore
import Testing
@testable import SchedulerStore

/// Databases written by every released schema, opened and migrated by the current code (`Tests/Fixtures/store`,
/// README.md there says how each was made): every row survives with its meaning, and the migrated database has
/// exactly the schema of a fresh one.
@Suite struct MigrationFixtureTests {
    static let fixtures = StoreFixture.all()

    /// The released schemas, by the migration each ended with. v4-node-control has no fixture: main never released
    /// it alone (it came with v5-ledger-rows in the same merge, 9225fd3), so no database ever stopped there.
    static let released = ["v1-jobs-nodes-users", "v2-accounting-audit", "v3-shared-scripts", "v5-ledger-rows",
                           "v6-job-history", "v7-viewers-and-queue-samples"]

    @Test func thereIsAFixtureForEveryReleasedSchema() {
        #expect(Self.fixtures.map(\.schema) == Self.released)
        #expect(Self.released.last == Migrations.migrator.migrations.last, "a new migration needs a fixture of its schema")
    }

    private func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(arguments: fixtures)
    func theMigratedDatabaseHasTheSchemaOfAFreshOne(_ fixture: StoreFixture) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fixture.restore(to: dir + "/old.db")
        let before = try StoreFixture.schema(of: dir + "/old.db")
        #expect(before.migrations.last == fixture.schema, "the fixture is of the schema it claims")
        do {
            _ = try StateStore(path: dir + "/old.db")
            _ = try StateStore(path: dir + "/fresh.db")
        }
        let migrated = try StoreFixture.schema(of: dir + "/old.db")
        let fresh = try StoreFixture.schema(of: dir + "/fresh.db")
        #expect(migrated.migrations == fresh.migrations)
        #expect(migrated.objects == fresh.objects,
                "only in the migrated one: \(Set(migrated.objects).subtracting(fresh.objects)); only in a fresh one: \(Set(fresh.objects).subtracting(migrated.objects))")
    }

    @Test(arguments: fixtures)
    func everyJobSurvivesWithItsMeaning(_ fixture: StoreFixture) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fixture.restore(to: dir + "/old.db")
        let store = try StateStore(path: dir + "/old.db")
        let latest = fixture.jobs.map { max($0.submitTime, $0.endTime) }.max() ?? 0
        let state = try store.load(now: Instant(milliseconds: latest + 60_000))
        #expect(state.nextJobID > (fixture.jobs.map(\.id).max() ?? 0), "\(fixture): a job id could be given twice")
        let live = Set(state.jobs.keys.map(\.rawValue))
        #expect(live == Set(fixture.jobs.filter { $0.retired != true }.map(\.id)), "\(fixture)")
        for expected in fixture.jobs {
            let id = JobID(expected.id)
            guard let job = try state.jobs[id] ?? store.storedJob(id) else {
                Issue.record("\(fixture): job \(expected.id) is gone")
                continue
            }
            Self.check(job, against: expected, fixture)
        }
        #expect(Set(state.nodes.keys) == Set(fixture.nodes), "\(fixture)")
        for (name, reason) in fixture.nodeControl ?? [:] {
            #expect(state.nodes[name]?.control?.reason == reason, "\(fixture): \(name)'s admin order")
        }
    }

    private static func check(_ job: Job, against expected: StoreFixture.JobRow, _ fixture: StoreFixture) {
        let what = "\(fixture): job \(expected.id)"
        #expect(job.spec.name == expected.name && job.spec.user == expected.user && job.spec.project == expected.project, "\(what)")
        #expect(job.state.rawValue == expected.state && job.held == expected.held, "\(what): \(job.state)")
        #expect(job.spec.argv == expected.argv && (job.spec.script ?? "") == expected.script, "\(what): its command")
        #expect(job.spec.environment == expected.environment && job.spec.workdir == expected.workdir, "\(what)")
        #expect(job.spec.request.cpusPerNode == expected.cpusPerNode && job.spec.request.gpusPerNode == expected.gpusPerNode
                && job.spec.request.memoryMBPerNode == expected.memoryMBPerNode, "\(what): its request")
        #expect(job.submitTime.milliseconds == expected.submitTime, "\(what)")
        #expect((job.startTime?.milliseconds ?? -1) == expected.startTime && (job.endTime?.milliseconds ?? -1) == expected.endTime,
                "\(what): its times")
        #expect(job.exitCode.map(Int.init) ?? -1 == expected.exitCode, "\(what)")
        #expect((job.allocation?.nodes.flatMap(\.gpus) ?? []) == expected.gpus, "\(what): its GPUs")
        #expect(job.history.map(\.state.rawValue) == expected.history, "\(what): its history")
        if let array = expected.arrayJobID {
            #expect(job.arrayJobID?.rawValue == array && job.arrayTaskID == expected.arrayTaskID, "\(what): its array")
        }
    }

    @Test(arguments: fixtures)
    func accountsTokensLedgerAndAuditSurvive(_ fixture: StoreFixture) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fixture.restore(to: dir + "/old.db")
        let store = try StateStore(path: dir + "/old.db")
        let accounts = try store.loadAccounts()
        #expect(accounts.schemes.keys.sorted() == fixture.schemes, "\(fixture)")
        for expected in fixture.projects {
            let project = accounts.projects[expected.name]
            #expect(project?.scheme == expected.scheme && project?.shares == expected.shares, "\(fixture): \(expected.name)")
            #expect(project?.members.sorted() == expected.members, "\(fixture): \(expected.name)'s members")
            if let budgets = expected.budgets {
                #expect(project?.budgets.map(\.gpuHours) == budgets, "\(fixture): \(expected.name)'s budgets")
            }
        }
        #expect(accounts.projects.count == fixture.projects.count, "\(fixture)")
        #expect(Dictionary(uniqueKeysWithValues: accounts.users.values.map { ($0.name, $0.defaultProject) })
                == Dictionary(uniqueKeysWithValues: fixture.users.map { ($0.name, $0.defaultProject) }), "\(fixture)")
        let tokens = try store.tokens().map {
            StoreFixture.TokenRow(id: $0.id, user: $0.user, role: $0.role, revoked: $0.revokedAt != nil, schemes: $0.schemes)
        }
        #expect(Set(tokens) == Set(fixture.tokens), "\(fixture)")
        if let expected = fixture.ledgerGPUHours {
            let charged = Dictionary(grouping: try store.ledger(), by: \.project).mapValues { $0.reduce(0) { $0 + $1.gpuHours } }
            #expect(Set(charged.keys) == Set(expected.keys), "\(fixture)")
            for (project, hours) in expected {
                #expect(abs((charged[project] ?? 0) - hours) <= 1e-9 * max(1, hours), "\(fixture): \(project) charged \(charged[project] ?? 0), not \(hours)")
            }
        }
        if let expected = fixture.audit {
            #expect(try store.audit().map { StoreFixture.AuditRow(action: $0.action, subject: $0.subject) } == expected, "\(fixture)")
        }
        let samples = try store.queueSamples(from: Instant(milliseconds: 0), to: Instant(milliseconds: .max)).map {
            StoreFixture.QueueSampleRow(at: $0.at.milliseconds, pending: $0.pending, held: $0.held, running: $0.running,
                                        gpusWanted: $0.gpusWanted, gpusInUse: $0.gpusInUse,
                                        medianWaitMs: $0.medianWait.milliseconds, maxWaitMs: $0.maxWait.milliseconds)
        }
        #expect(samples == (fixture.queueSamples ?? []), "\(fixture)")
    }
}
