import Foundation
@testable import schedd
import SchedulerCore
import Testing

/// The connection limits as configured, and the log of refusals that says what happened without a line per refusal.
@Suite struct ConnectionPolicyTests {
    @Test func theFileSetsEveryLimitAndMaxConnectionsFollowsTheDescriptorLimit() throws {
        let json = #"{"idleTimeoutSeconds": 0, "maxConnectionsPerUser": 8, "maxConnectionsPerAddress": 16, "maxRequestsInFlight": 4}"#
        let file = try JSONDecoder().decode(ScheddConfig.self, from: Data(json.utf8))
        let policy = file.connectionPolicy(descriptorLimit: 1_024)
        #expect(policy == ConnectionPolicy(idleTimeoutSeconds: 0, maxConnectionsPerUser: 8, maxConnectionsPerAddress: 16,
                                           maxConnections: 1_024 - ConnectionPolicy.reservedDescriptors,
                                           maxRequestsInFlight: 4))
        #expect(policy.idleTimeout == nil)
        #expect(ScheddConfig().connectionPolicy(descriptorLimit: 65_536).maxConnections == 65_536 - 256)
        #expect(ScheddConfig().connectionPolicy(descriptorLimit: 100).maxConnections == 16)
    }

    @Test func everyNonsensicalLimitIsNamedAtOnce() {
        let policy = ConnectionPolicy(idleTimeoutSeconds: -1, maxConnectionsPerUser: 0, maxConnectionsPerAddress: 1,
                                      maxConnections: -5, maxRequestsInFlight: 0)
        #expect(policy.problems == [
            "idleTimeoutSeconds must be 0 (off) or more, not -1",
            "maxConnectionsPerUser must be at least 1, not 0",
            "maxConnections must be at least 1, not -5",
            "maxRequestsInFlight must be at least 1, not 0",
        ])
        #expect(ConnectionPolicy().problems.isEmpty)
    }

    @Test func refusalsAreLoggedOncePerKeyAndIntervalWithACount() {
        var log = RefusalLog()
        let start = ContinuousClock.now
        #expect(log.note(key: "user ada", "too many", now: start) == "too many")
        #expect(log.note(key: "user ada", "too many", now: start + .seconds(1)) == nil)
        #expect(log.note(key: "user ada", "too many", now: start + .seconds(2)) == nil)
        #expect(log.note(key: "address 10.0.0.1", "too many here", now: start + .seconds(3)) == "too many here")
        #expect(log.note(key: "user ada", "too many", now: start + .seconds(11))
            == "too many (2 more refused since the previous line about it)")
        #expect(log.note(key: "user ada", "too many", now: start + .seconds(22)) == "too many")
    }

    @Test func aJobsTokenCountsForItsJobAndAnyOtherForItsSubject() {
        func subject(_ name: String, _ role: Principal.Role, _ token: String) -> String {
            ConnectionRegistry.subject(of: Identity(principal: Principal(name: name, role: role), tokenID: token, expiresAt: 0)).key
        }
        #expect(subject("ada", .user, "job-42") == "job 42")
        #expect(subject("ada", .user, "7f3a") == "user ada")
        #expect(subject("ada", .admin, "7f3b") == "admin ada")
        #expect(subject("gpu-01", .node, "7f3c") == "node gpu-01")
        #expect(subject("ada", .user, "job-x") == "user ada")
    }
}
