import Foundation
import SchedulerProtocol
import Testing
@testable import AischedClient

/// aisubmit refuses, before sending, what schedd would refuse or could not even receive, all problems at once.
@Suite struct SubmissionCheckTests {
    static func submission(_ change: (inout JobSubmission) -> Void) -> JobSubmission {
        var s = JobSubmission()
        s.workdir = "/home/ada"
        s.argv = ["python", "train.py"]
        change(&s)
        return s
    }

    @Test func aTenMegabyteScriptIsRefusedBeforeSendingWithItsSize() {
        let problems = SubmissionCheck.problems(in: Self.submission {
            $0.argv = []
            $0.script = "#!/bin/sh\n" + String(repeating: "#", count: 10 << 20)
        })
        #expect(problems.count == 1)
        #expect(problems.first?.contains("(its batch script 10485770)") == true, "\(problems)")
        #expect(problems.first?.contains("more than the 4194304 schedd takes in one request") == true)
    }

    @Test func everyTextProblemIsFoundWithTheServersRule() {
        let problems = SubmissionCheck.problems(in: Self.submission {
            $0.name = "x\u{1B}[2J"
            $0.argv = ["", "a\0b"]
            $0.stdoutPath = "out\n"
            $0.environment = ["OK=1", "BAD=\0"]
        })
        #expect(problems.count == 5, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("the job name \"x\\e[2J\"") })
        #expect(problems.contains { $0.hasPrefix("the program name") })
        #expect(problems.contains { $0.hasPrefix("argument 2 \"a\\0b\" holds a NUL byte") })
        #expect(problems.contains { $0.hasPrefix("--output") })
        #expect(problems.contains { $0.hasPrefix("environment variable BAD") })
    }

    @Test func anOrdinarySubmissionPasses() {
        #expect(SubmissionCheck.problems(in: Self.submission { $0.name = "llama-ft"; $0.argv = ["bash", "-c", "a\nb"] }).isEmpty)
    }

    @Test func submissionKeysAreFreshHexAndOnlyLostAnswersAreRetried() {
        let a = RetryingSubmit.newKey(), b = RetryingSubmit.newKey()
        #expect(a.count == 32)
        let hex = a.allSatisfy { $0.isHexDigit }
        #expect(hex)
        #expect(a != b)
        #expect(RetryingSubmit.isLostAnswer(.connectionClosed))
        #expect(RetryingSubmit.isLostAnswer(.malformedReply("Connection reset by peer")))
        #expect(!RetryingSubmit.isLostAnswer(.server(ErrorReply(code: .invalidRequest, message: "no"))))
        #expect(!RetryingSubmit.isLostAnswer(.cannotConnect(host: "h", port: 1, reason: "refused")))
    }

    @Test func squeueShowsControlCharactersAsEscapes() throws {
        var job = JobInfo()
        job.id = 7
        job.name = "evil\u{1B}]0;title\u{07}\nFAKE LINE"
        let format = try SqueueFormat.parse("%i %j").get()
        let text = format.render([job], header: false)
        #expect(text == "7 evil\\e]0;title\\x07\\nFAKE LINE")
    }
}
