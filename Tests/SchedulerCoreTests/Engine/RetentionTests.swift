import Testing
@testable import SchedulerCore

/// Finished jobs leave the live state after `SchedulerSettings.jobRetention` (Slurm's MinJobAge): when, what is
/// kept for the live jobs that need it, and that nothing a live job's scheduling sees changes.
@Suite("Job retention")
struct RetentionTests {
    private func cluster(retention: Span?) -> TestCluster {
        var settings = SchedulerSettings()
        settings.jobRetention = retention
        var cluster = TestCluster(settings: settings)
        cluster.addNode("cpu-01", cpus: 2)
        return cluster
    }

    private func spec(_ dependency: String? = nil, array: String? = nil, cpus: Int = 1) -> JobSpec {
        var spec = JobSpec.make(cpus: cpus)
        spec.dependency = dependency
        spec.array = array
        return spec
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var testDescription: String
        var retention: Span?
        /// How long after the job's end the clock is when the timer fires.
        var after: Span
        /// The agent reports the processes gone only after that tick (the job was COMPLETING at its due time).
        var exitLate: Bool = false
        var retired: Bool
    }

    static let cases: [Case] = [
        Case(testDescription: "within the retention it stays", retention: .seconds(300), after: .seconds(299), retired: false),
        Case(testDescription: "at the retention it leaves", retention: .seconds(300), after: .seconds(300), retired: true),
        Case(testDescription: "long after it has left", retention: .seconds(300), after: .seconds(86_400), retired: true),
        Case(testDescription: "no retention: never leaves", retention: nil, after: .seconds(86_400 * 365), retired: false),
        Case(testDescription: "zero: leaves at once", retention: Span(milliseconds: 0), after: Span(milliseconds: 0),
             retired: true),
        Case(testDescription: "a COMPLETING job stays until its processes are gone", retention: .seconds(300),
             after: .seconds(600), exitLate: true, retired: false),
    ]

    @Test(arguments: cases)
    func retirement(_ c: Case) {
        var cluster = cluster(retention: c.retention)
        let id = cluster.submit()
        cluster.confirmLaunch(id)
        if c.exitLate {
            _ = cluster.cancel(id)
        } else {
            cluster.exit(id, on: "cpu-01")
        }
        // The job as last committed (with a zero retention it has already left the state).
        let ended = cluster.transitions.compactMap { if case .jobChanged(let job) = $0, job.id == id { job } else { nil } }.last
        #expect(ended?.state.isTerminal == true)
        let end = ended?.endTime ?? cluster.now
        cluster.setClock(end + c.after)
        // The agent is alive (else its node would time out and take the job's processes with it) and lists them.
        let running = cluster.state.nodes["cpu-01"]?.jobs.sorted() ?? []
        let tick = cluster.handle([.heartbeatReceived(node: "cpu-01", running: running), .timerFired])
        #expect((cluster.state.jobs[id] == nil) == c.retired)
        #expect(tick.transitions.contains(.jobRetired(id)) == (c.retired && c.after > Span(milliseconds: 0)))
        if c.exitLate {
            // Once its agent reports the processes gone, it leaves in that very batch.
            let exit = cluster.exit(id, on: "cpu-01", signal: 15)
            #expect(exit.transitions.contains(.jobRetired(id)))
            #expect(cluster.state.jobs[id] == nil)
        }
    }

    @Test func theCoreAsksToBeWokenWhenTheRetentionRunsOut() {
        var cluster = cluster(retention: .seconds(300))
        let id = cluster.submit()
        cluster.confirmLaunch(id)
        let exit = cluster.exit(id, on: "cpu-01")
        let end = cluster.job(id).endTime!
        #expect(exit.wakeAt.map { $0 <= end + .seconds(300) } == true)
        for _ in 0..<50 where cluster.state.jobs[id] != nil { cluster.advanceToWake() }
        #expect(cluster.state.jobs[id] == nil)
        #expect(cluster.now == end + .seconds(300))
    }

