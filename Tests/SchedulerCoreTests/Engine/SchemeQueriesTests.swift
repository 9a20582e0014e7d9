import Testing
@testable import SchedulerCore

/// Who sees what of a funding scheme (`visibleProjects`, `schemeUsage`, `fairShareLevels`), the burn-down steps and
/// the queue sample, on a centre with two schemes.
@Suite struct SchemeQueriesTests {
    static let start = Instant(milliseconds: 1_700_000_000_000)

    /// Schemes aisp (projects A with a, B with b) and innohk (project C with c and a).
    static func centre() -> Scheduler {
        let accounts = AccountRegistry(
            schemes: [FundingScheme(name: "aisp", shares: 2), FundingScheme(name: "innohk", shares: 1)],
            projects: [Project(name: "A", scheme: "aisp", shares: 2, members: ["a"]),
                       Project(name: "B", scheme: "aisp", shares: 1, members: ["b"]),
                       Project(name: "C", scheme: "innohk", shares: 1, members: ["c", "a"])],
            users: [UserAccount(name: "a", defaultProject: "A"), UserAccount(name: "b", defaultProject: "B"),
                    UserAccount(name: "c", defaultProject: "C")])
        var scheduler = Scheduler(state: ClusterState(accounts: accounts),
                                  settings: SchedulerSettings(nodeTimeout: .minutes(1_000_000)))
        let node = NodeInventory(name: "gpu-0", address: "gpu-0", cpuIDs: Array(0..<64), memoryMB: 512_000,
                                 gpuIndices: Array(0..<8), gpuModel: "H100")
        _ = scheduler.handle(.nodeRegistered(node, running: [], request: RequestID(0)), at: start)
        return scheduler
    }

    static let admin = Principal(name: "ops", role: .admin)
    static let funder = Principal(name: "itf", role: .viewer, schemes: ["aisp"])

    @Test(arguments: [
        (admin, "aisp", "A,B"), (funder, "aisp", "A,B"), (Principal(name: "a", role: .user), "aisp", "A"),
        (Principal(name: "a", role: .user), "innohk", "C"),
        (funder, "innohk", "permissionDenied"), (Principal(name: "b", role: .user), "innohk", "permissionDenied"),
        (Principal(name: "b", role: .node), "aisp", "permissionDenied"),
        (admin, "nope", "notFound"), (funder, "nope", "notFound"),
    ] as [(Principal, String, String)])
    func whoSeesWhichProjects(_ principal: Principal, _ scheme: String, _ expected: String) {
        switch Self.centre().visibleProjects(ofScheme: scheme, for: principal) {
        case .success(let names): #expect(names.joined(separator: ",") == expected)
        case .failure(let rejection): #expect(rejection.code.rawValue == expected, "\(rejection.message)")
        }
    }

    @Test func aViewerIsToldWhichSchemesItHasAndNeverSeesAUsersProjects() {
        let scheduler = Self.centre()
        guard case .failure(let refused) = scheduler.visibleProjects(ofScheme: "innohk", for: Self.funder) else {
            Issue.record("a viewer saw a scheme it is not granted")
            return
        }
        #expect(refused.hint.contains("aisp") && refused.hint.contains("--schemes innohk"), "\(refused.hint)")
        guard case .failure = scheduler.usage(of: "a", project: nil, visibleTo: Self.funder, at: Self.start) else {
            Issue.record("a viewer read a user's usage")
            return
        }
    }

