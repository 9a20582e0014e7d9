import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// A node token may speak for its node, not make schedd allocate without bound (issue 13): absurd registrations are
/// refused with a clear error, and schedd keeps serving.
@Suite(.serialized) struct RegistrationLimitTests {
    @Test func absurdRegistrationsAreRefusedAndScheddCarriesOn() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let node = try await centre.connect(as: "gpu-01", role: "node")
        var gpus = RegisterNode()
        gpus.name = "gpu-01"
        gpus.cpus = 8
        gpus.memoryMB = 1_000
        gpus.gpus = UInt32.max
        var cpus = gpus
        cpus.gpus = 0
        cpus.cpus = UInt32.max
        var topology = gpus
        topology.gpus = 0
        topology.topology = Data(#"{"numaNodes":[{"id":0,"cpus":"0-4294967295","memoryMB":1000}],"cores":[],"gpus":[],"allowedCPUs":"0-4294967295"}"#.utf8)
        for message in [gpus, cpus] {
            do {
                _ = try await node.request(.registerNode, message, expecting: .registerNodeReply, as: RegisterNodeReply.self)
                Issue.record("an absurd registration was accepted")
            } catch ClientError.server(let reply) {
                #expect(reply.code == .invalidRequest && reply.message.contains("declares"), "\(reply)")
            }
        }
        // A topology whose CPU list would expand to billions is not used (the node falls back to its counts).
        _ = try? await node.request(.registerNode, topology, expecting: .registerNodeReply, as: RegisterNodeReply.self)
        // schedd is alive and answers.
        let user = try await centre.connect(as: "alice")
        let jobs = try await user.request(.queryJobs, QueryJobs(), expecting: .jobList, as: JobList.self)
        #expect(jobs.jobs.isEmpty)
    }
}
