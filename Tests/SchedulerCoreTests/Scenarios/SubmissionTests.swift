import Testing
@testable import SchedulerCore

@Suite("Submission: validation, projects, output paths")
struct SubmissionTests {
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var spec: JobSpec
    }

    @Test(arguments: [
        InvalidCase(testDescription: "no command", spec: .make(argv: [])),
        InvalidCase(testDescription: "empty batch script", spec: .make(argv: [], script: "")),
        InvalidCase(testDescription: "relative workdir", spec: .make(workdir: "exp/run1")),
        InvalidCase(testDescription: "empty workdir", spec: .make(workdir: "")),
        InvalidCase(testDescription: "0 CPUs", spec: .make(cpus: 0)),
        InvalidCase(testDescription: "negative GPUs", spec: .make(gpus: -1)),
        InvalidCase(testDescription: "negative memory", spec: .make(memoryMB: -5)),
        InvalidCase(testDescription: "0 nodes", spec: .make(nodes: 0)),
        InvalidCase(testDescription: "more nodes than allowed", spec: .make(nodes: 1025)),
        InvalidCase(testDescription: "zero time limit", spec: .make(timeLimit: Span(milliseconds: 0))),
        InvalidCase(testDescription: "env entry without =", spec: .make(environment: ["OK=1", "CUDA_HOME"])),
        InvalidCase(testDescription: "env entry without a name", spec: .make(environment: ["=value"])),
    ])
    func invalidSubmissionIsRejectedAndChangesNothing(_ c: InvalidCase) {
        var cluster = TestCluster()
        cluster.addNode("gpu-01", gpus: 4)
        let existing = cluster.submit(cpus: 8)
        let before = cluster.state

        let result = cluster.trySubmit(c.spec)
        guard case .failure(let rejection) = result else {
            Issue.record("accepted: \(result)")
            return
        }
        #expect(rejection.code == .invalidRequest)
        #expect(!rejection.message.isEmpty)
        #expect(cluster.lastEffects.transitions.isEmpty)
        #expect(cluster.lastEffects.launches.isEmpty)
        #expect(cluster.state == before)
        // The id was not consumed.
        #expect(cluster.submit() == JobID(existing.rawValue + 1))
    }

    @Test(arguments: [
        JobSpec.make(script: "#!/bin/bash\nsrun hostname\n"),
        JobSpec.make(environment: ["EMPTY=", "A=b=c"]),
        JobSpec.make(nodes: 1024),
        JobSpec.make(timeLimit: .minutes(1)),
    ])
    func borderlineSubmissionsAreAccepted(_ spec: JobSpec) {
        var cluster = TestCluster()
        if case .failure(let rejection) = cluster.trySubmit(spec) {
            Issue.record("rejected: \(rejection.message)")
        }
    }

    @Test func heldSubmissionIsStoredHeld() {
        var cluster = TestCluster()
        let id = cluster.submit(hold: true)
        #expect(cluster.job(id).held)
        #expect(cluster.job(id).reason == PendingReason.held.rawValue)
    }

    @Test func jobNameDefaultsFromTheCommandOrBatch() {
        var cluster = TestCluster()
        let plain = cluster.submit(.make(argv: ["/usr/bin/python3", "-m", "train"]))
        let script = cluster.submit(.make(argv: [], script: "#!/bin/sh\necho hi\n"))
        let named = cluster.submit(.make(name: "llama-ft"))
        #expect(cluster.job(plain).spec.name == "python3")
        #expect(cluster.job(script).spec.name == "batch")
        #expect(cluster.job(named).spec.name == "llama-ft")
    }

    // MARK: - Projects

    @Test(arguments: ["", "nlp-lab", "anything-goes"])
    func emptyRegistryAcceptsAnyProject(_ project: String) {
        var cluster = TestCluster()
        let id = cluster.submit(project: project)
        #expect(cluster.job(id).spec.project == (project.isEmpty ? "default" : project))
    }

    static let registry = AccountRegistry(
        schemes: [FundingScheme(name: "innohk")],
        projects: [
            Project(name: "nlp-lab", scheme: "innohk", members: ["alice", "bob"]),
            Project(name: "vision", scheme: "innohk", members: ["alice", "carol"]),
        ],
        users: [UserAccount(name: "alice", defaultProject: "vision")])

    struct ProjectCase: Sendable, CustomTestStringConvertible {
        var user: String
        var requested: String
        enum Outcome: Sendable { case charged(String), rejected(Rejection.Code) }
        var outcome: Outcome
        var testDescription: String { "\(user) asks for \"\(requested)\" → \(outcome)" }
    }

    @Test(arguments: [
        ProjectCase(user: "alice", requested: "", outcome: .charged("vision")),       // her default project
        ProjectCase(user: "alice", requested: "nlp-lab", outcome: .charged("nlp-lab")),
        ProjectCase(user: "bob", requested: "", outcome: .charged("nlp-lab")),        // no account: first membership
        ProjectCase(user: "carol", requested: "vision", outcome: .charged("vision")),
        ProjectCase(user: "alice", requested: "ghost", outcome: .rejected(.notFound)),
        ProjectCase(user: "carol", requested: "nlp-lab", outcome: .rejected(.permissionDenied)),
        ProjectCase(user: "mallory", requested: "", outcome: .rejected(.permissionDenied)),
        ProjectCase(user: "mallory", requested: "nlp-lab", outcome: .rejected(.permissionDenied)),
    ])
    func projectsAreCheckedOnceTheRegistryHasAny(_ c: ProjectCase) {
        var cluster = TestCluster(accounts: Self.registry)
        let before = cluster.state
        let result = cluster.trySubmit(.make(user: c.user, project: c.requested))
        switch (result, c.outcome) {
        case let (.success(id), .charged(project)):
            #expect(cluster.job(id).spec.project == project)
        case let (.failure(rejection), .rejected(code)):
            #expect(rejection.code == code)
            #expect(cluster.lastEffects.transitions.isEmpty)
            #expect(cluster.state == before)
        default:
            Issue.record("got \(result), expected \(c.outcome)")
        }
    }

    @Test func replacingAccountsKeepsAcceptedJobsProjects() {
        var cluster = TestCluster()
        let id = cluster.submit(project: "legacy")
        var scheduler = cluster.scheduler
        scheduler.replaceAccounts(Self.registry)
        #expect(scheduler.state.jobs[id]?.spec.project == "legacy")
        var after = TestCluster(scheduler: scheduler, now: cluster.now)
        #expect((try? after.trySubmit(.make(project: "legacy")).get()) == nil)
    }

    // MARK: - Output paths

    struct OutputCase: Sendable, CustomTestStringConvertible {
        var workdir = "/home/alice/exp"
        var name = "train"
        var stdout: String
        var stderr: String
        var expectedStdout: String
        var expectedStderr: String
        var testDescription: String { "--output \"\(stdout)\" --error \"\(stderr)\" in \(workdir)" }
    }

    @Test(arguments: [
        OutputCase(stdout: "", stderr: "",
                   expectedStdout: "/home/alice/exp/aisched-1.out", expectedStderr: "/home/alice/exp/aisched-1.out"),
        OutputCase(stdout: "logs/%x-%j.out", stderr: "",
                   expectedStdout: "/home/alice/exp/logs/train-1.out",
                   expectedStderr: "/home/alice/exp/logs/train-1.out"),
        OutputCase(stdout: "/scratch/%u/%j.log", stderr: "/scratch/%u/%j.err",
                   expectedStdout: "/scratch/alice/1.log", expectedStderr: "/scratch/alice/1.err"),
        OutputCase(stdout: "", stderr: "err-%j.txt",
                   expectedStdout: "/home/alice/exp/aisched-1.out", expectedStderr: "/home/alice/exp/err-1.txt"),
        OutputCase(workdir: "/home/alice/exp/", stdout: "out.txt", stderr: "",
                   expectedStdout: "/home/alice/exp/out.txt", expectedStderr: "/home/alice/exp/out.txt"),
        OutputCase(stdout: "100%%-%q-%", stderr: "",
                   expectedStdout: "/home/alice/exp/100%-%q-%", expectedStderr: "/home/alice/exp/100%-%q-%"),
        OutputCase(name: "", stdout: "%x.%j", stderr: "",
                   expectedStdout: "/home/alice/exp/python.1", expectedStderr: "/home/alice/exp/python.1"),
        // sbatch's batch-step values: %J has no step suffix, %s is "batch", %n and %t are node 0 and task 0.
        OutputCase(stdout: "%J.%s.%n.%t", stderr: "",
                   expectedStdout: "/home/alice/exp/1.batch.0.0", expectedStderr: "/home/alice/exp/1.batch.0.0"),
    ])
    func outputPathsAreResolvedAtSubmit(_ c: OutputCase) {
        var cluster = TestCluster()
        let id = cluster.submit(.make(user: "alice", name: c.name, workdir: c.workdir, stdout: c.stdout,
                                      stderr: c.stderr))
        #expect(id == JobID(1))
        #expect(cluster.job(id).stdoutPath == c.expectedStdout)
        #expect(cluster.job(id).stderrPath == c.expectedStderr)
        // The spec keeps what the researcher wrote.
        #expect(cluster.job(id).spec.stdoutPath == c.stdout)
    }

    @Test func jobIDInOutputPathsFollowsTheCounter() {
        var cluster = TestCluster()
        _ = cluster.submit()
        _ = cluster.submit()
        let third = cluster.submit(.make(stdout: "o-%j"))
        #expect(cluster.job(third).stdoutPath == "/home/alice/exp/o-3")
    }
}