    @Test func theFairShareTreeIsCutToWhatEachMaySee() throws {
        var scheduler = Self.centre()
        var now = Self.start
        _ = scheduler.handle(.jobSubmitted(JobSpec(user: "a", project: "A", workdir: "/w", argv: ["x"],
                                                   request: ResourceRequest(cpusPerNode: 4, gpusPerNode: 2)),
                                           request: RequestID(1)), at: now)
        for _ in 0..<30 {
            now = now + .minutes(1)
            _ = scheduler.handle(.timerFired, at: now)
        }
        func paths(_ p: Principal, _ scheme: String? = nil) throws -> [String] {
            try scheduler.fairShareLevels(scheme: scheme, visibleTo: p, at: now).get().map { $0.path.joined(separator: "/") }
        }
        let all = try paths(Self.admin)
        #expect(Set(all) == ["aisp", "innohk", "aisp/A", "aisp/B", "innohk/C", "aisp/A/a", "aisp/B/b", "innohk/C/a",
                             "innohk/C/c"])
        #expect(try paths(Self.funder) == all.filter { $0.hasPrefix("aisp") }, "the viewer's subtree, in the tree's order")
        #expect(Set(try paths(Principal(name: "b", role: .user))) == ["aisp", "innohk", "aisp/A", "aisp/B", "innohk/C",
                                                                       "aisp/B/b"])
        #expect(Set(try paths(Self.admin, "innohk")) == ["innohk", "innohk/C", "innohk/C/a", "innohk/C/c"])
        // The one who used something is served less than the one who did not: b ranks above a in aisp.
        let levels = try scheduler.fairShareLevels(scheme: "aisp", visibleTo: Self.admin, at: now).get()
        let factor = { (user: String) in levels.first { $0.isUser && $0.path.last == user }?.factor ?? 0 }
        #expect(factor("b") > factor("a"))
        #expect(levels.first { $0.path == ["aisp", "B"] }?.levelFairShare == .infinity)
    }

    /// Two schemes that have used nothing tie, and Fair Tree visits their projects as one merged list; listed, each
    /// node is followed by its own subtree, and siblings keep Fair Tree's order.
    @Test func theTreeIsListedNodeBySubtreeEvenWhenSiblingsTie() throws {
        let levels = try Self.centre().fairShareLevels(scheme: nil, visibleTo: Self.admin, at: Self.start).get()
        let paths = levels.map { $0.path.joined(separator: "/") }
        #expect(paths == ["aisp", "aisp/A", "aisp/A/a", "aisp/B", "aisp/B/b", "innohk", "innohk/C", "innohk/C/a", "innohk/C/c"])
        let visited = try Self.centre().state.book.fairShare(accounts: Self.centre().state.accounts, at: Self.start).levels
        #expect(visited.map { $0.path.joined(separator: "/") } != paths, "the tie merges the schemes' children when visiting")
        #expect(Set(visited.map(\.path)) == Set(levels.map(\.path)))
    }

    @Test func theSchemeUsageCountsEveryProjectsGPUsButListsOnlyTheVisible() throws {
        var scheduler = Self.centre()
        for (id, (user, project)) in [("a", "A"), ("b", "B")].enumerated() {
            _ = scheduler.handle(.jobSubmitted(JobSpec(user: user, project: project, workdir: "/w", argv: ["x"],
                                                       request: ResourceRequest(cpusPerNode: 4, gpusPerNode: 2)),
                                               request: RequestID(UInt64(id + 1))), at: Self.start)
        }
        let mine = try scheduler.schemeUsage("aisp", visibleTo: Principal(name: "a", role: .user), at: Self.start).get()
        #expect(mine.projects.map(\.project.name) == ["A"])
        #expect(mine.inUse.gpus == 4 && mine.inUse.runningJobs == 2)
        let funders = try scheduler.schemeUsage("aisp", visibleTo: Self.funder, at: Self.start).get()
        #expect(funders.projects.map(\.project.name) == ["A", "B"])
        #expect(funders.projects.allSatisfy { $0.fairShare == nil }, "nobody's own factor is asked for")
    }

    @Test func aQueueSampleCountsWaitingHeldAndRunningJobs() {
        var scheduler = Self.centre()
        let big = ResourceRequest(cpusPerNode: 4, gpusPerNode: 8)
        _ = scheduler.handle(.jobSubmitted(JobSpec(user: "a", project: "A", workdir: "/w", argv: ["x"], request: big),
                                           request: RequestID(1)), at: Self.start)
        _ = scheduler.handle(.jobSubmitted(JobSpec(user: "b", project: "B", workdir: "/w", argv: ["x"], request: big),
                                           request: RequestID(2)), at: Self.start + .minutes(1))
        _ = scheduler.handle(.jobSubmitted(JobSpec(user: "b", project: "B", workdir: "/w", argv: ["x"], request: big),
                                           request: RequestID(3)), at: Self.start + .minutes(3))
        _ = scheduler.handle(.jobSubmitted(JobSpec(user: "b", project: "B", workdir: "/w", argv: ["x"], request: big,
                                                   hold: true), request: RequestID(4)), at: Self.start + .minutes(3))
        let sample = scheduler.queueSample(at: Self.start + .minutes(5))
        #expect(sample.running == 1 && sample.gpusInUse == 8)
        #expect(sample.pending == 2 && sample.held == 1 && sample.gpusWanted == 16)
        #expect(sample.medianWait == .minutes(2) && sample.maxWait == .minutes(4))
    }
}

