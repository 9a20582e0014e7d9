import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// A reply page over the frame limit closed the connection, and two held jobs with 2.5 MB scripts broke
/// `queue --all-users` for good (issue 13). Now listings come in pages under the limit, and scripts are not carried.
/// The frame limit is lowered to 128 KiB here so that a few hundred jobs exceed it.
@Suite(.serialized) struct ListingPagingTests {
    static let frameBytes = 128 << 10

    @Test func jobsWhoseListingExceedsTheFrameLimitAreAllListed() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd(extra: ["--max-frame-bytes", String(Self.frameBytes)])
        let token = try centre.token("alice")
        // Three held jobs with ~90 KB batch scripts: together more than a frame.
        let script = "#!/bin/bash\n" + String(repeating: "echo 'a line of a long generated script'\n", count: 2_300)
        try script.write(toFile: centre.workDir + "/long.sh", atomically: true, encoding: .utf8)
        var scripted: [String] = []
        for _ in 0..<3 {
            let submitted = try centre.aisubmit(["submit", "--parsable", "--hold", "long.sh"], token: token)
            #expect(submitted.status == 0, "\(submitted.stderr)")
            scripted.append(submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        // And 300 held jobs of two users whose entries carry 1 KB each: about 300 KB of listing.
        let alice = try await centre.connect(as: "alice")
        let bob = try await centre.connect(as: "bob")
        var submission = JobSubmission()
        submission.argv = ["true"]
        submission.workdir = centre.workDir
        submission.hold = true
        submission.comment = String(repeating: "c", count: 1_000)
        for i in 0..<300 {
            _ = try await (i % 2 == 0 ? alice : bob).request(.submitJob, submission, expecting: .submitJobReply,
                                                             as: SubmitJobReply.self)
        }

        // One page is under the frame limit and says more follow; the client follows them all.
        let admin = try await centre.connect(as: "ops", role: "admin")
        var everyone = QueryJobs()
        everyone.allUsers = true
        let first = try await admin.request(.queryJobs, everyone, expecting: .jobList, as: JobList.self)
        #expect(first.more)
        #expect(first.wireBytes().count <= Self.frameBytes / 2 + 64)
        let all = try await admin.jobs(everyone)
        #expect(all.count == 303)
        #expect(Set(all.map(\.id)).count == 303)
        let long = try #require(all.first { String($0.id) == scripted[0] })
        #expect(long.submission.script.hasPrefix("#!/bin/bash\n# aisched: \(script.utf8.count)-byte batch script, not carried in listings"))

        // `aisubmit queue --all-users` lists every one of them.
        let listed = try centre.aisubmit(["queue", "--all-users", "-h", "-o", "%i"], token: try centre.token("ops", role: "admin"))
        #expect(listed.status == 0, "\(listed.stderr)")
        let ids = listed.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(ids.count == 303)
        #expect(Set(ids) == Set(all.map { String($0.id) }))
        // The job with the long script shows as any other.
        let shown = try centre.aisubmit(["show", scripted[1]], token: token)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.hasPrefix("JobId") && shown.stdout.contains(scripted[1]), "\(shown.stdout)")
    }
}
