import AischedClient
import Foundation
import Glibc
import SchedulerCore
import SchedulerProtocol
import SchedulerStore
import Testing

/// Issue 13 on real processes: the validation gaps, idempotent submits across a lost acknowledgement, a full
/// database, the pending-job cap, owner-only state files, and listings that show control characters escaped.
@Suite(.serialized) struct InputAndStorageTests {
    static func submission(_ argv: [String], name: String = "") -> JobSubmission {
        var s = JobSubmission()
        s.name = name
        s.workdir = "/tmp"
        s.argv = argv
        return s
    }

    @Test func theValidationGapsAreRefusedWithClearErrorsAndNothingIsStored() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let token = try centre.token(centre.user)

        // aisubmit refuses before sending, with the server's own rules and Slurm's time forms.
        let big = centre.workDir + "/big.sh"
        try ("#!/bin/sh\n" + String(repeating: "# ten megabytes of comments\n", count: 10 << 20 / 28)).write(
            toFile: big, atomically: true, encoding: .utf8)
        // A process's arguments cannot hold NUL, but a script file can.
        try "#!/bin/sh\necho a\u{0}b\n".write(toFile: centre.workDir + "/nul.sh", atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["submit", "--time", "1-25:61:61", "--", "/bin/true"],
             "--time \"1-25:61:61\": hours after a day count go from 0 to 23, not 25; expected minutes, MM:SS"),
            (["submit", "--time=-1", "--", "/bin/true"], "a time limit cannot be negative (write UNLIMITED to ask for no limit)"),
            (["submit", "--", ""], "the program name (the first word of the command) is empty"),
            (["submit", "-J", "x\u{1B}[2J", "--", "/bin/true"], "the job name \"x\\e[2J\" holds the control character \\e"),
            (["submit", "nul.sh"], "the batch script holds a NUL byte (at byte 16)"),
            (["submit", "big.sh"], "more than the 4194304 schedd takes in one request"),
        ]
        for (args, says) in cases {
            let result = try centre.aisubmit(args, token: token)
            #expect(result.status != 0, "\(args) was accepted: \(result.stdout)")
            #expect(result.stderr.contains(says), "\(args): \(result.stderr)")
            #expect(!result.stderr.contains("could not be read"))
        }

        // schedd refuses the same things from a client that does not check, all problems at once.
        let rpc = try await centre.connect(as: centre.user)
        var bad = Self.submission(["python", "tra\u{0}in.py"], name: String(repeating: "n", count: 200_000))
        bad.workdir = "/tmp/\u{0}etc"
        do {
            _ = try await rpc.request(.submitJob, bad, expecting: .submitJobReply, as: SubmitJobReply.self)
            Issue.record("schedd accepted NUL bytes and a 200 KB name")
        } catch let error as ClientError {
            #expect(error.code == .invalidRequest)
            #expect(error.description.contains("3 problems: "), "\(error)")
            #expect(error.description.contains("the job name is 200000 bytes; at most 1024"))
            #expect(error.description.contains("argument 2 \"tra\\0in.py\" holds a NUL byte"))
            #expect(error.description.contains("the working directory \"/tmp/\\0etc\" holds a NUL byte"))
        }
        // A job step's command goes to execve too: the same rule.
        var step = RunStep()
        step.jobID = 999
        step.argv = ["/bin/echo", "a\u{0}b"]
        step.workdir = "/tmp"
        do {
            _ = try await rpc.request(.runStep, step, expecting: .stepEnded, as: StepEnded.self)
            Issue.record("schedd ran a step with a NUL in its command")
        } catch let error as ClientError {
            #expect(error.code == .invalidRequest)
            #expect(error.description.contains("srun: argument 2 \"a\\0b\" holds a NUL byte"), "\(error)")
        }
        #expect(centre.scheddIsRunning)
        let jobs = try await rpc.request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self)
        #expect(jobs.jobs.isEmpty)
        await rpc.close()
    }

    @Test func aSubmissionKeyUsedAgainReturnsTheSameJob() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let rpc = try await centre.connect(as: centre.user)
        var s = Self.submission(["/bin/true"])
        s.submissionKey = RetryingSubmit.newKey()
        s.array = "0-4"
        let first = try await rpc.request(.submitJob, s, expecting: .submitJobReply, as: SubmitJobReply.self).jobID
        let again = try await rpc.request(.submitJob, s, expecting: .submitJobReply, as: SubmitJobReply.self).jobID
        #expect(again == first)
        // Remembered across a restart (the key is stored with the job, committed with it).
        centre.killSchedd()
        try centre.startSchedd()
        let after = try await centre.connect(as: centre.user)
        let third = try await after.request(.submitJob, s, expecting: .submitJobReply, as: SubmitJobReply.self).jobID
        #expect(third == first)
        // Keys are per user: someone else's identical key is another submission.
        let bob = try await centre.connect(as: "bob")
        let bobs = try await bob.request(.submitJob, s, expecting: .submitJobReply, as: SubmitJobReply.self).jobID
        #expect(bobs != first)
        var all = QueryJobs()
        all.allUsers = true
        let admin = try await centre.connect(as: "root", role: "admin")
        #expect(try await admin.request(.queryJobs, all, expecting: .jobList, as: JobList.self).jobs.count == 10)
        for connection in [rpc, after, bob, admin] { await connection.close() }
    }

    @Test func aLostAcknowledgementIsRetriedWithTheSameKeyAndMakesOneJob() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let token = try centre.token(centre.user)
        let (host, port) = centre.hostPort()

        // aisubmit through a network that loses the answer to its submitJob (after schedd committed the job).
        let proxy = try AckDroppingProxy(upstreamPort: port, dropKind: MessageKind.submitJobReply.rawValue)
        defer { proxy.stop() }
        let result = try centre.run("aisubmit", ["submit", "-J", "once", "--", "/bin/true"],
                                    environment: ["AISCHED_SERVER": "127.0.0.1:\(proxy.port)", "AISCHED_TOKEN": token])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Submitted batch job 1\n")
        #expect(proxy.droppedCount == 1)

        // The library's retry, on a connection killed right after the submit was sent.
        let lossy = try AckDroppingProxy(upstreamPort: port, dropKind: MessageKind.submitJobReply.rawValue)
        defer { lossy.stop() }
        let viaProxy: @Sendable () async throws -> RPCConnection = {
            try await RPCConnection.connect(host: host, port: lossy.port, token: token, clientName: "test")
        }
        let (id, live) = try await RetryingSubmit.submit(Self.submission(["/bin/true"], name: "twice"), on: try await viaProxy(),
                                                         reconnect: viaProxy, delays: [.milliseconds(100)])
        #expect(lossy.droppedCount == 1)
        #expect(id == 2)
        await live.close()

        let rpc = try await centre.connect(as: centre.user)
        let jobs = try await rpc.request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self).jobs
        #expect(jobs.map(\.id) == [1, 2])
        #expect(jobs.map(\.name) == ["once", "twice"])
        await rpc.close()
    }

    @Test func aShortDatabaseRefusesNewWorkClearlyAndTheCapsAndModesHold() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        let config = centre.root + "/schedd.json"
        try #"{"maxDatabaseMB": 4, "storageReserveMB": 1, "maxPendingJobsPerUser": 3}"#.write(
            toFile: config, atomically: true, encoding: .utf8)
        try centre.startSchedd(extra: ["--config", config])
        let token = try centre.token(centre.user)

        // The state files are the owner's alone.
        for file in ["aisched.db", "aisched.db-wal", "aisched.db-shm", "cluster.secret"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: centre.stateDir + "/" + file)
            #expect(attributes[.posixPermissions] as? Int == 0o600, "\(file): \(attributes[.posixPermissions] ?? "?")")
        }

        let script = "#!/bin/sh\n" + String(repeating: "#", count: 1_600_000) + "\n"
        try script.write(toFile: centre.workDir + "/big.sh", atomically: true, encoding: .utf8)
        let first = try centre.aisubmit(["submit", "--hold", "big.sh"], token: token)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try centre.aisubmit(["submit", "--hold", "big.sh"], token: token)
        #expect(second.status != 0)
        #expect(second.stderr.contains("schedd cannot store new work: its database has "), "\(second.stderr)")
        #expect(second.stderr.contains("an admin must free space in \(centre.stateDir)"))
        #expect(second.stderr.contains("nothing was stored"))

        // The pending cap names itself and how many the user has.
        let array = try centre.aisubmit(["submit", "--array", "0-2", "--", "/bin/true"], token: token)
        #expect(array.status != 0)
        #expect(array.stderr.contains("has 1 job waiting and this submission adds 3; this centre lets a user have at most 3 waiting (maxPendingJobsPerUser"),
                "\(array.stderr)")
        #expect(centre.scheddIsRunning)
    }

    @Test func listingsShowControlCharactersEscaped() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let token = try centre.token(centre.user)
        centre.killSchedd()
        // A job stored before names were checked (or by an older schedd): its name and comment drive terminals.
        do {
            let store = try StateStore(path: centre.stateDir + "/aisched.db")
            var spec = JobSpec(name: "evil\u{1B}[2J\nFAKE 99 root", user: centre.user, workdir: "/tmp", argv: ["/bin/true"])
            spec.comment = "c\u{1B}]0;title\u{07}"
            spec.hold = true
            var job = Job(id: JobID(1), spec: spec, submitTime: Instant(milliseconds: 1_800_000_000_000),
                          stdoutPath: "/tmp/out", stderrPath: "/tmp/out")
            let change = StateChange(at: job.submitTime, state: .pending, reason: "Submitted")
            job.history = [change]
            try store.commitNow([.jobChanged(job), .jobHistoryAppended(job.id, change)])
        }
        try centre.startSchedd()
        for args in [["queue"], ["queue", "-o", "%i %j %R"], ["show", "1"], ["scontrol", "show", "job", "1"]] {
            let result = try centre.aisubmit(args, token: token)
            #expect(result.status == 0, "\(args): \(result.stderr)")
            #expect(result.stdout.contains("evil\\e[2J\\nFAKE"), "\(args): \(result.stdout)")
            #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(args) printed a raw escape")
            #expect(!result.stdout.contains("\nFAKE"), "\(args) printed a forged line")
        }
        let json = try centre.aisubmit(["show", "1", "--json"], token: token)
        #expect(json.stdout.lowercased().contains("\\u001b[2j\\nfake"), "JSON keeps its own escaping: \(json.stdout)")
    }
}
