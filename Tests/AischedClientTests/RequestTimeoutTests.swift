import Foundation
import Glibc
@testable import AischedClient
import SchedulerProtocol
import Testing

/// `aisubmit` hung for ever when schedd accepted its connection but never answered (issue 13). Each request now has
/// a deadline, set by flag, environment or config file; requests answered only when a step ends have none.
@Suite struct RequestTimeoutTests {
    static let configPath = "/home/ada/.config/aisched/config"

    static func resolve(_ flags: ConnectionFlags = ConnectionFlags(server: "s", token: "t"), env: [String: String] = [:],
                        file: String? = nil) throws(ConfigError) -> ClientConfig {
        try ClientConfig.resolve(flags: flags, environment: ["HOME": "/home/ada"].merging(env) { $1 },
                                 readFile: { $0 == configPath ? file : nil })
    }

    @Test func theFlagBeatsTheEnvironmentBeatsTheFileBeatsTheDefault() throws {
        #expect(try Self.resolve().requestTimeoutSeconds == RequestTimeout.defaultSeconds)
        #expect(try Self.resolve(file: "request_timeout = 90\n").requestTimeoutSeconds == 90)
        #expect(try Self.resolve(env: ["AISCHED_REQUEST_TIMEOUT": "2.5"], file: "request_timeout = 90\n").requestTimeoutSeconds == 2.5)
        var flags = ConnectionFlags(server: "s", token: "t")
        flags.requestTimeout = "0"
        #expect(try Self.resolve(flags, env: ["AISCHED_REQUEST_TIMEOUT": "2.5"]).requestTimeoutSeconds == 0)
        #expect(RequestTimeout.duration(0) == nil)
        #expect(RequestTimeout.duration(2.5) == .milliseconds(2_500))
        // A broken file that nothing else needed does not break an explicit command line.
        #expect(try Self.resolve(file: "nonsense\n").requestTimeoutSeconds == RequestTimeout.defaultSeconds)
    }

    @Test(arguments: [
        ("AISCHED_REQUEST_TIMEOUT", "soon"), ("AISCHED_REQUEST_TIMEOUT", "-1"), ("AISCHED_REQUEST_TIMEOUT", "inf"),
    ])
    func aTimeoutThatIsNotSecondsIsRefusedNamingItsSource(_ variable: String, _ value: String) {
        #expect(throws: ConfigError(.requestTimeout,
                                    "\(variable) is \"\(value)\", not a number of seconds; give e.g. 60, or 0 for no limit")) {
            try Self.resolve(env: [variable: value])
        }
    }

    @Test func onlyRequestsAnsweredWhenAStepEndsHaveNoDeadline() {
        #expect(!RequestTimeout.applies(to: .runStep))
        for kind in [MessageKind.hello, .submitJob, .queryJobs, .listNodes, .readLog, .endAllocation, .signalStep,
                     .heartbeat, .jobExited] {
            #expect(RequestTimeout.applies(to: kind), "\(kind)")
        }
    }

    /// A listener that never accepts: the kernel completes the connection, nobody answers the hello. The time limit is
    /// what fails a client that would wait for ever.
    @Test(.timeLimit(.minutes(1))) func aServerThatNeverAnswersTimesOutWithAClearMessage() async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(fd, raw, length) == 0, listen(fd, 8) == 0, getsockname(fd, raw, &length) == 0 else {
                    throw CancellationError()
                }
            }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let started = ContinuousClock.now
        do {
            _ = try await RPCConnection.connect(host: "127.0.0.1", port: port, token: "t", clientName: "test",
                                                requestTimeout: .milliseconds(700))
            Issue.record("connected to a server that never answers")
        } catch let error as ClientError {
            #expect(error.description.hasPrefix("schedd at 127.0.0.1:\(port) did not answer within 0.7 s."), "\(error)")
        }
        // Not before the timeout. (No tighter upper bound: other suites in this process may keep its threads busy.)
        #expect(ContinuousClock.now - started >= .milliseconds(700))
    }
}
