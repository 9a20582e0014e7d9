import Foundation
@testable import schedd
import SchedulerProtocol
import Testing

/// Listings in pages that fit a frame, whatever the jobs hold (issue 13: two jobs with 2.5 MB scripts broke
/// `queue --all-users` for good).
@Suite struct ListingPageTests {
    static func job(_ id: UInt64, name: String = "train", change: (inout JobInfo) -> Void = { _ in }) -> JobInfo {
        var info = JobInfo()
        info.id = id
        info.name = name
        info.user = "ada"
        info.state = "PENDING"
        info.submission.argv = ["python", "train.py"]
        change(&info)
        return info
    }

    static func size(_ info: JobInfo) -> Int { info.wireBuffer().readableBytes }

    @Test func pagesStayUnderTheirBudgetAndTogetherHoldEveryEntry() {
        let jobs = (1...300).map { Self.job(UInt64($0), name: String(repeating: "n", count: 900)) }
        let budget = ReplyBudget(maximumPayloadBytes: 128 << 10)
        var listed: [UInt64] = []
        var pages = 0
        var rest = jobs[...]
        while let first = rest.first {
            var page = ListingPage<JobInfo>(budget: budget.pageBytes)
            for job in rest {
                let fitted = JobListingEntry.fitted(job, within: budget.entryBytes)
                #expect(fitted.bytes == Self.size(fitted.entry))
                guard page.add(fitted.entry, bytes: fitted.bytes) else { break }
            }
            var list = JobList(jobs: page.entries)
            list.more = page.entries.count < rest.count
            #expect(list.wireBuffer().readableBytes <= budget.pageBytes + 16, "page \(pages) starting at \(first.id)")
            #expect(!page.entries.isEmpty)
            listed += page.entries.map(\.id)
            rest = rest.dropFirst(page.entries.count)
            pages += 1
        }
        #expect(listed == jobs.map(\.id))
        #expect(pages > 1)
    }

    @Test func theFirstEntryAlwaysGoesInSoEveryPageMakesProgress() {
        var page = ListingPage<JobInfo>(budget: 100)
        let first = page.add(Self.job(1, name: String(repeating: "x", count: 500)))
        let second = page.add(Self.job(2))
        #expect(first && !second)
        #expect(page.entries.map(\.id) == [1])
    }

    @Test func aLongScriptIsReplacedByItsFirstLineAndAMarker() {
        let script = "#!/bin/bash\n" + String(repeating: "echo hello\n", count: 250_000)
        let entry = JobListingEntry.fitted(Self.job(1) { $0.submission.script = script }, within: 512 << 10).entry
        #expect(entry.submission.script.hasPrefix("#!/bin/bash\n# aisched: \(script.utf8.count)-byte batch script"))
        #expect(entry.submission.script.utf8.count < 200)
        let short = "#!/bin/sh\necho hi\n"
        #expect(JobListingEntry.fitted(Self.job(2) { $0.submission.script = short }, within: 512 << 10).entry.submission.script == short)
    }

    @Test func environmentsEndWithAMarkerOnceOverTheirShare() {
        let variables = (0..<1_000).map { "VAR_\($0)=" + String(repeating: "v", count: 100) }
        let entry = JobListingEntry.fitted(Self.job(1) {
            $0.submission.environment = variables
            $0.submission.inheritedEnvironment = variables
        }, within: 512 << 10).entry
        for list in [entry.submission.environment, entry.submission.inheritedEnvironment] {
            #expect(list.dropLast().reduce(0) { $0 + $1.utf8.count } <= JobListingEntry.environmentBytes)
            let kept = list.count - 1
            #expect(list.last == "AISCHED_LISTING_OMITTED=\(1_000 - kept) variables (\(variables[kept...].reduce(0) { $0 + $1.utf8.count }) bytes) not carried in listings")
        }
    }

    @Test(arguments: [
        // (what the job holds, the entry budget, the most the entry may take, whether only its identity is left)
        ("a 3.9 MB name", 512 << 10, 512 << 10, false),
        ("a 3.9 MB name", 1 << 10, 1 << 10, true),
        ("ten thousand arguments of 1 KB", 512 << 10, 512 << 10, false),
    ])
    func anEntryOverItsBudgetIsCutButStillListed(_ holds: String, budget: Int, most: Int, skeleton: Bool) {
        let job = Self.job(7) { info in
            if holds.hasSuffix("name") {
                info.name = String(repeating: "N", count: 3_900_000)
            } else {
                info.submission.argv = (0..<10_000).map { _ in String(repeating: "a", count: 1_024) }
            }
            info.history = [StateChangeInfo(atMs: 1, state: "PENDING", reason: "")]
        }
        let (entry, bytes) = JobListingEntry.fitted(job, within: budget)
        #expect(bytes == Self.size(entry) && bytes <= most)
        #expect(entry.id == 7 && entry.user == "ada" && entry.state == "PENDING")
        if skeleton {
            #expect(entry.notes == ["this job is too large to list in full; only its identity, state and times are shown"])
        } else {
            #expect(entry.notes.last == "this listing cut the job's long texts and lists (marked …) to fit a reply")
        }
        if holds.hasSuffix("name") { #expect(entry.name.hasSuffix(" bytes cut]")) }
    }

    @Test(arguments: [
        ("ééé", 3, "é…[4 bytes cut]"),
        ("abc", 3, "abc"),
        ("abcdef", 0, "…[6 bytes cut]"),
        ("a😀b", 4, "a…[5 bytes cut]"),
    ])
    func textsAreCutOnCharacterBoundaries(_ text: String, bytes: Int, expected: String) {
        #expect(JobListingEntry.cut(text, to: bytes) == expected)
    }

    @Test func aReplyTooLargeForAFrameBecomesAnErrorReply() throws {
        let budget = ReplyBudget(maximumPayloadBytes: 64 << 10)
        let request = Frame(kind: .listAccounts, requestID: 41, message: ListAccounts())
        let small = Frame(kind: .accountList, requestID: 41, message: JobList(jobs: [Self.job(1)]))
        #expect(budget.checked(small, answering: request) == small)
        let huge = Frame(kind: .accountList, requestID: 41,
                         message: JobList(jobs: [Self.job(1, name: String(repeating: "x", count: 70 << 10))]))
        let checked = budget.checked(huge, answering: request)
        #expect(checked.kind == .error && checked.requestID == 41)
        let reply = try checked.decode(ErrorReply.self)
        #expect(reply.code == .frameTooLarge)
        #expect(reply.message.hasPrefix("the answer to listAccounts would be "))
        #expect(reply.message.hasSuffix("bytes, over the 65536-byte frame limit"))
    }

    @Test func repliesNeverExceedWhatClientsAccept() {
        #expect(ReplyBudget(maximumPayloadBytes: 64 << 20).frameBytes == FrameDecoder.defaultMaximumPayloadBytes)
        #expect(ReplyBudget(maximumPayloadBytes: 1 << 20).pageBytes == 512 << 10)
    }
}