/// Burn-down steps: an oracle (each charge's GPU-hours land whole in the steps its window overlaps) and the refusals.
@Suite struct UsageStepsTests {
    static let t0 = Instant(milliseconds: 1_700_000_000_000)

    static func charge(_ project: String, from: Int64, to: Int64, hours: Double, budget: Bool = true) -> UsageCharge {
        UsageCharge(job: JobID(1), project: project, user: "u", qos: .normal,
                    from: t0 + .minutes(from), to: t0 + .minutes(to), rate: 1, multiplier: 1, gpuHours: hours,
                    countsAgainstBudget: budget)
    }

    @Test func chargesAreSplitByOverlapAndOnlyBudgetCountedOnesCount() {
        let charges = [Self.charge("A", from: 30, to: 90, hours: 6), Self.charge("A", from: 0, to: 10, hours: 1, budget: false),
                       Self.charge("B", from: 170, to: 200, hours: 3), Self.charge("Z", from: 0, to: 60, hours: 9)]
        let steps = UsageSteps(charges: charges, projects: ["A", "B"], from: Self.t0, to: Self.t0 + .minutes(180),
                               step: .minutes(60))
        #expect(steps.projects["A"] == [3, 3, 0])
        #expect(steps.projects["B"] == [0, 0, 1], "the part after the window is left out")
        #expect(steps.projects["Z"] == nil)
    }

    @Test func theStepsAddUpToEachChargesPartInTheWindow() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let charges = (0..<20).map { _ -> UsageCharge in
                let from = Int64.random(in: -100...1_000, using: &rng)
                return Self.charge("A", from: from, to: from + Int64.random(in: 1...300, using: &rng),
                                   hours: Double.random(in: 0...10, using: &rng))
            }
            let (low, high) = (Int64.random(in: 0...400, using: &rng), Int64.random(in: 500...900, using: &rng))
            let steps = UsageSteps(charges: charges, projects: ["A"], from: Self.t0 + .minutes(low),
                                   to: Self.t0 + .minutes(high), step: .minutes(Int64.random(in: 1...120, using: &rng)))
            let expected = charges.reduce(0.0) { sum, c in
                let overlap = min(c.to.milliseconds, (Self.t0 + .minutes(high)).milliseconds)
                    - max(c.from.milliseconds, (Self.t0 + .minutes(low)).milliseconds)
                return sum + (overlap > 0 ? c.gpuHours * Double(overlap) / Double((c.to - c.from).milliseconds) : 0)
            }
            let total = steps.projects["A"]!.reduce(0, +)
            #expect(abs(total - expected) < 1e-9 * max(1, expected), "\(total) vs \(expected)")
        }
    }

    @Test func everyProblemWithTheWindowIsNamed() {
        #expect(UsageSteps.problems(from: Self.t0, to: Self.t0, step: .minutes(0)).count == 2)
        #expect(UsageSteps.problems(from: Self.t0, to: Self.t0 + .minutes(1_000), step: .minutes(1)).count == 1)
        #expect(UsageSteps.problems(from: Self.t0, to: Self.t0 + .minutes(999), step: .minutes(1)).isEmpty)
    }
}
