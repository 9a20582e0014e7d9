import SchedulerProtocol
import Testing
@testable import AischedClient

/// Slurm's `scontrol update NodeName=… State=… Reason=…` as aisched reads it, and `aisubmit nodes -R` (sinfo -R).
@Suite struct NodeControlCommandTests {
    struct Update: CustomTestStringConvertible, Sendable {
        var words: [String]
        var request: NodeControlRequest?
        var problems: [String] = []
        var testDescription: String { words.joined(separator: " ") }
    }

    static let updates: [Update] = [
        Update(words: ["NodeName=dgx-[01-02]", "State=DRAIN", "Reason=GPU 3 ECC errors"],
               request: NodeControlRequest(names: ["dgx-01", "dgx-02"], action: "drain", reason: "GPU 3 ECC errors")),
        Update(words: ["nodename=dgx-01", "state=resume"],
               request: NodeControlRequest(names: ["dgx-01"], action: "resume")),
        Update(words: ["NodeName=dgx-01,cpu-01", "State=Down", "Reason=PSU"],
               request: NodeControlRequest(names: ["dgx-01", "cpu-01"], action: "down", reason: "PSU")),
        // The server requires the reason: the client sends what it was given.
        Update(words: ["NodeName=dgx-01", "State=DRAIN"],
               request: NodeControlRequest(names: ["dgx-01"], action: "drain")),
        Update(words: ["NodeName=dgx-01", "State=UNDRAIN"], problems: ["State=UNDRAIN is not supported; State=RESUME"]),
        Update(words: ["NodeName=dgx-01", "State=FUTURE"], problems: ["State=FUTURE is not supported; aisched takes DRAIN, RESUME or DOWN"]),
        Update(words: ["State=DRAIN", "Reason=x"], problems: ["NodeName= is missing"]),
        Update(words: ["JobId=42", "TimeLimit=10"],
               problems: ["updates nodes only", "TimeLimit cannot be updated here", "State= is missing", "NodeName= is missing"]),
        Update(words: ["NodeName=dgx-[01-", "State=DRAIN", "bogus"], problems: ["NodeName=dgx-[01-:", "\"bogus\" is not KEY=VALUE"]),
    ]

    @Test(arguments: updates)
    func scontrolUpdateReadsAsSlurm(_ c: Update) {
        switch ScontrolUpdate.request(c.words) {
        case .success(let request):
            #expect(request == c.request)
            #expect(c.problems.isEmpty)
        case .failure(let error):
            #expect(c.request == nil, "\(error)")
            for problem in c.problems { #expect(error.description.contains(problem), "\(error)") }
        }
    }

    static func node(_ name: String, reason: String = "", by: String = "", at: Int64 = 0, since: Int64 = 0) -> NodeInfo {
        var n = NodeInfo()
        n.name = name
        n.reason = reason
        n.reasonBy = by
        n.reasonAtMs = at
        n.sinceMs = since
        return n
    }

    @Test func reasonsGroupNodesByReasonWhoAndWhen() {
        let lines = NodeReasonLine.lines([
            Self.node("cpu-01"),
            Self.node("dgx-01", reason: "GPU 3 ECC errors", by: "ops", at: 1_000),
            Self.node("dgx-02", reason: "GPU 3 ECC errors", by: "ops", at: 1_000),
            Self.node("dgx-03", reason: "GPU 3 ECC errors", by: "ada", at: 1_000),
            Self.node("dgx-04", reason: "not responding", since: 500),
        ])
        #expect(lines == [
            NodeReasonLine(reason: "GPU 3 ECC errors", user: "ops", atMs: 1_000, nodes: ["dgx-01", "dgx-02"]),
            NodeReasonLine(reason: "GPU 3 ECC errors", user: "ada", atMs: 1_000, nodes: ["dgx-03"]),
            NodeReasonLine(reason: "not responding", user: "", atMs: 500, nodes: ["dgx-04"]),
        ])
    }
}
