import Testing
@testable import SchedulerCore

/// `--partition` and `--constraint`: admin-defined node groups and node features, honoured as placement
/// capabilities (so starts, reservations and estimates all respect them).
@Suite struct PartitionAndFeatureTests {
    static let table = PartitionTable([
        Partition(name: "gpu", nodes: ["g1", "g2"], isDefault: true, maxTime: .minutes(3 * 24 * 60)),
        Partition(name: "debug", nodes: ["d1"], maxTime: .minutes(60)),
    ])

    @Test(arguments: [
        (nil, nil, "ok gpu 4320"),
        (["debug"], Span.minutes(30), "ok debug"),
        (["debug", "gpu"], Span.minutes(120), "ok debug,gpu"),
        (["debug"], Span.minutes(120), "allows at most 60 minutes"),
        (["debug"], nil, "ok debug 60"),
        (["big"], nil, "no partition big here"),
    ] as [([String]?, Span?, String)])
    func partitionsResolveAsSlurmDoes(requested: [String]?, time: Span?, expected: String) {
        switch Self.table.resolve(requested, timeLimit: time) {
        case .success(let resolved):
            let limit = resolved.timeLimit.map { " \($0.milliseconds / 60_000)" } ?? ""
            let shown = "ok " + (resolved.partitions ?? []).joined(separator: ",") + (time == nil ? limit : "")
            #expect(shown == expected, "no --time: the partition's MaxTime")
        case .failure(let rejection): #expect(rejection.message.contains(expected), "\(rejection.message)")
        }
    }

    @Test func aCentreWithoutPartitionsTakesNoneAndRefusesNames() throws {
        #expect(try PartitionTable().resolve(nil, timeLimit: nil).get().partitions == nil)
        guard case .failure(let rejection) = PartitionTable().resolve(["gpu"], timeLimit: nil) else {
            Issue.record("a partition was accepted on a centre without any")
            return
        }
        #expect(rejection.hint.contains("remove --partition"))
    }

    @Test(arguments: [
        ("a100", "a100"), ("A100&nvlink", "a100&nvlink"), ("a100,nvlink", "a100&nvlink"), ("a100|H100", "a100|h100"),
        ("a100*2", "counts, brackets"), ("[a|b]", "counts, brackets"), ("a&b|c", "mixing"), ("a&&b", "empty"), ("a b", "not a feature name"),
    ])
    func constraintsParse(text: String, expected: String) {
        switch FeatureConstraint.parse(text) {
        case .success(let constraint): #expect(constraint.description == expected)
        case .failure(let rejection): #expect(rejection.message.contains(expected), "\(rejection.message)")
        }
    }

    @Test func constraintsMatchDeclaredFeaturesAndGPUModelWords() throws {
        var inventory = NodeInventory.make("g1", gpus: 8, gpuModel: "NVIDIA A100-SXM4-80GB")
        inventory.features = ["nvlink"]
        let features = inventory.featureSet
        #expect(try FeatureConstraint.parse("a100&nvlink").get().isSatisfied(by: features))
        #expect(try FeatureConstraint.parse("80gb").get().isSatisfied(by: features))
        #expect(try FeatureConstraint.parse("h100|a100").get().isSatisfied(by: features))
        #expect(!(try FeatureConstraint.parse("h100").get().isSatisfied(by: features)))
        #expect(!(try FeatureConstraint.parse("a100&ib").get().isSatisfied(by: features)))
    }

    static func cluster() -> TestCluster {
        var cluster = TestCluster(settings: SchedulerSettings(partitions: [
            Partition(name: "gpu", nodes: ["g1"], isDefault: true), Partition(name: "debug", nodes: ["d1"]),
        ]))
        var g1 = NodeInventory.make("g1", cpus: 8, gpus: 2, gpuModel: "H100")
        g1.features = ["nvlink"]
        cluster.register(g1)
        cluster.addNode("d1", cpus: 8, gpus: 2, gpuModel: "H100")
        return cluster
    }

    @Test func withoutTimeAJobGetsTheShorterOfItsQoSAndPartitionLimits() {
        var cluster = TestCluster(settings: SchedulerSettings(partitions: [
            Partition(name: "long", nodes: ["g1"], isDefault: true, maxTime: .minutes(7 * 24 * 60)),
            Partition(name: "debug", nodes: ["g1"], maxTime: .minutes(60)),
        ]))
        cluster.addNode("g1")
        var debug = JobSpec.make(cpus: 1)
        debug.qos = "high"  // at most 24 hours
        debug.request.partitions = ["debug"]
        let short = cluster.submit(debug)
        #expect(cluster.job(short).spec.request.timeLimit == .minutes(60))
        var long = debug
        long.request.partitions = ["long"]
        let capped = cluster.submit(long)
        #expect(cluster.job(capped).spec.request.timeLimit == .minutes(24 * 60))
    }

    @Test func jobsRunOnlyInTheirPartition() {
        var cluster = Self.cluster()
        var debug = JobSpec.make(cpus: 2)
        debug.request.partitions = ["debug"]
        let d = cluster.submit(debug)
        let g = cluster.submit(JobSpec.make(cpus: 2))
        #expect(cluster.job(d).allocation?.nodeNames == ["d1"])
        #expect(cluster.job(g).allocation?.nodeNames == ["g1"], "no partition given: the default one")
        #expect(cluster.job(g).spec.request.partitions == ["gpu"])
    }

    @Test func aFullPartitionMakesItsJobsWaitAndTheirEstimatesStayInside() {
        var cluster = Self.cluster()
        var big = JobSpec.make(cpus: 8, timeLimit: .minutes(60))
        big.request.partitions = ["debug"]
        let first = cluster.submit(big)
        cluster.confirmLaunch(first)
        let second = cluster.submit(big)
        #expect(cluster.job(second).state == .pending, "g1 is idle but outside the partition")
        let reservation = cluster.scheduler.outlooks(of: [second])[second]?.reservation
        #expect(reservation?.allocation.nodeNames == ["d1"], "its reservation is in the partition, after the first job")
    }

    @Test func constraintsChooseTheNodeWithTheFeature() {
        var cluster = Self.cluster()
        var spec = JobSpec.make(cpus: 2)
        spec.request.constraint = .all(["nvlink"])
        spec.request.partitions = ["gpu", "debug"]
        let id = cluster.submit(spec)
        #expect(cluster.job(id).allocation?.nodeNames == ["g1"])
        var impossible = JobSpec.make(cpus: 2)
        impossible.request.constraint = .all(["ib"])
        guard case .failure = cluster.trySubmit(impossible) else {
            Issue.record("a constraint no node meets was accepted")
            return
        }
    }
}
