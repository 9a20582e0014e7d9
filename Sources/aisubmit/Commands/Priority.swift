import AischedClient
import ArgumentParser
import Foundation
import SchedulerProtocol

/// `aisubmit priority JOB`: why a pending job is where it is in the queue, factor by factor.
struct Priority: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "priority",
        abstract: "Show a pending job's priority, term by term, and its place in the queue.",
        discussion: """
            priority = Σ weight × factor, each factor from 0 to 1: fairshare (your project's and your standing in \
            the fair-share tree), age (time waited), size (share of the cluster asked for) and qos.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Job id.") var job: UInt64

    func run() async throws {
        let breakdown = try await Client.call(connection) { rpc in
            try await rpc.request(.jobPriority, JobPriorityRequest(jobID: job), expecting: .priorityBreakdown,
                                  as: PriorityBreakdownInfo.self)
        }
        print(output.json ? JobJSON.render(PriorityJSON(breakdown)) : Self.text(breakdown))
    }

    static func text(_ b: PriorityBreakdownInfo) -> String {
        var rows = [["TERM", "FACTOR", "WEIGHT", "WEIGHTED", "WHY"]]
        for t in b.terms {
            rows.append([t.name, String(format: "%.4f", Double(t.factorMillionths) / 1_000_000), String(t.weight),
                         points(t.weightedMillionths), t.explanation])
        }
        var out = JobText.align(rows)
        out += "\n\nPriority of job \(b.jobID): \(points(b.totalMillionths))"
        if b.position == 0 {
            out += " (held: it has no place in the queue until released)"
        } else {
            out += ", place \(b.position) of \(b.pendingJobs) waiting job\(b.pendingJobs == 1 ? "" : "s")"
        }
        return out
    }

    /// Millionths of a priority point as "6,205.36".
    static func points(_ millionths: UInt64) -> String {
        (Double(millionths) / 1_000_000)
            .formatted(.number.precision(.fractionLength(2)).locale(Locale(identifier: "en_US")))
    }
}

/// The stable JSON shape of a priority breakdown (`aisubmit priority --json`).
struct PriorityJSON: Encodable {
    struct Term: Encodable {
        let name: String
        let factor: Double
        let weight: UInt32
        let weighted: Double
        let explanation: String
    }

    let id: UInt64
    let terms: [Term]
    let total: Double
    /// 1-based place among the waiting jobs that are not held; null for a held job.
    let position: UInt32?
    let pendingJobs: UInt32

    init(_ b: PriorityBreakdownInfo) {
        id = b.jobID
        terms = b.terms.map {
            Term(name: $0.name, factor: Double($0.factorMillionths) / 1_000_000, weight: $0.weight,
                 weighted: Double($0.weightedMillionths) / 1_000_000, explanation: $0.explanation)
        }
        total = Double(b.totalMillionths) / 1_000_000
        position = b.position == 0 ? nil : b.position
        pendingJobs = b.pendingJobs
    }

    enum CodingKeys: String, CodingKey { case id, terms, total, position, pendingJobs }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(terms, forKey: .terms)
        try c.encode(total, forKey: .total)
        try c.encode(position, forKey: .position)
        try c.encode(pendingJobs, forKey: .pendingJobs)
    }
}
