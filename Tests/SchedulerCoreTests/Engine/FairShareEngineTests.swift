import Testing
@testable import SchedulerCore

/// Fair share, budgets and QoS through the real engine (`Scheduler.handle`) with a virtual clock.
@Suite struct FairShareEngineTests {
    static let start = Instant(milliseconds: 1_700_000_000_000)
    static let minute = Span.minutes(1)
    static let admin = Principal(name: "ops", role: .admin)

    /// A centre of `nodes` × 8 GPUs with one scheme, projects A (shares 2) and B (shares 1), users a and b.
    static func centre(nodes: Int, halfLife: Span = .minutes(24 * 60), budgetA: BudgetPeriod? = nil) -> Scheduler {
        let accounts = AccountRegistry(
            schemes: [FundingScheme(name: "aisp", shares: 1)],
            projects: [Project(name: "A", scheme: "aisp", shares: 2, members: ["a"], budgets: budgetA.map { [$0] } ?? []),
                       Project(name: "B", scheme: "aisp", shares: 1, members: ["b"])],
            users: [UserAccount(name: "a", defaultProject: "A"), UserAccount(name: "b", defaultProject: "B")])
        let settings = SchedulerSettings(nodeTimeout: .minutes(1_000_000),
                                         accounting: AccountingPolicy(usageHalfLife: halfLife))
        var scheduler = Scheduler(state: ClusterState(accounts: accounts), settings: settings)
        for n in 0..<nodes {
            let node = NodeInventory(name: "gpu-\(n)", address: "gpu-\(n)", cpuIDs: Array(0..<64), memoryMB: 512_000,
                                     gpuIndices: Array(0..<8), gpuModel: "H100")
            _ = scheduler.handle(.nodeRegistered(node, running: [], request: RequestID(0)), at: start)
        }
        return scheduler
    }

    static func oneGPUJob(_ user: String, qos: String = "") -> JobSpec {
        JobSpec(user: user, workdir: "/w", argv: ["train"], request: ResourceRequest(cpusPerNode: 4, gpusPerNode: 1),
                qos: qos)
    }

    @Test func sharesTwoToOneGetGPUHoursTwoToOneUnderSaturatingDemand() {
        var scheduler = Self.centre(nodes: 2) // 16 GPUs, always oversubscribed
        var rng = SplitMix64(seed: 42)
        var ends: [JobID: Instant] = [:]
        var charged: [String: Double] = [:]
        var written: [String: Double] = [:]
        var now = Self.start
        let warmUp = Self.start + .minutes(24 * 60)
        let stop = Self.start + .minutes(4 * 24 * 60)
        var request: UInt64 = 1
        while now < stop {
            var events: [Event] = []
            for (id, end) in ends where end <= now {
                events.append(.jobExited(id, node: scheduler.state.jobs[id]!.activeNodes.list[0], ExitReport(exitCode: 0), request: nil))
                ends[id] = nil
            }
            for user in ["a", "b"] {
                let waiting = scheduler.state.pendingIDs.filter { scheduler.state.jobs[$0]?.spec.user == user }.count
                for _ in waiting..<20 {
                    events.append(.jobSubmitted(Self.oneGPUJob(user), request: RequestID(request)))
                    request += 1
                }
            }
            events.append(.timerFired)
            let fx = scheduler.handle(events, at: now)
            for case let .launch(id, _) in fx.outbound {
                ends[id] = now + .minutes(Int64.random(in: 30...120, using: &rng))
            }
            // Rows are extended in place: what a transition adds is its growth since the row was last written.
            for case let .usageCharged(row) in fx.transitions {
                let key = "\(row.job)@\(row.from.milliseconds)"
                let added = row.gpuHours - (written[key] ?? 0)
                written[key] = row.gpuHours
                if now >= warmUp { charged[row.project, default: 0] += added }
            }
            now = now + Self.minute
        }
        let ratio = charged["A", default: 0] / charged["B", default: 1]
        print("fair share through the engine: A/B GPU-hours = \(ratio)")
        #expect(abs(ratio - 2) / 2 < 0.05, "A \(charged["A", default: 0]) GPU-h, B \(charged["B", default: 0]) GPU-h, ratio \(ratio)")
        // Saturated: every GPU-minute after warm-up was charged to someone.
        let total = charged.values.reduce(0, +)
        #expect(total > 0.97 * 16 * 3 * 24, "total \(total)")
    }

