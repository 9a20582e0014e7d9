import Foundation
@testable import schedd
import SchedulerCore
import Testing

/// The input and storage limits of schedd's configuration file: the example loads with the defaults, and
/// out-of-range values stop schedd at start with every problem named.
@Suite struct ScheddConfigLimitTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/schedd.config.example.json").path

    @Test func theExampleStatesTheDefaults() throws {
        let config = try ScheddConfig.load(Self.example)
        #expect(config.limits == InputLimits())
        #expect(config.storageReserveMB == ScheddConfig.defaultStorageReserveMB)
        #expect(config.maxDatabaseMB == nil)
        #expect(config.settings.limits == InputLimits())
    }

    @Test func givenLimitsReachTheCore() throws {
        let config = try JSONDecoder().decode(ScheddConfig.self, from: Data(
            #"{"maxScriptBytes": 1000, "maxPendingJobsPerUser": 5, "submissionKeyHours": 2}"#.utf8))
        #expect(config.settings.limits == InputLimits(scriptBytes: 1000, pendingJobsPerUser: 5,
                                                      submissionKeyLifetime: .minutes(120)))
    }

    @Test func outOfRangeLimitsAreAllNamed() throws {
        let config = try JSONDecoder().decode(ScheddConfig.self, from: Data(
            #"{"maxScriptBytes": 0, "maxPendingJobsPerUser": -1, "storageReserveMB": 64, "maxDatabaseMB": 32}"#.utf8))
        #expect(config.limitProblems() == [
            "maxScriptBytes must be at least 1 byte, not 0",
            "maxPendingJobsPerUser must be at least 1 job, not -1",
            "maxDatabaseMB (32) must be larger than storageReserveMB (64), or schedd could take no work at all",
        ])
    }

    @Test func aMetricsPortOutsideTCPsRangeIsNamedWithTheOtherProblems() throws {
        let config = try JSONDecoder().decode(ScheddConfig.self, from: Data(
            #"{"maxScriptBytes": 0, "metricsPort": 70000}"#.utf8))
        #expect(config.limitProblems() == [
            "maxScriptBytes must be at least 1 byte, not 0",
            "metricsPort must be a TCP port from 0 to 65535, not 70000",
        ])
        #expect(ScheddConfig.portProblem(9100, "--metrics-port") == nil)
        #expect(ScheddConfig.portProblem(0, "--metrics-port") == nil, "0 picks a free port")
        #expect(try ScheddConfig.load(Self.example).metricsPort == nil, "the example serves no metrics")
    }
}
