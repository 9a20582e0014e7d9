import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// Users act on their own jobs; admins on all; node tokens only speak for their node; a token that is expired,
/// revoked or forged opens nothing. Every refusal names the problem and what to do, and changes nothing.
@Suite(.serialized) struct AuthorizationTests {
    @Test func adminsActOnAnyonesJobs() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let alice = try await centre.connect(as: "alice")
        let admin = try await centre.connect(as: "ops", role: "admin")
        let job = try await alice.request(.submitJob, Self.heldJob, expecting: .submitJobReply, as: SubmitJobReply.self).jobID
        var everyone = QueryJobs()
        everyone.allUsers = true
        let adminView = try await admin.request(.queryJobs, everyone, expecting: .jobList, as: JobList.self).jobs
        #expect(adminView.map(\.id) == [job])
        let adminCancel = try await admin.request(.cancelJobs, JobIDList(jobIDs: [job]), expecting: .cancelJobsReply,
                                                  as: JobActionReply.self)
        #expect(adminCancel.results.map(\.ok) == [true])
    }

    /// Who tries: another user, a node's token used as a client, the owner's user token used as a node, node A's
    /// token (with node B running the owner's job), a user asking for what only admins may do.
    enum Actor: String, Sendable { case otherUser, nodeA, ownerAsNode, userAsAdmin }

    /// How schedd must answer.
    enum Refusal: Sendable {
        /// An `error` frame with this code; its message contains `says`, and it has a hint (what to do).
        case error(RPCErrorCode, says: String)
        /// A job action reply whose every result failed with a message containing `says`.
        case failedResult(says: String)
        /// Acknowledged and without effect: agents resend reports until acknowledged, and a report about a job that
        /// is not on the sender's node (the node is the token's subject; no field names it) changes nothing.
        case acknowledgedWithoutEffect
    }

    struct Attempt: CustomStringConvertible, Sendable {
        let description: String
        let actor: Actor
        let kind: MessageKind
        let message: @Sendable (Jobs) -> any WireMessage
        let refusal: Refusal
    }

    /// The owner (the test's Unix user, so node B can run the job), their held (pending) job and running job (on B).
    struct Jobs: Sendable {
        let owner: String
        let held: UInt64
        let running: UInt64
    }

    static let attempts: [Attempt] = [
        // A user acting on another user's job: as if it did not exist (ids do not reveal who runs what).
        Attempt(description: "cancel another user's job", actor: .otherUser, kind: .cancelJobs,
                message: { JobIDList(jobIDs: [$0.running]) }, refusal: .failedResult(says: "of yours; list your jobs")),
        Attempt(description: "hold another user's job", actor: .otherUser, kind: .holdJobs,
                message: { JobIDList(jobIDs: [$0.held]) }, refusal: .failedResult(says: "of yours; list your jobs")),
        Attempt(description: "release another user's job", actor: .otherUser, kind: .releaseJobs,
                message: { JobIDList(jobIDs: [$0.held]) }, refusal: .failedResult(says: "of yours; list your jobs")),
        Attempt(description: "show another user's job", actor: .otherUser, kind: .queryJobs,
                message: { var q = QueryJobs(); q.jobIDs = [$0.held]; return q },
                refusal: .error(.notFound, says: "of yours")),
        Attempt(description: "list another user's jobs", actor: .otherUser, kind: .queryJobs,
                message: { var q = QueryJobs(); q.users = [$0.owner]; return q },
                refusal: .error(.permissionDenied, says: "may list only their own jobs")),
        Attempt(description: "list everyone's jobs", actor: .otherUser, kind: .queryJobs,
                message: { _ in var q = QueryJobs(); q.allUsers = true; return q },
                refusal: .error(.permissionDenied, says: "only admins")),
        Attempt(description: "read another user's log", actor: .otherUser, kind: .readLog,
                message: { var r = ReadLog(); r.jobID = $0.running; return r }, refusal: .error(.notFound, says: "of yours")),
        Attempt(description: "start a step in another user's job", actor: .otherUser, kind: .runStep,
                message: { var r = RunStep(); r.jobID = $0.running; r.argv = ["true"]; return r },
                refusal: .error(.notFound, says: "of yours")),
        Attempt(description: "end another user's allocation", actor: .otherUser, kind: .endAllocation,
                message: { var e = EndAllocation(); e.jobID = $0.running; return e }, refusal: .failedResult(says: "of yours")),
        Attempt(description: "another user's job priority", actor: .otherUser, kind: .jobPriority,
                message: { JobPriorityRequest(jobID: $0.held) }, refusal: .error(.notFound, says: "of yours")),
        Attempt(description: "another user's usage", actor: .otherUser, kind: .queryUsage,
                message: { QueryUsage(user: $0.owner) }, refusal: .error(.permissionDenied, says: "only admins")),
        Attempt(description: "another user's job in the history", actor: .otherUser, kind: .queryHistory,
                message: { var q = QueryHistory(); q.selectors = [String($0.held)]; return q },
                refusal: .error(.notFound, says: "of yours")),
        Attempt(description: "another user's history", actor: .otherUser, kind: .queryHistory,
                message: { var q = QueryHistory(); q.users = [$0.owner]; return q },
                refusal: .error(.permissionDenied, says: "may see only their own jobs")),
        Attempt(description: "everyone's history", actor: .otherUser, kind: .queryHistory,
                message: { _ in var q = QueryHistory(); q.allUsers = true; return q },
                refusal: .error(.permissionDenied, says: "may see only their own jobs")),
        // A node's token used as a client.
        Attempt(description: "a node token lists the history", actor: .nodeA, kind: .queryHistory,
                message: { _ in QueryHistory() }, refusal: .error(.permissionDenied, says: "node token may not list jobs")),
        Attempt(description: "a node token submits", actor: .nodeA, kind: .submitJob, message: { _ in heldJob },
                refusal: .error(.permissionDenied, says: "node token may not submit jobs")),
        Attempt(description: "a node token lists jobs", actor: .nodeA, kind: .queryJobs, message: { _ in QueryJobs() },
                refusal: .error(.permissionDenied, says: "node token may not list jobs")),
        Attempt(description: "a node token cancels", actor: .nodeA, kind: .cancelJobs,
                message: { JobIDList(jobIDs: [$0.running]) }, refusal: .error(.permissionDenied, says: "node token may not")),
        Attempt(description: "a node token reads a log", actor: .nodeA, kind: .readLog,
                message: { var r = ReadLog(); r.jobID = $0.running; return r }, refusal: .error(.permissionDenied, says: "node token")),
        Attempt(description: "a node token starts a step", actor: .nodeA, kind: .runStep,
                message: { var r = RunStep(); r.jobID = $0.running; r.argv = ["true"]; return r },
                refusal: .error(.permissionDenied, says: "node token")),
        // A user's token used as a node.
        Attempt(description: "a user token registers a node", actor: .ownerAsNode, kind: .registerNode,
                message: { _ in registration("rogue") }, refusal: .error(.permissionDenied, says: "user token may not speak for a node")),
        Attempt(description: "a user token heartbeats", actor: .ownerAsNode, kind: .heartbeat,
                message: { Heartbeat(runningJobIDs: [$0.running]) }, refusal: .error(.permissionDenied, says: "speak for a node")),
        Attempt(description: "a user token reports a start", actor: .ownerAsNode, kind: .jobStarted,
                message: { var s = JobStarted(); s.jobID = $0.held; return s }, refusal: .error(.permissionDenied, says: "speak for a node")),
        Attempt(description: "a user token reports an exit", actor: .ownerAsNode, kind: .jobExited,
                message: { var e = JobExited(); e.jobID = $0.running; return e }, refusal: .error(.permissionDenied, says: "speak for a node")),
        Attempt(description: "a user token relays step output", actor: .ownerAsNode, kind: .stepOutput,
                message: { var o = StepOutput(); o.jobID = $0.running; return o }, refusal: .error(.permissionDenied, says: "user token")),
        // Node A speaking for node B.
        Attempt(description: "node A registers as node B", actor: .nodeA, kind: .registerNode, message: { _ in registration("gpu-b") },
                refusal: .error(.permissionDenied, says: "this token is for node gpu-a, not gpu-b")),
        Attempt(description: "node A reports node B's job ended", actor: .nodeA, kind: .jobExited,
                message: { var e = JobExited(); e.jobID = $0.running; e.exitCode = 0; return e }, refusal: .acknowledgedWithoutEffect),
        Attempt(description: "node A reports node B's job started", actor: .nodeA, kind: .jobStarted,
                message: { var s = JobStarted(); s.jobID = $0.running; return s },
                refusal: .error(.conflict, says: "is no longer this node's")),
        Attempt(description: "node A claims node B's job", actor: .nodeA, kind: .heartbeat,
                message: { Heartbeat(runningJobIDs: [$0.running]) }, refusal: .acknowledgedWithoutEffect),
        // What only admins may do.
        Attempt(description: "a user changes accounts", actor: .userAsAdmin, kind: .accountChange,
                message: { _ in var c = AccountChangeRequest(.createProject); c.project.name = "mine"; c.project.shares = 1; return c },
                refusal: .error(.permissionDenied, says: "only an admin token may change accounts")),
        Attempt(description: "a user updates a QoS level", actor: .userAsAdmin, kind: .qosUpdate,
                message: { _ in var q = QoSInfo(); q.name = "normal"; q.priorityMillionths = 1_000_000; return QoSUpdate(qos: q) },
                refusal: .error(.permissionDenied, says: "only an admin token may change QoS")),
        Attempt(description: "a user reads the audit log", actor: .userAsAdmin, kind: .listAudit, message: { _ in ListAudit() },
                refusal: .error(.permissionDenied, says: "only an admin token may read the audit log")),
        Attempt(description: "a user asks for a funding report", actor: .userAsAdmin, kind: .fundingReport,
                message: { _ in FundingReportRequest(scheme: "aisp", fromMs: 0, toMs: 1) },
                refusal: .error(.permissionDenied, says: "only an admin or viewer token may produce funders' reports")),
        Attempt(description: "a user raises a job's priority", actor: .userAsAdmin, kind: .submitJob,
                message: { _ in var s = heldJob; s.nice = -10; return s }, refusal: .error(.permissionDenied, says: "negative --nice")),
    ]

    @Test func everyAuthorizationRuleIsRefusedWithAClearErrorAndChangesNothing() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("gpu-b")
        let (host, port) = centre.hostPort()
        // Tokens that must stop working: expired in a second; revoked (with `schedd token revoke`, no connection open).
        let expired = try centre.token(centre.user, expires: "1s")
        let revoked = try centre.token(centre.user)
        let revocation = try centre.run("schedd", ["token", "revoke", "--state-dir", centre.stateDir, try Self.tokenID(revoked)])
        #expect(revocation.status == 0, "\(revocation.stderr)")

        let owner = try await centre.connect(as: centre.user)
        let jobs = Jobs(
            owner: centre.user,
            held: try await owner.request(.submitJob, Self.heldJob, expecting: .submitJobReply, as: SubmitJobReply.self).jobID,
            running: try await owner.request(.submitJob, Self.sleeper(centre), expecting: .submitJobReply, as: SubmitJobReply.self).jobID)
        #expect(try await eventually { try await Self.state(of: jobs.running, owner) == "RUNNING" })
        // Node A is a registered node too: what it may not do is speak for node B.
        let nodeA = try await centre.connect(as: "gpu-a", role: "node")
        _ = try await nodeA.request(.registerNode, Self.registration("gpu-a"), expecting: .registerNodeReply,
                                    as: RegisterNodeReply.self)
        let connections: [Actor: RPCConnection] = [
            .otherUser: try await centre.connect(as: "bob"), .nodeA: nodeA, .ownerAsNode: owner, .userAsAdmin: owner,
        ]
        for attempt in Self.attempts {
            try await Self.check(attempt, on: connections[attempt.actor]!, jobs: jobs, owner: owner)
        }

        // Forged, expired and revoked tokens open nothing.
        let user = centre.user
        let wrongSecret = try centre.run("schedd", ["token", "issue", "--state-dir", centre.root + "/another-centre",
                                                    "--user", user, "--role", "admin"]).stdout
        let tokens: [(String, String, String)] = [
            ("a bad signature", try Self.alteringSignature(of: centre.token(user)), "signature does not match"),
            ("claims changed to admin", try Self.withClaims(of: centre.token(user)) { $0.replacingOccurrences(of: "|user|", with: "|admin|") },
             "signature does not match"),
            ("another centre's secret", wrongSecret, "signature does not match"),
            ("no token", "", "not an aisched token"),
            ("not a token", "let-me-in", "not an aisched token"),
        ]
        for (what, token, says) in tokens {
            await Self.expectRefusedAtHello(token, host: host, port: port, says: says, what)
        }
        // The expiry and the revocation (schedd rereads revocations every 10 s) take effect while nothing is open.
        #expect(try await eventually(3) { (try? await RPCConnection.connect(host: host, port: port, token: expired, clientName: "t")) == nil })
        await Self.expectRefusedAtHello(expired, host: host, port: port, says: "expired", "an expired token")
        #expect(try await eventually(15) { (try? await RPCConnection.connect(host: host, port: port, token: revoked, clientName: "t")) == nil })
        await Self.expectRefusedAtHello(revoked, host: host, port: port, says: "revoked", "a revoked token")

        // Nothing changed: the held job waits held, the running job runs on node B, no job, node, account or audit
        // record was added.
        let admin = try await centre.connect(as: "ops", role: "admin")
        var everything = QueryJobs()
        everything.allUsers = true
        everything.includeFinished = true
        let listed = try await admin.request(.queryJobs, everything, expecting: .jobList, as: JobList.self).jobs
        #expect(listed.map(\.id) == [jobs.held, jobs.running])
        #expect(listed.first?.state == "PENDING" && listed.first?.held == true)
        #expect(listed.last?.state == "RUNNING" && listed.last?.allocation.map(\.node) == ["gpu-b"])
        let nodes = try await admin.request(.listNodes, ListNodes(), expecting: .nodeList, as: NodeList.self).nodes
        #expect(nodes.map(\.name) == ["gpu-a", "gpu-b"])
        let audit = try await admin.request(.listAudit, ListAudit(), expecting: .auditList, as: AuditList.self)
        #expect(audit.entries.isEmpty)
        let accounts = try await admin.request(.listAccounts, ListAccounts(), expecting: .accountList, as: AccountList.self)
        #expect(accounts.projects.isEmpty && accounts.users.isEmpty)
    }

    static func check(_ attempt: Attempt, on rpc: RPCConnection, jobs: Jobs, owner: RPCConnection) async throws {
        let message = attempt.message(jobs)
        let replyKind = MessageKind(rawValue: attempt.kind.rawValue + 1)
        switch attempt.refusal {
        case let .error(code, says):
            do {
                _ = try await rpc.request(attempt.kind, message, expecting: replyKind, as: Ack.self)
                Issue.record("\(attempt): allowed")
            } catch ClientError.server(let error) {
                #expect(error.code == code, "\(attempt): \(error)")
                #expect(error.message.contains(says), "\(attempt): \(error.message)")
                #expect(!error.hint.isEmpty, "\(attempt): no hint in \(error)")
            }
        case .failedResult(let says):
            let reply = try await rpc.request(attempt.kind, message, expecting: replyKind, as: JobActionReply.self)
            #expect(!reply.results.isEmpty && reply.results.allSatisfy { !$0.ok && $0.message.contains(says) },
                    "\(attempt): \(reply.results)")
        case .acknowledgedWithoutEffect:
            let before = try await Self.snapshot(of: jobs.running, owner)
            _ = try await rpc.request(attempt.kind, message, expecting: replyKind, as: Ack.self)
            try await Task.sleep(for: .milliseconds(300))
            let after = try await Self.snapshot(of: jobs.running, owner)
            #expect(after == before && after.hasPrefix("RUNNING on [\"gpu-b\"]"), "\(attempt) changed the job: \(before) → \(after)")
        }
    }

    /// The job as its owner sees it (state, node, start), to compare before and after a report from the wrong node.
    static func snapshot(of job: UInt64, _ owner: RPCConnection) async throws -> String {
        var show = QueryJobs()
        show.jobIDs = [job]
        let info = try await owner.request(.queryJobs, show, expecting: .jobList, as: JobList.self).jobs.first
        return "\(info?.state ?? "?") on \(info?.allocation.map(\.node) ?? []) since \(info?.startTimeMs ?? 0)"
    }

    static func expectRefusedAtHello(_ token: String, host: String, port: Int, says: String, _ what: String) async {
        do {
            _ = try await RPCConnection.connect(host: host, port: port, token: token, clientName: "test")
            Issue.record("\(what) was accepted")
        } catch ClientError.server(let error) {
            #expect(error.code == .unauthenticated, "\(what): \(error)")
            #expect(error.message.contains(says), "\(what): \(error.message)")
            #expect(error.hint.contains("ask an admin"), "\(what): \(error.hint)")
        } catch {
            Issue.record("\(what): \(error)")
        }
    }

    static func state(of job: UInt64, _ rpc: RPCConnection) async throws -> String {
        var show = QueryJobs()
        show.jobIDs = [job]
        return try await rpc.request(.queryJobs, show, expecting: .jobList, as: JobList.self).jobs.first?.state ?? "?"
    }

    static var heldJob: JobSubmission {
        var submission = JobSubmission()
        submission.argv = ["sleep", "100"]
        submission.workdir = "/tmp"
        submission.hold = true
        return submission
    }

    static func sleeper(_ centre: TestCentre) -> JobSubmission {
        var submission = JobSubmission()
        submission.argv = ["sleep", "100"]
        submission.workdir = centre.workDir
        return submission
    }

    static func registration(_ name: String) -> RegisterNode {
        var register = RegisterNode()
        register.name = name
        register.cpus = 4
        register.memoryMB = 1_000
        return register
    }

    /// A token's id, the last of its signed claims (`v1|user|role|issued|expires|id`).
    static func tokenID(_ token: String) throws -> String {
        var id = ""
        _ = try withClaims(of: token) { claims in
            id = String(claims.split(separator: "|").last ?? "")
            return claims
        }
        return id
    }

    /// The token with its claims rewritten and its signature kept.
    static func withClaims(of token: String, _ change: (String) -> String) throws -> String {
        let parts = token.split(separator: ".").map(String.init)
        var base64 = parts[0].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard parts.count == 2, let data = Data(base64Encoded: base64) else { throw TestFailure("not a token: \(token)") }
        let claims = change(String(decoding: data, as: UTF8.self))
        let body = Data(claims.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return body + "." + parts[1]
    }

    /// One character of the signature changed (not the last: its low bits are padding a decoder may ignore).
    static func alteringSignature(of token: String) -> String {
        var characters = Array(token)
        let index = characters.count - 5
        characters[index] = characters[index] == "A" ? "B" : "A"
        return String(characters)
    }
}
