import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// Users act on their own jobs; admins on all; node tokens only speak for their node.
@Suite(.serialized) struct AuthorizationTests {
    @Test func usersCannotReadOrCancelOthersJobsButAdminsCan() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let alice = try await centre.connect(as: "alice")
        let bob = try await centre.connect(as: "bob")
        let admin = try await centre.connect(as: "ops", role: "admin")
        var submission = JobSubmission()
        submission.argv = ["sleep", "100"]
        submission.workdir = "/tmp"
        submission.hold = true
        let job = try await alice.request(.submitJob, submission, expecting: .submitJobReply, as: SubmitJobReply.self).jobID

        var show = QueryJobs()
        show.jobIDs = [job]
        await #expect(throws: ClientError.self) {
            _ = try await bob.request(.queryJobs, show, expecting: .jobList, as: JobList.self)
        }
        var everyone = QueryJobs()
        everyone.allUsers = true
        await #expect(throws: ClientError.self) {
            _ = try await bob.request(.queryJobs, everyone, expecting: .jobList, as: JobList.self)
        }
        let bobsCancel = try await bob.request(.cancelJobs, JobIDList(jobIDs: [job]), expecting: .cancelJobsReply,
                                               as: JobActionReply.self)
        #expect(bobsCancel.results.map(\.ok) == [false])
        let stillThere = try await alice.request(.queryJobs, show, expecting: .jobList, as: JobList.self).jobs
        #expect(stillThere.first?.state == "PENDING")

        let adminView = try await admin.request(.queryJobs, everyone, expecting: .jobList, as: JobList.self).jobs
        #expect(adminView.map(\.id) == [job])
        let adminCancel = try await admin.request(.cancelJobs, JobIDList(jobIDs: [job]), expecting: .cancelJobsReply,
                                                  as: JobActionReply.self)
        #expect(adminCancel.results.map(\.ok) == [true])
    }

    @Test func nodeTokenCannotSubmitAndUserTokenCannotRegisterANode() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        let node = try await centre.connect(as: "gpu-01", role: "node")
        var submission = JobSubmission()
        submission.argv = ["true"]
        submission.workdir = "/tmp"
        do {
            _ = try await node.request(.submitJob, submission, expecting: .submitJobReply, as: SubmitJobReply.self)
            Issue.record("a node token submitted a job")
        } catch let error as ClientError {
            #expect(error.code == .permissionDenied)
        }
        let user = try await centre.connect(as: centre.user)
        var register = RegisterNode()
        register.name = "rogue"
        register.cpus = 4
        register.memoryMB = 1000
        do {
            _ = try await user.request(.registerNode, register, expecting: .registerNodeReply, as: RegisterNodeReply.self)
            Issue.record("a user token registered a node")
        } catch let error as ClientError {
            #expect(error.code == .permissionDenied)
        }
    }
}
