import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// Expired and revoked tokens kept working on connections opened before (issue 13): a revoked node token still had
/// its node UP and receiving launches 15 s later. Now their connections are closed.
@Suite(.serialized) struct TokenRevocationTests {
    /// The id `schedd token revoke` takes, read from the token's payload (`v1|user|role|iat|exp|id`).
    static func tokenID(_ token: String) throws -> String {
        var body = String(token.split(separator: ".").first ?? "")
            .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while body.count % 4 != 0 { body += "=" }
        guard let data = Data(base64Encoded: body), let text = String(data: data, encoding: .utf8),
              let id = text.split(separator: "|", omittingEmptySubsequences: false).last else {
            throw TestFailure("cannot read the token's id")
        }
        return String(id)
    }

    func revoke(_ token: String, in centre: TestCentre) throws {
        let result = try centre.run("schedd", ["token", "revoke", "--state-dir", centre.stateDir, try Self.tokenID(token)])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func revokingAUsersTokenClosesItsOpenConnections() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let (host, port) = centre.hostPort()
        let token = try centre.token("alice")
        let rpc = try await RPCConnection.connect(host: host, port: port, token: token, clientName: "test")
        let other = try await centre.connect(as: "alice") // another token of hers
        _ = try await rpc.request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self)
        let closed = ClosedAt(rpc.closeFuture)
        try revoke(token, in: centre)
        let revokedAt = Date() // `token revoke` has written the store
        #expect(try await eventually(60) { closed.date != nil }, "the revoked token's connection is still open")
        // schedd re-reads revocations every 2 s; the rest is room for a loaded machine.
        let after = (closed.date ?? .distantFuture).timeIntervalSince(revokedAt)
        print("revoked token's connection closed \(Int(after * 1000)) ms after `token revoke` wrote the store")
        #expect(after < 8, "closed \(after) s after the revocation")
        await #expect(throws: ClientError.self) {
            _ = try await rpc.request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self)
        }
        do {
            _ = try await RPCConnection.connect(host: host, port: port, token: token, clientName: "test")
            Issue.record("a revoked token was accepted")
        } catch let error as ClientError {
            #expect(error.code == .unauthenticated)
        }
        // Her other token's connection is untouched.
        _ = try await other.request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self)
        #expect(centre.log("schedd.log").contains("the token of this connection was revoked"))
    }

    @Test func anExpiredTokensConnectionIsClosedAtItsExpiry() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let (host, port) = centre.hostPort()
        let issued = Date()
        // Long enough for a loaded machine to connect and ask once before it expires.
        let token = try centre.token("alice", expires: "8s")
        let rpc = try await RPCConnection.connect(host: host, port: port, token: token, clientName: "test")
        let closed = ClosedAt(rpc.closeFuture)
        _ = try await rpc.request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self)
        #expect(try await eventually(60) { closed.date != nil }, "the connection outlived its token")
        // Expiry is in whole seconds from the issue, which happened a little after `issued`.
        let after = (closed.date ?? .distantFuture).timeIntervalSince(issued)
        #expect(after >= 7 && after < 14, "closed \(after) s after the token was issued for 8 s")
        #expect(centre.log("schedd.log").contains("the token of this connection expired at"))
    }

    /// The agent is cut off: its node stops responding, takes no launches, and goes down by the node timeout.
    @Test func revokingANodeTokenCutsItsAgentOff() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd(extra: ["--node-timeout-seconds", "3"])
        try centre.startAgent("revoked-node")
        let nodeToken = try String(contentsOfFile: centre.root + "/revoked-node.token", encoding: .utf8)
        try revoke(nodeToken, in: centre)
        let alice = try await centre.connect(as: "alice")
        #expect(try await eventually(8) {
            try await alice.nodes(ListNodes()).allSatisfy { $0.notResponding }
        }, "the node still responds after its token was revoked")
        var submission = JobSubmission()
        submission.argv = ["true"]
        submission.workdir = centre.workDir
        let job = try await alice.request(.submitJob, submission, expecting: .submitJobReply, as: SubmitJobReply.self).jobID
        #expect(try await eventually(8) { try await alice.nodes(ListNodes()).allSatisfy { $0.state == "down" } },
                "the node is not down after the node timeout")
        try await Task.sleep(for: .seconds(1))
        #expect(try await alice.jobs(QueryJobs.finished(job)).first?.state == "PENDING", "a job was launched on the node")
        #expect(centre.log("revoked-node.log").contains("revoked"), "the agent was not told: \(centre.log("revoked-node.log"))")
    }
}
