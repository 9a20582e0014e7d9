import Testing
@testable import SchedulerCore

private let kib = 1024

private func with(_ change: (inout JobSpec) -> Void) -> JobSpec {
    var spec = JobSpec.make()
    change(&spec)
    return spec
}

/// Issue 13's validation gaps: what the node would execute differently from what was recorded (NUL bytes), what
/// would drive an admin's terminal (control characters), what could never start (oversized texts), `-- ""`,
/// Slurm's UNLIMITED, the pending-job cap and idempotent submits.
@Suite("Inputs: texts, sizes, caps and submission keys")
struct InputLimitTests {
    struct Refused: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var spec: JobSpec
        /// A piece of the refusal's message.
        var says: String
    }

    @Test(arguments: [
        Refused(testDescription: "NUL in an argument", spec: .make(argv: ["python", "tra\0in.py"]),
                says: "argument 2 \"tra\\0in.py\" holds a NUL byte"),
        Refused(testDescription: "NUL in the working directory", spec: .make(workdir: "/home/alice/\0etc"),
                says: "the working directory \"/home/alice/\\0etc\" holds a NUL byte"),
        Refused(testDescription: "NUL in --output", spec: .make(stdout: "out\0.txt"), says: "--output"),
        Refused(testDescription: "escape sequence in the name", spec: .make(name: "x\u{1B}[2J"),
                says: "the job name \"x\\e[2J\" holds the control character \\e"),
        Refused(testDescription: "newline in the name", spec: .make(name: "a\nb"), says: "control character \\n"),
        Refused(testDescription: "8-bit CSI in the name", spec: .make(name: "a\u{9B}2J"), says: "\\u{9B}"),
        Refused(testDescription: "bidi override in --error", spec: .make(stderr: "err\u{202E}txt.sh"), says: "--error"),
        Refused(testDescription: "escape in an argument", spec: .make(argv: ["echo", "\u{1B}]0;pwned\u{07}"]),
                says: "argument 2"),
        Refused(testDescription: "empty program name (-- \"\")", spec: .make(argv: [""]), says: "the program name"),
        Refused(testDescription: "empty program name with arguments", spec: .make(argv: ["", "x"]), says: "the program name"),
        Refused(testDescription: "name over 1024 bytes", spec: .make(name: String(repeating: "n", count: 1025)),
                says: "the job name is 1025 bytes; at most 1024"),
        Refused(testDescription: "name of 128 KiB", spec: .make(name: String(repeating: "n", count: 128 * kib + 1)),
                says: "at most 1024"),
        Refused(testDescription: "workdir over PATH_MAX", spec: .make(workdir: "/" + String(repeating: "d", count: 4096)),
                says: "the working directory is 4097 bytes; at most 4096"),
        Refused(testDescription: "argument over MAX_ARG_STRLEN", spec: .make(argv: ["echo", String(repeating: "a", count: 128 * kib + 1)]),
                says: "argument 2 is 131073 bytes; at most 131072"),
        Refused(testDescription: "arguments over 512 KiB together",
                spec: .make(argv: ["echo"] + Array(repeating: String(repeating: "a", count: 100 * kib), count: 6)),
                says: "the command's arguments are"),
        Refused(testDescription: "NUL in an environment value", spec: .make(environment: ["A=1\02"]),
                says: "environment variable A \"A=1\\02\" holds a NUL byte"),
        Refused(testDescription: "newline in an environment name", spec: .make(environment: ["A\nB=1"]),
                says: "environment variable name \"A\\nB\""),
        Refused(testDescription: "environment entry over 128 KiB",
                spec: .make(environment: ["BIG=" + String(repeating: "v", count: 128 * kib)]), says: "at most 131072"),
        Refused(testDescription: "NUL in the script", spec: .make(argv: [], script: "#!/bin/sh\necho a\0b\n"),
                says: "the batch script holds a NUL byte (at byte 16)"),
        Refused(testDescription: "newline in the comment", spec: with { $0.comment = "line1\nline2" }, says: "--comment"),
        Refused(testDescription: "control character in the project", spec: .make(project: "p\u{7F}"), says: "the project"),
        Refused(testDescription: "submission key with a space", spec: with { $0.submissionKey = "a key" },
                says: "the submission key must be 1 to 128 printable ASCII characters"),
        Refused(testDescription: "time limit over 365 days", spec: .make(timeLimit: .minutes(366 * 24 * 60)),
                says: "between 1 second and 365 days"),
    ])
    func refusedWithItsReasonAndNothingChanges(_ c: Refused) {
        var cluster = TestCluster()
        let existing = cluster.submit(cpus: 1)
        let before = cluster.state
        guard case .failure(let rejection) = cluster.trySubmit(c.spec) else {
            Issue.record("accepted")
            return
        }
        #expect(rejection.code == .invalidRequest)
        #expect(rejection.message.contains(c.says), "message: \(rejection.message)")
        #expect(!rejection.hint.isEmpty)
        // The refusal quotes the value escaped: no raw control character reaches whoever prints it.
        #expect(!rejection.message.unicodeScalars.contains(where: PrintableText.isControl))
        #expect(cluster.lastEffects.transitions.isEmpty)
        #expect(cluster.state == before)
        #expect(cluster.submit() == JobID(existing.rawValue + 1))
    }

    @Test(arguments: [
        JobSpec.make(argv: ["bash", "-c", "echo a\n\techo b\r"]),             // a multi-line command is a command
        JobSpec.make(environment: ["BASH_FUNC_module%%=() {  eval $(\n}"]),  // bash's exported functions hold newlines
        JobSpec.make(argv: [], script: "#!/bin/bash\n\tsrun hostname\n"),    // scripts hold tabs
        JobSpec.make(argv: ["", "x"], script: "#!/bin/sh\necho \"$1$2\"\n"),   // a script's arguments may be empty
        JobSpec.make(name: String(repeating: "n", count: 1024)),
        JobSpec.make(name: "ünïcødé ✓ 训练"),
        JobSpec.make(workdir: "/" + String(repeating: "d", count: 4095)),
        JobSpec.make(argv: ["echo", String(repeating: "a", count: 128 * kib)]),
    ])
    func borderlinesAreAccepted(_ spec: JobSpec) {
        var cluster = TestCluster()
        if case .failure(let rejection) = cluster.trySubmit(spec) {
            Issue.record("refused: \(rejection.message)")
        }
    }

    @Test func everyProblemIsReportedAtOnce() {
        var cluster = TestCluster()
        var spec = JobSpec.make(name: "a\nb", workdir: "relative", argv: ["", "x\0"], cpus: 0)
        spec.comment = "c\u{1B}"
        guard case .failure(let rejection) = cluster.trySubmit(spec) else {
            Issue.record("accepted")
            return
        }
        #expect(rejection.message.hasPrefix("6 problems: "), "message: \(rejection.message)")
        for piece in ["working directory \"relative\" is not an absolute path", "the job name", "--comment",
                      "the program name (the first word of the command) is empty", "argument 2", "at least one CPU"] {
            #expect(rejection.message.contains(piece), "missing \(piece) in: \(rejection.message)")
        }
        #expect(rejection.hint.contains("--chdir"))
        #expect(rejection.hint.contains("control characters"))
    }

    @Test func theCentresScriptCapIsItsOwn() {
        var settings = SchedulerSettings()
        settings.limits.scriptBytes = 1000
        var cluster = TestCluster(settings: settings)
        let fits = JobSpec.make(argv: [], script: "#!/bin/sh\n" + String(repeating: "#", count: 989) + "\n")
        #expect(fits.script?.utf8.count == 1000)
        #expect(cluster.trySubmit(fits).isSuccess)
        guard case .failure(let rejection) = cluster.trySubmit(.make(argv: [], script: fits.script! + "x")) else {
            Issue.record("a 1001-byte script was accepted under a 1000-byte cap")
            return
        }
        #expect(rejection.message.contains("the batch script is 1001 bytes; this centre takes scripts of at most 1000 bytes (schedd's maxScriptBytes)"))
    }

    // MARK: - Pending-job cap

    @Test func aUserCannotQueueMoreThanTheCapAndIsToldHowManyTheyHave() {
        var settings = SchedulerSettings()
        settings.limits.pendingJobsPerUser = 3
        var cluster = TestCluster(settings: settings)  // no node: everything waits
        let first = cluster.submit()
        _ = cluster.submit()
        var array = JobSpec.make()
        array.array = "0-1"
        guard case .failure(let rejection) = cluster.trySubmit(array) else {
            Issue.record("an array over the cap was accepted")
            return
        }
        #expect(rejection.code == .conflict)
        #expect(rejection.message == "alice has 2 jobs waiting and this submission adds 2; this centre lets a user have at most 3 waiting (maxPendingJobsPerUser, array tasks counting one each)")
        #expect(cluster.state.pendingCountByUser["alice"] == 2)
        _ = cluster.submit()                                   // the third fits
        #expect(cluster.trySubmit(.make()).isSuccess == false) // a fourth does not
        #expect(cluster.trySubmit(.make(user: "bob")).isSuccess) // the cap is per user
        cluster.cancel(first)
        #expect(cluster.state.pendingCountByUser["alice"] == 2)
        #expect(cluster.trySubmit(.make()).isSuccess)          // a cancelled job makes room
    }

    @Test func runningJobsDoNotCountAgainstTheCap() {
        var settings = SchedulerSettings()
        settings.limits.pendingJobsPerUser = 1
        var cluster = TestCluster(settings: settings)
        cluster.addNode("n1", cpus: 8)
        let running = cluster.submit(cpus: 8)
        cluster.confirmLaunch(running)
        #expect(cluster.job(running).state == .running)
        #expect(cluster.state.pendingCountByUser["alice"] == nil)
        #expect(cluster.trySubmit(.make(cpus: 8)).isSuccess)     // waits behind the running one
        #expect(!cluster.trySubmit(.make(cpus: 8)).isSuccess)
    }

    @Test func pendingCountsAreRebuiltFromTheJobs() {
        var cluster = TestCluster()
        _ = cluster.submit()
        _ = cluster.submit(user: "bob")
        _ = cluster.submit(user: "bob")
        let rebuilt = ClusterState(jobs: Array(cluster.state.jobs.values))
        #expect(rebuilt.pendingCountByUser == ["alice": 1, "bob": 2])
    }

    // MARK: - Submission keys

    static func keyed(_ key: String, user: String = "alice", array: String? = nil) -> JobSpec {
        var spec = JobSpec.make(user: user)
        spec.submissionKey = key
        spec.array = array
        return spec
    }

    @Test func aRetryWithTheSameKeyReturnsTheSameJobAndMakesNothing() {
        var cluster = TestCluster()
        let first = cluster.submit(Self.keyed("k1"))
        let jobs = cluster.state.jobs.count
        let again = cluster.submit(Self.keyed("k1"))
        #expect(again == first)
        #expect(cluster.state.jobs.count == jobs)
        #expect(cluster.lastEffects.transitions.isEmpty)
        #expect(cluster.submit(Self.keyed("k2")) != first)          // another key: another job
        #expect(cluster.submit(Self.keyed("k1", user: "bob")) != first) // keys are per user
    }

    @Test func aRetriedArrayReturnsItsFirstTaskAndMakesNoTasks() {
        var cluster = TestCluster()
        let first = cluster.submit(Self.keyed("arr", array: "0-9"))
        #expect(cluster.state.jobs.count == 10)
        #expect(cluster.submit(Self.keyed("arr", array: "0-9")) == first)
        #expect(cluster.state.jobs.count == 10)
    }

    @Test func aRetryAnswersEvenWhenTheSubmissionWouldNowBeRefused() {
        var settings = SchedulerSettings()
        settings.limits.pendingJobsPerUser = 1
        var cluster = TestCluster(settings: settings)
        let first = cluster.submit(Self.keyed("k"))
        #expect(cluster.submit(Self.keyed("k")) == first)  // the cap is reached, but this is the same submission
    }

    @Test func keysAreRememberedAcrossARestartAndForgottenAfterTheirLifetime() {
        var settings = SchedulerSettings()
        settings.limits.submissionKeyLifetime = .minutes(60)
        var cluster = TestCluster(settings: settings)
        let first = cluster.submit(Self.keyed("k"))
        // A restart: the state is rebuilt from the stored jobs (the key is in the spec).
        var restarted = TestCluster(scheduler: Scheduler(state: ClusterState(jobs: Array(cluster.state.jobs.values)),
                                                         settings: settings), now: cluster.now)
        #expect(restarted.state.submissionKeys.count == 1)
        restarted.advance(by: .minutes(59))
        #expect(restarted.submit(Self.keyed("k")) == first)
        restarted.advance(by: .minutes(2))
        #expect(restarted.state.submissionKeys.count == 0)
        let later = restarted.submit(Self.keyed("k"))
        #expect(later != first)
    }

    // MARK: - --time UNLIMITED

    @Test func unlimitedIsNoLimitWhereNothingSetsAMaximum() {
        var cluster = TestCluster()
        var spec = JobSpec.make()
        spec.unlimitedTime = true
        let id = cluster.submit(spec)
        #expect(cluster.job(id).spec.request.timeLimit == nil)
    }

    @Test func unlimitedIsRefusedWhereAPartitionOrTheQoSSetsAMaximum() {
        var cluster = TestCluster(settings: SchedulerSettings(partitions: [
            Partition(name: "gpu", nodes: ["g1"], isDefault: true, maxTime: .minutes(3 * 24 * 60)),
        ]))
        cluster.addNode("g1")
        var spec = JobSpec.make()
        spec.unlimitedTime = true
        guard case .failure(let rejection) = cluster.trySubmit(spec) else {
            Issue.record("accepted")
            return
        }
        #expect(rejection.message == "--time UNLIMITED asks for no time limit, but partition gpu allows at most 4320 minutes")
        #expect(rejection.hint.contains("leave --time out"))

        var plain = TestCluster()
        spec.qos = "high"
        guard case .failure(let qos) = plain.trySubmit(spec) else {
            Issue.record("accepted under a QoS with a maximum")
            return
        }
        #expect(qos.message.contains("QoS high allows at most 1440 minutes"))
    }
}
