@testable import schedd
@testable import SchedulerCore
import SchedulerProtocol
import Testing

/// `--signal` and `--mail-type`/`--mail-user` between the wire and the core: read with the core's rules, echoed in
/// canonical form, and the warning signal handed to every node's launch.
@Suite struct SignalAndMailWireMappingTests {
    static func submission(_ change: (inout JobSubmission) -> Void) -> JobSubmission {
        var s = JobSubmission()
        s.workdir = "/home/ada"
        s.argv = ["train.sh"]
        change(&s)
        return s
    }

    @Test func readsAndEchoesThem() {
        let s = Self.submission {
            $0.signal = "b:sigusr1@50"
            $0.mailType = "end,FAIL"
            $0.mailUser = "ada@hku.hk"
        }
        #expect(WireMapping.textProblem(in: s) == nil)
        let spec = WireMapping.spec(from: s, user: "ada")
        #expect(spec.warningSignal == WarningSignal(signal: 10, secondsBefore: 50, batchShellOnly: true))
        #expect(spec.mail == MailRequest(types: [.end, .fail], user: "ada@hku.hk"))
        let echo = WireMapping.submission(from: spec)
        #expect([echo.signal, echo.mailType, echo.mailUser] == ["B:USR1@50", "END,FAIL", "ada@hku.hk"])
    }

    @Test func noneGivenIsNoneKept() {
        let spec = WireMapping.spec(from: Self.submission { _ in }, user: "ada")
        #expect(spec.warningSignal == nil)
        #expect(spec.mail == nil)
        #expect(WireMapping.spec(from: Self.submission { $0.mailUser = "x@y" }, user: "ada").mail
                == MailRequest(types: [], user: "x@y"))
    }

    @Test(arguments: [
        (submission { $0.signal = "R:USR1" }, #"--signal "R:USR1": R: lets a job overlap an advance reservation, and aisched has none; remove R:"#),
        (submission { $0.mailType = "END,STAGE_OUT,NOPE" }, #"--mail-type "END,STAGE_OUT,NOPE": STAGE_OUT reports a burst buffer's stage-out, and aisched has no burst buffers; remove it (END tells you the job ended); "NOPE" is not a mail type"#),
    ] as [(JobSubmission, String)])
    func valuesTheCoreCannotReadAreRefused(_ s: JobSubmission, message: String) {
        #expect(WireMapping.textProblem(in: s)?.message == message)
    }

    @Test func everyNodesLaunchCarriesTheWarning() {
        var cluster = SchedulerCoreTestCluster()
        let spec = WireMapping.spec(from: Self.submission {
            $0.nodes = 2
            $0.timeLimitSeconds = 60
            $0.signal = "USR1@50"
        }, user: "ada")
        let job = cluster.run(spec, on: ["n1", "n2"])
        let launches = ["n1", "n2"].compactMap { WireMapping.launch(job, on: $0, nodes: cluster.nodes) }
        #expect(launches.map(\.warningSignal) == [10, 10])
        #expect(launches.map(\.warningSeconds) == [50, 50])
        #expect(launches.map(\.warningBatchOnly) == [false, false])
        #expect(launches.map(\.timeLimitSeconds) == [60, 60])
        #expect(launches[0].environment.contains { $0.hasPrefix("SLURM_JOB_END_TIME=") })
    }
}

/// The least of a centre that gives a job an allocation, for mapping tests.
struct SchedulerCoreTestCluster {
    var scheduler = Scheduler()
    var nodes: [String: Node] { scheduler.state.nodes }

    mutating func run(_ spec: JobSpec, on names: [String]) -> Job {
        let now = Instant(milliseconds: 1_700_000_000_000)
        for (index, name) in names.enumerated() {
            let inventory = NodeInventory(name: name, address: name, cpuIDs: Array(0..<4), memoryMB: 8_000, gpuIndices: [])
            _ = scheduler.handle(.nodeRegistered(inventory, running: [], request: RequestID(UInt64(index + 1))), at: now)
        }
        _ = scheduler.handle(.jobSubmitted(spec, request: RequestID(99)), at: now)
        return scheduler.state.jobs.values.first!
    }
}
