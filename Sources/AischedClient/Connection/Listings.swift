import SchedulerProtocol

/// Listings whose replies come in pages (schedd fills each page up to a byte budget under the frame limit, then says
/// `more`): these follow the pages to the end, so callers get the whole listing however large it is.
extension RPCConnection {
    /// Every job `query` matches, in id order (`queryJobs`, paged by `afterJobID`).
    public func jobs(_ query: QueryJobs) async throws -> [JobInfo] {
        try await jobPages(.queryJobs, query, after: \.afterJobID)
    }

    /// Every job of the history `request` matches, in id order (`queryHistory`, paged by `afterJobID`).
    public func history(_ request: QueryHistory) async throws -> [JobInfo] {
        try await jobPages(.queryHistory, request, after: \.afterJobID)
    }

    /// Every node `request` names (all when it names none), by name (`listNodes`, paged by `afterName`).
    public func nodes(_ request: ListNodes) async throws -> [NodeInfo] {
        var request = request
        var nodes: [NodeInfo] = []
        while true {
            let page = try await self.request(.listNodes, request, as: NodeList.self)
            nodes += page.nodes
            guard page.more else { return nodes }
            guard let last = page.nodes.last?.name, last > request.afterName else {
                throw ClientError.malformedReply("nodeList says more nodes follow, but its page does not advance")
            }
            request.afterName = last
        }
    }

    /// Every audit entry `query` matches, oldest first (`listAudit`, paged by `afterSeq`).
    public func auditEntries(_ query: ListAudit) async throws -> [AuditEntryInfo] {
        var query = query
        var entries: [AuditEntryInfo] = []
        while true {
            let page = try await request(.listAudit, query, as: AuditList.self)
            entries += page.entries
            guard page.more else { return entries }
            query.afterSeq = try Self.next(after: query.afterSeq, page.entries.last?.seq, of: "auditList")
        }
    }

    /// Follows a job listing's pages (each a `JobList`) to the end, moving the request's cursor past each page.
    private func jobPages<Request: WireMessage>(_ kind: MessageKind, _ request: Request,
                                                after cursor: WritableKeyPath<Request, UInt64>) async throws -> [JobInfo] {
        var request = request
        var jobs: [JobInfo] = []
        while true {
            let page = try await self.request(kind, request, as: JobList.self)
            jobs += page.jobs
            guard page.more else { return jobs }
            // Named by the reply kind (jobList, historyList), as the other listings' messages are.
            let reply = RPC.reply(to: kind).map { "\($0)" } ?? "\(kind)"
            request[keyPath: cursor] = try Self.next(after: request[keyPath: cursor], page.jobs.last?.id, of: reply)
        }
    }

    /// The cursor for the next page: the page's last key, which must be past the previous cursor (a page that does not
    /// advance would be asked for again and again).
    private static func next(after cursor: UInt64, _ last: UInt64?, of kind: String) throws -> UInt64 {
        guard let last, last > cursor else {
            throw ClientError.malformedReply("\(kind) says more entries follow, but its page does not advance")
        }
        return last
    }
}