    @Test func spentBudgetStopsNormalJobsButNotScavengerAndDemotesTheRunningJob() {
        // Project A may use 1 GPU-hour in a period covering the whole test.
        let period = BudgetPeriod(start: Self.start, end: Self.start + .minutes(30 * 24 * 60), gpuHours: 1)
        var scheduler = Self.centre(nodes: 1, budgetA: period)
        var now = Self.start
        var fx = scheduler.handle(.jobSubmitted(Self.oneGPUJob("a"), request: RequestID(1)), at: now)
        #expect(fx.outbound.contains(.launch(JobID(1), node: "gpu-0")))
        // Run 61 minutes with a tick each minute: the budget runs out while the job runs.
        for _ in 0..<61 {
            now = now + Self.minute
            fx = scheduler.handle(.timerFired, at: now)
        }
        let running = scheduler.state.jobs[JobID(1)]!
        #expect(running.state == .running)
        #expect(running.qos == .scavenger, "the running job is moved to scavenger, not charged past the budget")
        #expect(running.spec.qos == "normal", "the spec stays what was submitted")
        #expect(running.reason.hasPrefix("QoS scavenger: "), "why it last changed: \(running.reason)")
        #expect(running.notes.contains { $0.contains("scavenger") })

        fx = scheduler.handle(.jobSubmitted(Self.oneGPUJob("a"), request: RequestID(2)), at: now)
        #expect(scheduler.state.jobs[JobID(2)]?.state == .pending)
        #expect(scheduler.state.jobs[JobID(2)]?.reason == PendingReason.budgetExhausted.rawValue)
        fx = scheduler.handle(.jobSubmitted(Self.oneGPUJob("a", qos: "scavenger"), request: RequestID(3)), at: now)
        #expect(scheduler.state.jobs[JobID(3)]?.state == .running, "scavenger runs on the spent budget")
        // Project B is not affected.
        fx = scheduler.handle(.jobSubmitted(Self.oneGPUJob("b"), request: RequestID(4)), at: now)
        #expect(scheduler.state.jobs[JobID(4)]?.state == .running)

        guard case .success(let usage) = scheduler.usage(of: "a", project: nil, visibleTo: Principal(name: "a", role: .user), at: now),
              let line = usage.first else {
            Issue.record("no usage for a")
            return
        }
        #expect(line.verdict?.reason == .budgetExhausted)
        #expect(line.budget.isExhausted)
    }

    @Test func runningJobsAreChargedAtEachTickNotOnlyAtTheEnd() {
        var scheduler = Self.centre(nodes: 1)
        var now = Self.start
        _ = scheduler.handle(.jobSubmitted(Self.oneGPUJob("b"), request: RequestID(1)), at: now)
        var rows: [UsageCharge] = []
        for _ in 0..<3 {
            now = now + Self.minute
            rows += scheduler.handle(.timerFired, at: now).transitions.compactMap {
                if case .usageCharged(let charge) = $0 { charge } else { nil }
            }
        }
        // One ledger row for the job's period, extended at each tick (the store replaces it by job and start).
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.job == JobID(1) && $0.project == "B" && $0.user == "b" && $0.from == rows[0].from })
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.to + Self.minute == $1.to })
        #expect(abs((rows.last?.gpuHours ?? 0) - 3.0 / 60) < 1e-9)
    }

    @Test func adminChangesAreAuditedWithBeforeAndAfterAndBadOnesChangeNothing() {
        var scheduler = Self.centre(nodes: 1)
        var project = scheduler.state.accounts.projects["B"]!
        project.shares = 5
        let fx = scheduler.handle(.accountChangeRequested(.updateProject(project), ledger: [], by: Self.admin,
                                                          request: RequestID(9)), at: Self.start)
        guard case .changed(let records)? = fx.replies.first?.1 else {
            Issue.record("no change reply: \(fx.replies)")
            return
        }
        #expect(records.count == 1)
        #expect(records[0].subject == "project B")
        #expect(records[0].actor == "ops")
        if case .account(.project(let before))? = records[0].before { #expect(before.shares == 1) } else { Issue.record("no before") }
        if case .account(.project(let after))? = records[0].after { #expect(after.shares == 5) } else { Issue.record("no after") }
        #expect(fx.transitions.contains(.auditRecorded(records[0])))

        let before = scheduler.state.accounts
        project.shares = 0
        let bad = scheduler.handle(.accountChangeRequested(.updateProject(project), ledger: [], by: Self.admin,
                                                           request: RequestID(10)), at: Self.start)
        guard case .rejected? = bad.replies.first?.1 else {
            Issue.record("a zero share was accepted")
            return
        }
        #expect(scheduler.state.accounts == before)
        #expect(!bad.transitions.contains { if case .auditRecorded = $0 { true } else { false } })
        let user = scheduler.handle(.accountChangeRequested(.deleteProject("B"), ledger: [],
                                                            by: Principal(name: "b", role: .user), request: RequestID(11)),
                                    at: Self.start)
        guard case .rejected(let why)? = user.replies.first?.1 else {
            Issue.record("a user changed accounts")
            return
        }
        #expect(why.code == .permissionDenied)
    }

    @Test func unknownQoSIsRefusedAtSubmit() {
        var scheduler = Self.centre(nodes: 1)
        let fx = scheduler.handle(.jobSubmitted(Self.oneGPUJob("a", qos: "platinum"), request: RequestID(1)), at: Self.start)
        guard case .rejected(let why)? = fx.replies.first?.1 else {
            Issue.record("accepted an unknown QoS")
            return
        }
        #expect(why.message.contains("platinum"))
        #expect(scheduler.state.jobs.isEmpty)
    }
}