    @Test func aDependencyOnARetiredJobAnswersAsBeforeItLeft() {
        for (code, starts) in [(Int32(0), true), (Int32(1), false)] {
            var cluster = cluster(retention: Span(milliseconds: 0))
            let first = cluster.submit()
            let blocker = cluster.submit(cpus: 1)
            let second = cluster.submit(spec("afterok:\(first)", cpus: 2))
            cluster.confirmLaunch(first)
            cluster.confirmLaunch(blocker)
            cluster.exit(first, on: "cpu-01", code: code)
            #expect(cluster.state.jobs[first] == nil)
            #expect(cluster.state.retirements.outcomes[first] == (code == 0 ? .completed : .failed))
            cluster.exit(blocker, on: "cpu-01")
            #expect(cluster.job(second).state == (starts ? .running : .pending))
            if !starts { #expect(cluster.job(second).reason == PendingReason.dependencyNeverSatisfied.rawValue) }
            // Once no pending job names it, its final state is let go.
            if starts { cluster.exit(second, on: "cpu-01") } else { _ = cluster.cancel(second) }
            cluster.advance(by: .seconds(1))
            #expect(cluster.state.retirements.outcomes.isEmpty)
        }
    }

    @Test func aNewDependencyOnARetiredJobIsRefusedSayingWhereItIs() {
        var cluster = cluster(retention: Span(milliseconds: 0))
        let first = cluster.submit()
        cluster.confirmLaunch(first)
        cluster.exit(first, on: "cpu-01")
        guard case .failure(let rejection) = cluster.trySubmit(spec("afterok:\(first)")) else {
            Issue.record("a dependency on a retired job was accepted")
            return
        }
        #expect(rejection.message.contains("no job \(first) in the queue") && rejection.message.contains("aisubmit history"))
    }

    @Test func anArrayLeavesAsAWholeOnceItsLastTaskHasEnded() {
        var cluster = cluster(retention: .seconds(60))
        let array = cluster.submit(spec(array: "0-2"))
        let tasks = [array, JobID(array.rawValue + 1), JobID(array.rawValue + 2)]
        for task in tasks.prefix(2) { cluster.confirmLaunch(task) }
        cluster.exit(tasks[0], on: "cpu-01")
        cluster.exit(tasks[1], on: "cpu-01")
        cluster.confirmLaunch(tasks[2])
        cluster.advance(by: .seconds(600))
        // The first tasks are long past their retention, but the array's id still names all three.
        #expect(tasks.allSatisfy { cluster.state.jobs[$0] != nil })
        #expect(cluster.state.jobs(selectedBy: .job(array)) == tasks)
        cluster.exit(tasks[2], on: "cpu-01")
        cluster.advance(by: .seconds(59))
        #expect(tasks.allSatisfy { cluster.state.jobs[$0] != nil })
        let tick = cluster.advance(by: .seconds(1))
        #expect(tasks.allSatisfy { cluster.state.jobs[$0] == nil })
        let retired = tick.transitions.compactMap { if case .jobRetired(let id) = $0 { id } else { nil } }
        #expect(retired.sorted() == tasks)
    }

    @Test func aRetriedSubmitOfARetiredJobGetsTheSameID() {
        var cluster = cluster(retention: Span(milliseconds: 0))
        var keyed = spec()
        keyed.submissionKey = "0123456789abcdef"
        let id = cluster.submit(keyed)
        cluster.confirmLaunch(id)
        cluster.exit(id, on: "cpu-01")
        #expect(cluster.state.jobs[id] == nil)
        #expect(cluster.submit(keyed) == id)
        #expect(cluster.state.nextJobID == id.rawValue + 1)
    }

    @Test func aRestartedStateKeepsTheNextIDOutcomesAndKeysOfRetiredJobs() {
        let keys = [SubmissionKeys.Made(user: "alice", key: "k1", job: JobID(7), at: TestCluster.epoch)]
        let state = ClusterState(nextJobID: 42, retiredOutcomes: [JobID(7): .completed], retiredKeys: keys)
        #expect(state.nextJobID == 42)
        #expect(state.retirements.outcomes == [JobID(7): .completed])
        #expect(state.submissionKeys.job(madeWith: "k1", by: "alice") == JobID(7))
    }

    /// Every third submission waits for a live job (so its dependency outlives the job it names, which retires
    /// while it waits); a submission naming a job that has already retired would be refused, as sacct's purged jobs
    /// are unknown to sbatch, so only live jobs are named.
    static func withDependency(_ event: Event, on state: ClusterState) -> Event {
        guard case let .jobSubmitted(submitted, request) = event, request.rawValue % 3 == 0 else { return event }
        let live = (state.pendingIDs.union(state.runningIDs)).sorted()
        guard !live.isEmpty else { return event }
        let kinds = ["afterok", "afterany", "afternotok"]
        let named = live[Int(request.rawValue / 3) % live.count]
        var spec = submitted
        spec.dependency = "\(kinds[Int(request.rawValue / 3) % 3]):\(named)"
        return .jobSubmitted(spec, request: request)
    }

    /// The property: retiring finished jobs never changes a decision about live ones. The same random traffic (made
    /// from the run that keeps every job) goes through a core that retires at once and one that never does; both
    /// start and kill the same jobs on the same nodes, batch by batch, and their live jobs agree.
    @Test(arguments: Array(UInt64(1)...16))
    func retiringNeverChangesALiveJobsScheduling(seed: UInt64) {
        var keeping = TestCluster(settings: { var s = SchedulerSettings(); s.jobRetention = nil; return s }())
        var retiring = TestCluster(settings: { var s = SchedulerSettings(); s.jobRetention = Span(milliseconds: 0); return s }())
        var workload = RandomWorkload(seed: seed)
        for step in 0..<RandomRun.steps {
            let next = workload.next(given: keeping.state)
            let events = next.events.map { Self.withDependency($0, on: keeping.state) }
            keeping.setClock(keeping.now + next.advance)
            retiring.setClock(retiring.now + next.advance)
            let kept = keeping.handle(events)
            let retired = retiring.handle(events)
            #expect(kept.launches == retired.launches, "seed \(seed) step \(step)")
            #expect(kept.kills == retired.kills, "seed \(seed) step \(step)")
            for (id, job) in retiring.state.jobs where keeping.state.jobs[id] != job {
                Issue.record("seed \(seed) step \(step): live job \(id) differs")
            }
            let finished = keeping.state.jobs.values.filter { $0.state.isTerminal && !$0.isCompleting && $0.arrayJobID == nil }
            for job in finished where retiring.state.jobs[job.id] != nil {
                Issue.record("seed \(seed) step \(step): finished job \(job.id) was not retired")
            }
        }
    }
}
