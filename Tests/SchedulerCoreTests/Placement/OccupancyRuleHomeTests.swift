import Testing
@testable import SchedulerCore

/// A placement rule lives in its filter and is honoured wherever it applies: starting now, on counts, and in the
/// reservation planner's view of the future. A filter the pipeline did not ship with (here: one job per node) must
/// move a reservation to the instant the node empties, whether it can judge from counts or only from the node.
@Suite("One home for each occupancy rule")
struct OccupancyRuleHomeTests {
    /// At most one job per node: an occupancy rule none of the built-in filters has.
    struct OneJobPerNode: PlacementFilter {
        /// Whether it also answers from counts (the planner's cheap pass) or only from the node (its exact pass).
        var judgesCounts: Bool
        var name: String { "OneJobPerNode" }
        var stage: PlacementStage { .occupancy }
        func check(_ ask: PlacementAsk, on node: Node) -> PlacementRejection? { node.jobs.isEmpty ? nil : .nodeNotIdle }
        func admits(_ ask: PlacementAsk, counts: NodeCounts) -> Bool { !judgesCounts || counts.idle }
    }

    static let settings = SchedulerSettings()
    static let now = Instant(milliseconds: 1_700_000_000_000)
    static let runningEnds = now + .seconds(3_600)

    /// One 8-CPU node running a 2-CPU job that ends in an hour.
    static func busyNode() -> (Node, [HeldPart]) {
        var node = Node.up("cpu-01", .make(domains: 1, coresPerDomain: 8, threadsPerCore: 1))
        let part = NodeAllocation(node: "cpu-01", cpus: [0, 1], gpus: [], numaNodes: [0], memoryMB: 1_000,
                                  numaMemoryMB: [1_000])
        node.hold(part, for: JobID(1))
        return (node, [HeldPart(job: JobID(1), part: part, end: runningEnds, preemptible: false)])
    }

    static func pipeline(_ extra: [any PlacementFilter]) -> PlacementPipeline {
        PlacementPipeline(settings: settings, filters: PlacementPipeline.defaultFilters + extra)
    }

    static let request = ResourceRequest(cpusPerNode: 1, memoryMBPerNode: 500, timeLimit: .seconds(600))

    @Test(arguments: [[] as [OneJobPerNode], [OneJobPerNode(judgesCounts: true)], [OneJobPerNode(judgesCounts: false)]])
    func theReservationPlannerHonoursEveryOccupancyFilter(_ extra: [OneJobPerNode]) throws {
        let (node, holds) = Self.busyNode()
        let pipeline = Self.pipeline(extra)
        let planner = ReservationPlanner(pipeline: pipeline, now: Self.now, nodes: [node], holds: [holds])
        let reservation = try #require(planner.plan(JobID(2), Self.request, limit: .seconds(600),
                                                    shadow: ReservationShadow()))
        #expect(reservation.start == (extra.isEmpty ? Self.now : Self.runningEnds))
        // The cycle's placement now agrees with the planner's answer at `now`.
        let ask = PlacementAsk(Self.request, settings: Self.settings)
        let counts = [NodeCounts(node)]
        let admitted = pipeline.positionsAdmitting(ask, counts)
        let outcome = pipeline.placeNow(ask, on: NodeView(base: [node], overrides: [:]), counts: counts, mayFit: admitted)
        if extra.isEmpty {
            #expect(admitted == [0])
            guard case .placed = outcome else { Issue.record("expected a start now, got \(outcome)"); return }
        } else {
            #expect(admitted == (extra[0].judgesCounts ? [] : [0]))
            guard case .busy = outcome else { Issue.record("expected busy, got \(outcome)"); return }
        }
    }

    @Test func exclusiveJobsAreNotPlannedOverAnotherReservation() throws {
        // An idle node with a reservation for job 3 from +10 min to +20 min: an exclusive job of 30 minutes
        // cannot start now (it would overlap), only once job 3's window has passed.
        let node = Node.up("cpu-01", .make(domains: 1, coresPerDomain: 8, threadsPerCore: 1))
        let part = NodeAllocation(node: "cpu-01", cpus: [0], gpus: [], numaNodes: [0], memoryMB: 100, numaMemoryMB: [100])
        var shadow = ReservationShadow()
        shadow.add(Reservation(job: JobID(3), start: Self.now + .seconds(600), end: Self.now + .seconds(1_200),
                               allocation: Allocation(nodes: [part]), after: []))
        let exclusive = ResourceRequest(cpusPerNode: 1, memoryMBPerNode: 100, exclusive: true, timeLimit: .seconds(1_800))
        let planner = ReservationPlanner(pipeline: Self.pipeline([]), now: Self.now, nodes: [node], holds: [[]])
        let reservation = try #require(planner.plan(JobID(4), exclusive, limit: .seconds(1_800), shadow: shadow))
        #expect(reservation.start == Self.now + .seconds(1_200))
    }
}
