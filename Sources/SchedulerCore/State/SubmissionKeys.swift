/// The submission keys the core still honours: a user's key → the job its submit made (an array's first task).
///
/// A client that lost a submit's acknowledgement sends the same submission again with the same key; the core
/// answers with this job instead of making a second one. The key is kept in the job's spec, so it is committed with
/// the job and rebuilt from the jobs after a restart; it is forgotten `InputLimits.submissionKeyLifetime` after
/// the submit (a retry comes within seconds; the index must not grow with the centre's whole history).
public struct SubmissionKeys: Hashable, Sendable {
    struct Owner: Hashable, Sendable {
        var user: String
        var key: String
    }

    struct Entry: Hashable, Sendable {
        var job: JobID
        var at: Instant
    }

    private var entries: [Owner: Entry] = [:]
    /// Keys in submit order, so expiry drops from the front; `head` is the first one not yet dropped.
    private var order: [(owner: Owner, at: Instant)] = []
    private var head = 0

    /// A key a retired job was submitted with (read from the store after a restart: the job left the live state, but
    /// a retry within the key's lifetime must still get its id).
    public struct Made: Hashable, Sendable {
        public var user: String
        public var key: String
        /// The job it made (an array's first task).
        public var job: JobID
        public var at: Instant

        public init(user: String, key: String, job: JobID, at: Instant) {
            self.user = user
            self.key = key
            self.job = job
            self.at = at
        }
    }

    public init() {}

    /// The keys of `jobs` and of retired jobs (any order): an array's tasks share their key, which names the array's
    /// first task.
    init(jobs: some Sequence<Job>, retired: [Made] = []) {
        var first: [Owner: Entry] = [:]
        func note(_ owner: Owner, _ made: JobID, _ at: Instant) {
            if let known = first[owner], known.job <= made { return }
            first[owner] = Entry(job: made, at: at)
        }
        for job in jobs {
            guard let key = job.spec.submissionKey else { continue }
            note(Owner(user: job.spec.user, key: key), job.arrayJobID ?? job.id, job.submitTime)
        }
        for made in retired { note(Owner(user: made.user, key: made.key), made.job, made.at) }
        entries = first
        order = first.map { ($0.key, $0.value.at) }.sorted { ($0.at, $0.owner.key) < ($1.at, $1.owner.key) }
    }

    public var count: Int { entries.count }

    /// The job `user`'s submit with `key` made, if the core still remembers it.
    public func job(madeWith key: String, by user: String) -> JobID? {
        entries[Owner(user: user, key: key)]?.job
    }

    mutating func record(_ key: String, by user: String, job: JobID, at now: Instant) {
        let owner = Owner(user: user, key: key)
        entries[owner] = Entry(job: job, at: now)
        order.append((owner, now))
    }

    /// Forgets keys used before `cutoff`. Cheap when there is nothing to forget (one comparison).
    mutating func expire(before cutoff: Instant) {
        while head < order.count, order[head].at < cutoff {
            let (owner, at) = order[head]
            if entries[owner]?.at == at { entries[owner] = nil }
            head += 1
        }
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }

    public static func == (lhs: SubmissionKeys, rhs: SubmissionKeys) -> Bool { lhs.entries == rhs.entries }

    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }
}
