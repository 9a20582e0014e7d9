import AischedClient
import Foundation
import Glibc
import SchedulerProtocol
import Testing

/// Any user could stall the scheduler (issue 13): pipelined `queryJobs` were answered one by one on the scheduler's
/// actor, ahead of submits, heartbeats and timers; another user's submit took 33–48 s and a healthy node was
/// declared NODE_FAIL. Now queries run off the actor on the last committed state, each connection has a few in
/// progress at most, and a connection that does not read its replies is not read either.
@Suite(.serialized) struct QueryFloodTests {
    static let floodSeconds = 10.0
    static let submitBound = 2.0

    @Test func aQueryFloodStarvesNeitherSubmitsNorHeartbeats() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        // A short node timeout: three missed heartbeats and the node would be declared down.
        try centre.startSchedd(extra: ["--node-timeout-seconds", "3"])
        try centre.startAgent("flood-node")
        let pid = try #require(centre.schedd?.processIdentifier)

        // Work for every query: the flooder's 500 held jobs, listed in full each time.
        let mallory = try await centre.connect(as: "mallory")
        var held = JobSubmission()
        held.argv = ["true"]
        held.workdir = centre.workDir
        held.hold = true
        held.comment = String(repeating: "c", count: 300)
        let template = held
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    for _ in 0..<50 {
                        _ = try await mallory.request(.submitJob, template, expecting: .submitJobReply, as: SubmitJobReply.self)
                    }
                }
            }
            try await group.waitForAll()
        }
        let memoryBefore = residentMiB(of: pid)

        // Two floods at once: one connection pipelining queries it never reads, one pipelining 64 at a time and
        // reading as fast as it can.
        let (host, port) = centre.hostPort()
        let silent = try FloodClient(host: host, port: port, token: try centre.token("mallory"), request: QueryJobs(),
                                     kind: .queryJobs)
        let reader = try await centre.connect(as: "mallory")
        let deadline = Date().addingTimeInterval(Self.floodSeconds)
        let answered = Counter()
        let readers = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        while Date() < deadline {
                            _ = try await reader.request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self)
                            answered.add()
                        }
                    }
                }
                try await group.waitForAll()
            }
        }

        // Meanwhile another user submits and lists nodes; one of her jobs runs on the node.
        let alice = try await centre.connect(as: "alice")
        var submission = JobSubmission()
        submission.argv = ["true"]
        submission.workdir = centre.workDir
        submission.hold = true
        var running = submission
        running.hold = false
        running.argv = ["sleep", "1"]
        var latencies: [Double] = []
        var nodeStates: Set<String> = []
        var launched: UInt64?
        while Date() < deadline {
            let start = Date()
            _ = try await alice.request(.submitJob, launched == nil && latencies.count == 10 ? running : submission,
                                        expecting: .submitJobReply, as: SubmitJobReply.self)
            latencies.append(Date().timeIntervalSince(start))
            if launched == nil, latencies.count == 11 {
                launched = try await alice.jobs(QueryJobs()).first { $0.submission.argv == ["sleep", "1"] }?.id
            }
            for node in try await alice.nodes(ListNodes()) {
                nodeStates.insert(node.notResponding ? node.state + "*" : node.state)
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        let memoryDuring = residentMiB(of: pid)
        silent.stop()
        try await readers.value

        let worst = latencies.max() ?? .infinity
        let silentWritten = silent.requestsWritten
        print("query flood: \(answered.count) queries answered to the reading flood in \(Self.floodSeconds) s, "
              + "\(silentWritten) written by the silent one; \(latencies.count) submits, worst \(Int(worst * 1000)) ms, "
              + "median \(Int(latencies.sorted()[latencies.count / 2] * 1000)) ms; RSS \(Int(memoryBefore)) → \(Int(memoryDuring)) MiB")
        #expect(worst < Self.submitBound, "another user's submit took \(worst) s during the flood: \(latencies)")
        #expect(answered.count > 0, "the reading flood was answered too")
        #expect(!nodeStates.contains { $0.hasPrefix("down") || $0.hasSuffix("*") },
                "the heartbeating node was seen \(nodeStates) during the flood")
        #expect(centre.log("flood-node.log").components(separatedBy: "registered with schedd").count == 2,
                "the agent had to register again:\n\(centre.log("flood-node.log"))")
        // Replies to the silent connection are not piled up in schedd: it stopped reading instead.
        #expect(memoryDuring - memoryBefore < 256, "schedd grew from \(memoryBefore) to \(memoryDuring) MiB")
        let job = try #require(launched, "alice's job was submitted")
        #expect(try await eventually(30) {
            try await alice.jobs(QueryJobs.finished(job)).first?.state == "COMPLETED"
        }, "alice's job launched during the flood did not complete")
    }
}

extension QueryJobs {
    /// One job, whatever its state.
    static func finished(_ id: UInt64) -> QueryJobs {
        var query = QueryJobs()
        query.jobIDs = [id]
        return query
    }
}
