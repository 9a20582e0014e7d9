import Testing
@testable import SchedulerCore

/// Listing in pages (`jobPage`) against its oracle: the jobs of a whole listing, filtered and sorted from every job
/// the scheduler knows. Following the pages with any page size gives exactly that list, on queues with dense ids
/// (walked upward) and sparse ones (filtered, then sorted).
@Suite struct JobPageTests {
    /// A seeded mix: two users, jobs that run, end, are cancelled or wait (some of them held, some array tasks).
    static func cluster(seed: UInt64, jobs: Int) -> TestCluster {
        var rng = SplitMix64(seed: seed)
        var cluster = TestCluster()
        cluster.addNode("n", cpus: 8)
        for _ in 0..<jobs {
            let user = Int.random(in: 0..<3, using: &rng) == 0 ? "bob" : "alice"
            var spec = JobSpec.make(user: user, cpus: Int.random(in: 1...4, using: &rng))
            if Int.random(in: 0..<8, using: &rng) == 0 { spec.array = "0-\(Int.random(in: 1...5, using: &rng))" }
            spec.hold = Int.random(in: 0..<4, using: &rng) == 0
            let id = cluster.submit(spec)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0:
                if cluster.state.jobs[id]?.state == .running {
                    cluster.confirmLaunch(id)
                    cluster.exit(id, on: "n")
                }
            case 1: _ = cluster.cancel(id, by: .user(user))
            default: break
            }
        }
        return cluster
    }

    static func oracle(_ scheduler: Scheduler, _ query: JobQuery, _ principal: Principal) -> [JobID] {
        let everyone = principal.role == .admin && (query.allUsers || !query.users.isEmpty)
        return scheduler.state.jobs.values.filter { job in
            (query.users.isEmpty || query.users.contains(job.spec.user))
                && (everyone || job.spec.user == principal.name) && query.admitsState(of: job)
        }.map(\.id).sorted()
    }

    static func paged(_ scheduler: Scheduler, _ query: JobQuery, _ principal: Principal, limit: Int) -> [JobID]? {
        var ids: [JobID] = []
        var after = JobID(0)
        while true {
            guard case .success(let page) = scheduler.jobPage(matching: query, visibleTo: principal, after: after,
                                                              limit: limit) else { return nil }
            if page.more, page.jobs.count != limit { return nil } // a short page must be the last
            ids += page.jobs.map(\.id)
            guard page.more, let last = page.jobs.last?.id else { return ids }
            after = last
        }
    }

    static let queries: [(String, JobQuery, Principal)] = [
        ("alice, live", JobQuery(), .user("alice")),
        ("alice, --all", JobQuery(includeFinished: true), .user("alice")),
        ("alice, -t PD", JobQuery(states: [.pending]), .user("alice")),
        ("alice, -t CA", JobQuery(states: [.cancelled]), .user("alice")),
        ("admin, every user, live", JobQuery(allUsers: true), .admin),
        ("admin, bob, --all", JobQuery(users: ["bob"], includeFinished: true), .admin),
        ("admin, completing", JobQuery(allUsers: true, completing: true), .admin),
    ]

    @Test(arguments: [1, 2, 7, 50], [UInt64(1), 2, 3])
    func pagesFollowedToTheEndAreTheWholeListing(limit: Int, seed: UInt64) {
        let cluster = Self.cluster(seed: seed, jobs: 60)
        for (what, query, principal) in Self.queries {
            let expected = Self.oracle(cluster.scheduler, query, principal)
            #expect(Self.paged(cluster.scheduler, query, principal, limit: limit) == expected, "\(what), pages of \(limit)")
        }
    }

    @Test func aNamedJobIsFoundInAPageOfItsOwn() throws {
        let cluster = Self.cluster(seed: 9, jobs: 30)
        // Not an array task: naming an array's id lists all its tasks.
        let someone = try #require(cluster.state.jobs.values
            .filter { $0.spec.user == "alice" && $0.state.isTerminal && $0.arrayJobID == nil }.min { $0.id < $1.id })
        let query = JobQuery(selectors: [.job(someone.id)])
        let page = try cluster.scheduler.jobPage(matching: query, visibleTo: .user("alice"), after: JobID(0), limit: 5).get()
        #expect(page.jobs.map(\.id) == [someone.id], "a finished job is listed when it is named")
        #expect(!page.more)
    }
}
