import SchedulerProtocol

/// A job as listings (`queryJobs`) carry it: everything clients show, without the bulk they never show.
///
/// - A batch script over `scriptBytes` is replaced by its first line (the interpreter) and a marker: no client
///   prints scripts, and a few multi-megabyte scripts made `queue --all-users` exceed the frame limit for good.
/// - Environment lists (`--export` variables, the submitter's inherited environment) beyond `environmentBytes` end
///   with a marker entry saying how many variables were left out.
/// - An entry still over `ReplyBudget.entryBytes` (a job submitted with a name of megabytes before names were
///   limited) has every text cut to `cutBytes` and every list to `cutCount` items, each cut marked; one still over
///   it is listed with its identity, state and times only. So every job can be listed, whatever it holds.
enum JobListingEntry {
    static let scriptBytes = 4 << 10
    static let environmentBytes = 16 << 10
    static let cutBytes = 1 << 10
    static let cutCount = 16

    /// A `jobList` page (`queryJobs`, `queryHistory`): the entries of `infos`, in order, while they fit the page's
    /// bytes; `more` when some did not fit, or when `moreBeyond` says further jobs match.
    static func page(_ infos: some Sequence<JobInfo>, count: Int, budget: ReplyBudget, moreBeyond: Bool) -> JobList {
        var page = ListingPage<JobInfo>(budget: budget.pageBytes)
        for info in infos {
            let fitted = fitted(info, within: budget.entryBytes)
            guard page.add(fitted.entry, bytes: fitted.bytes) else { break }
        }
        var list = JobList(jobs: page.entries)
        list.more = moreBeyond || page.entries.count < count
        return list
    }

    /// The entry for `info` and its encoded size (measured once here, for the page).
    static func fitted(_ info: JobInfo, within entryBytes: Int) -> (entry: JobInfo, bytes: Int) {
        var entry = info
        if entry.submission.script.utf8.count > scriptBytes {
            entry.submission.script = scriptStandIn(entry.submission.script)
        }
        entry.submission.environment = limited(entry.submission.environment)
        entry.submission.inheritedEnvironment = limited(entry.submission.inheritedEnvironment)
        let bytes = size(entry)
        guard bytes > entryBytes else { return (entry, bytes) }
        let cut = cutDown(entry)
        let cutBytes = size(cut)
        guard cutBytes > entryBytes else { return (cut, cutBytes) }
        let skeleton = skeleton(of: entry)
        return (skeleton, size(skeleton))
    }

    /// Every text cut to `cutBytes` and every list to `cutCount` items, each cut marked.
    private static func cutDown(_ entry: JobInfo) -> JobInfo {
        var cut = entry
        for field in texts { cut[keyPath: field] = Self.cut(cut[keyPath: field], to: cutBytes) }
        for field in lists { cut[keyPath: field] = Self.cut(cut[keyPath: field]) }
        if cut.history.count > cutCount {
            cut.history = Array(cut.history.suffix(cutCount))
        }
        cut.history = cut.history.map { StateChangeInfo(atMs: $0.atMs, state: $0.state, reason: Self.cut($0.reason, to: cutBytes)) }
        cut.notes.append("this listing cut the job's long texts and lists (marked …) to fit a reply")
        return cut
    }

    /// The first line of the script (its `#!`), then a marker with the full size.
    static func scriptStandIn(_ script: String) -> String {
        let firstLine = script.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return cut(firstLine, to: 256) + "\n# aisched: \(script.utf8.count)-byte batch script, not carried in listings\n"
    }

    /// Variables in order while they fit in `environmentBytes`, then one marker entry for the rest.
    static func limited(_ variables: [String]) -> [String] {
        var kept: [String] = []
        var bytes = 0
        for (index, variable) in variables.enumerated() {
            bytes += variable.utf8.count
            guard bytes <= environmentBytes else {
                let rest = variables[index...]
                kept.append("AISCHED_LISTING_OMITTED=\(rest.count) variables (\(rest.reduce(0) { $0 + $1.utf8.count }) bytes) not carried in listings")
                return kept
            }
            kept.append(variable)
        }
        return kept
    }

    /// `text` cut to at most `bytes` bytes of UTF-8 (on a character boundary) plus a marker saying how much went.
    static func cut(_ text: String, to bytes: Int) -> String {
        let total = text.utf8.count
        guard total > bytes else { return text }
        var kept = 0
        var end = text.startIndex
        for index in text.indices {
            let next = kept + text[index].utf8.count
            if next > bytes { break }
            kept = next
            end = text.index(after: index)
        }
        return String(text[..<end]) + "…[\(total - kept) bytes cut]"
    }

    private static func cut(_ list: [String]) -> [String] {
        var kept = list.prefix(cutCount).map { cut($0, to: cutBytes) }
        if list.count > cutCount { kept.append("…[\(list.count - cutCount) more cut]") }
        return kept
    }

    /// Identity, state and times: what `queue` shows, with the name cut short.
    private static func skeleton(of info: JobInfo) -> JobInfo {
        var entry = JobInfo()
        entry.id = info.id
        entry.name = cut(info.name, to: 256)
        entry.user = cut(info.user, to: 256)
        entry.project = cut(info.project, to: 256)
        entry.state = info.state
        entry.reason = cut(info.reason, to: 256)
        entry.submitTimeMs = info.submitTimeMs
        entry.startTimeMs = info.startTimeMs
        entry.endTimeMs = info.endTimeMs
        entry.exitCode = info.exitCode
        entry.hasExitCode = info.hasExitCode
        entry.signal = info.signal
        entry.held = info.held
        entry.arrayJobID = info.arrayJobID
        entry.arrayTaskID = info.arrayTaskID
        entry.completing = info.completing
        entry.submission.nodes = info.submission.nodes
        entry.notes = ["this job is too large to list in full; only its identity, state and times are shown"]
        return entry
    }

    private static func size(_ info: JobInfo) -> Int { info.wireBuffer().readableBytes }

    /// Every free text of a listing entry that a submitter (or a node) chose.
    private static let texts: [WritableKeyPath<JobInfo, String> & Sendable] = [
        \.name, \.user, \.project, \.reason, \.workdir, \.stdoutPath, \.stderrPath, \.dependency,
        \.submission.name, \.submission.project, \.submission.workdir, \.submission.script, \.submission.qos,
        \.submission.dependency, \.submission.array, \.submission.stdoutPath, \.submission.stderrPath,
        \.submission.gpuModel, \.submission.submitDirectory, \.submission.submitHost, \.submission.constraint,
        \.submission.comment, \.submission.openMode, \.submission.signal, \.submission.mailType, \.submission.mailUser,
    ]

    private static let lists: [WritableKeyPath<JobInfo, [String]> & Sendable] = [
        \.notes, \.reservedNodes, \.submission.argv, \.submission.environment, \.submission.inheritedEnvironment,
        \.submission.partitions,
    ]
}
