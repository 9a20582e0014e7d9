import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// "Accepted" means durable: what schedd acknowledged survives `kill -9`.
@Suite(.serialized) struct DurabilityTests {
    @Test func thousandAcknowledgedSubmissionsSurviveKillNine() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let rpc = try await centre.connect(as: centre.user)
        var submission = JobSubmission()
        submission.argv = ["true"]
        submission.workdir = centre.workDir
        submission.hold = true // no agent runs them; they must simply be remembered
        let template = submission

        // Many in flight at once, as a busy centre sees them: they share group commits.
        let acknowledged = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for worker in 0..<10 {
                group.addTask {
                    var ids: [UInt64] = []
                    for i in 0..<100 {
                        var s = template
                        s.name = "w\(worker)-\(i)"
                        ids.append(try await rpc.request(.submitJob, s, expecting: .submitJobReply,
                                                         as: SubmitJobReply.self).jobID)
                    }
                    return ids
                }
            }
            return try await group.reduce(into: Set<UInt64>()) { $0.formUnion($1) }
        }
        #expect(acknowledged.count == 1000)

        centre.killSchedd()
        try centre.startSchedd()
        let after = try await centre.connect(as: centre.user)
        var query = QueryJobs()
        query.includeFinished = true
        let jobs = try await after.request(.queryJobs, query, expecting: .jobList, as: JobList.self).jobs
        #expect(Set(jobs.map(\.id)) == acknowledged)
        #expect(jobs.allSatisfy { $0.state == "PENDING" && $0.held })
        // Paging returns the same jobs in id order, page by page.
        var paged: [UInt64] = []
        query.limit = 300
        while true {
            let page = try await after.request(.queryJobs, query, expecting: .jobList, as: JobList.self)
            paged += page.jobs.map(\.id)
            guard page.more, let last = page.jobs.last else { break }
            query.afterJobID = last.id
        }
        #expect(paged == acknowledged.sorted())
        // Job ids are never reused after a restart.
        let next = try await after.request(.submitJob, submission, expecting: .submitJobReply, as: SubmitJobReply.self)
        #expect(next.jobID > acknowledged.max()!)
    }

    @Test func runningJobKeepsRunningAcrossAScheddCrashAndEndsNormally() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let submitted = try centre.aisubmit(["submit", "--json", "--", "sh", "-c", "sleep 3; echo survived"], token: token)
        let job = try #require(try JSON.object(submitted.stdout)["id"] as? Int)
        #expect(try await eventually {
            try JSON.object(centre.aisubmit(["show", "--json", String(job)], token: token).stdout)["state"] as? String == "RUNNING"
        })
        centre.killSchedd()
        try await Task.sleep(for: .seconds(1))
        try centre.startSchedd()
        let waited = try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token)
        #expect(waited.status == 0, "\(waited.stdout)\(waited.stderr)\n\(centre.log("node-a.log"))")
        #expect(try centre.aisubmit(["logs", String(job)], token: token).stdout == "survived\n")
    }
}
