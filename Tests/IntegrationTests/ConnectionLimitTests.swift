import AischedClient
import Foundation
import Glibc
import NIOCore
import SchedulerProtocol
import Testing

/// Idle authenticated connections took schedd to its descriptor limit at 100 % CPU, logging nothing, and `aisubmit`
/// then hung (issue 13). Now connections are capped per user, per address and in all, idle ones are closed, refusals
/// are logged, a full descriptor table does not spin, and clients give up after their request timeout.
@Suite(.serialized) struct ConnectionLimitTests {
    @Test func connectionsOverAUsersCapAreRefusedWithAClearErrorAndLogged() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd(extra: ["--max-connections-per-user", "5"])
        var open: [RPCConnection] = []
        for _ in 0..<5 { open.append(try await centre.connect(as: "mallory")) }
        do {
            _ = try await centre.connect(as: "mallory")
            Issue.record("a sixth connection of mallory was accepted")
        } catch let error as ClientError {
            #expect(error.code == .unavailable)
            #expect(error.description.contains("user mallory already has 5 connections open to schedd (maxConnectionsPerUser)"),
                    "\(error)")
        }
        // Others are not held back, and mallory's own connections still work.
        let other = try await centre.connect(as: "alice")
        _ = try await other.request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self)
        _ = try await open[0].request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self)
        #expect(centre.log("schedd.log").contains("refusing connections: user mallory already has 5 connections open"))
        // A closed connection makes room again.
        await open.removeLast().close()
        #expect(try await eventually(5) { (try? await centre.connect(as: "mallory")) != nil })
    }

    @Test func connectionsOverAnAddressCapAreRefusedBeforeTheyCanSayHello() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd(extra: ["--max-connections-per-address", "8"])
        let (host, port) = centre.hostPort()
        var sockets = try (0..<8).map { _ in try RawSocket.open(host: host, port: port) }
        defer { sockets.forEach { close($0) } }
        try await Task.sleep(for: .milliseconds(300))
        do {
            _ = try await centre.connect(as: "alice")
            Issue.record("a ninth connection from 127.0.0.1 was accepted")
        } catch let error as ClientError {
            #expect(error.code == .unavailable)
            #expect(error.description.contains("127.0.0.1 already has 8 connections open to schedd (maxConnectionsPerAddress)"),
                    "\(error)")
        }
        close(sockets.removeLast())
        #expect(try await eventually(5) { (try? await centre.connect(as: "alice")) != nil })
    }

    /// Users' idle connections close; agents' connections, and those holding an interactive allocation, do not.
    @Test func idleConnectionsAreClosedButNotAgentsNorAllocations() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        // 8 s: long enough that a loaded machine (the whole suite, with a local centre running beside it) does not
        // stall a connection between its first requests that long; 4 s was not, once in a clean-checkout run.
        try centre.startSchedd(extra: ["--idle-timeout-seconds", "8", "--node-timeout-seconds", "6"])
        try centre.startAgent("idle-node")
        // Taken before connecting: schedd counts idleness from its welcome, which comes after this instant however
        // slowly a loaded machine returns from `connect`.
        let idleSince = Date()
        let idle = try await centre.connect(as: "alice")
        let idleClosed = ClosedAt(idle.closeFuture)
        let holder = try await centre.connect(as: "alice")
        var interactive = JobSubmission()
        interactive.argv = ["sleep", "1"]
        interactive.workdir = centre.workDir
        interactive.interactive = true
        interactive.hold = true
        let job = try await holder.request(.submitJob, interactive, expecting: .submitJobReply, as: SubmitJobReply.self).jobID
        var watch = EndAllocation()
        watch.jobID = job
        watch.whenConnectionCloses = true
        _ = try await holder.request(.endAllocation, watch, expecting: .endAllocationReply, as: JobActionReply.self)

        // Connected only now, and asking at once: a loaded machine may take seconds over the holder's submission.
        let busy = try await centre.connect(as: "alice")
        for _ in 0..<26 {
            _ = try await busy.request(.listNodes, ListNodes(), expecting: .nodeList, as: NodeList.self)
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(try await eventually(30) { idleClosed.date != nil }, "the idle connection is still open")
        let idleFor = (idleClosed.date ?? .distantFuture).timeIntervalSince(idleSince)
        #expect(idleFor >= 7.9 && idleFor < 20, "closed after \(idleFor) s idle, with an 8 s timeout")
        // The busy and the allocation-holding connections are open and answer; the node never went down.
        let nodes = try await busy.nodes(ListNodes())
        #expect(nodes.allSatisfy { $0.state != "down" && !$0.notResponding }, "\(nodes)")
        let still = try await holder.jobs(QueryJobs.finished(job))
        #expect(still.first?.state == "PENDING", "the allocation was cancelled: \(still)")
        #expect(centre.log("idle-node.log").components(separatedBy: "registered with schedd").count == 2)
    }

    /// Out of descriptors, schedd backs off `accept` instead of spinning, says so, and serves again once some close;
    /// with its default cap (the descriptor limit less a reserve) it refuses the excess instead.
    @Test func aFullDescriptorTableNeitherSpinsNorHangsClients() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        // A cap above what 200 descriptors allow, so accept() itself fails with EMFILE.
        try centre.startSchedd(extra: ["--max-connections", "1000"], descriptorLimit: 200)
        let pid = try #require(centre.schedd?.processIdentifier)
        let (host, port) = centre.hostPort()
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        for _ in 0..<400 {
            guard let fd = try? RawSocket.open(host: host, port: port) else { break }
            sockets.append(fd)
        }
        try await Task.sleep(for: .seconds(1))
        let cpuBefore = cpuSeconds(of: pid)
        try await Task.sleep(for: .seconds(3))
        let cpuUsed = cpuSeconds(of: pid) - cpuBefore
        #expect(cpuUsed < 1.0, "schedd used \(cpuUsed) s of CPU in 3 s while out of descriptors")
        #expect(centre.log("schedd.log").contains("cannot accept connections"), "\(centre.log("schedd.log"))")

        // A client waiting in the backlog gives up after its request timeout, saying why.
        let started = Date()
        let result = try centre.aisubmit(["queue", "--request-timeout", "2"], token: try centre.token("alice"))
        #expect(result.status != 0)
        #expect(result.stderr.contains("schedd at \(centre.server) did not answer within 2 s"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 15)

        sockets.forEach { close($0) }
        sockets = []
        #expect(try await eventually(20) {
            guard let rpc = try? await centre.connect(as: "alice") else { return false }
            return (try? await rpc.request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self)) != nil
        }, "schedd did not serve again after the connections closed")
    }

    @Test func theDefaultCapKeepsConnectionsUnderTheDescriptorLimit() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd(descriptorLimit: 300) // room for 300 − 256 = 44 connections
        let (host, port) = centre.hostPort()
        var sockets = try (0..<44).map { _ in try RawSocket.open(host: host, port: port) }
        defer { sockets.forEach { close($0) } }
        try await Task.sleep(for: .milliseconds(300))
        do {
            _ = try await centre.connect(as: "alice")
            Issue.record("a 45th connection was accepted")
        } catch let error as ClientError {
            #expect(error.description.contains("schedd has 44 connections open, its maximum (maxConnections)"), "\(error)")
        }
        #expect(centre.log("schedd.log").contains("at most 44 (descriptor limit 300)"))
        close(sockets.removeLast())
        #expect(try await eventually(5) { (try? await centre.connect(as: "alice")) != nil })
    }
}
