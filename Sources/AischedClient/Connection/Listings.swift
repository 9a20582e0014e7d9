import SchedulerProtocol

/// Listings whose replies come in pages (schedd fills each page up to a byte budget under the frame limit, then says
/// `more`): these follow the pages to the end, so callers get the whole listing however large it is.
extension RPCConnection {
    /// Every job `query` matches, in id order (`queryJobs`, paged by `afterJobID`).
    public func jobs(_ query: QueryJobs) async throws -> [JobInfo] {
        var query = query
        var jobs: [JobInfo] = []
        while true {
            let page = try await request(.queryJobs, query, expecting: .jobList, as: JobList.self)
            jobs += page.jobs
            guard page.more else { return jobs }
            query.afterJobID = try Self.next(after: query.afterJobID, page.jobs.last?.id, of: "jobList")
        }
    }

    /// Every job of the history `request` matches, in id order (`queryHistory`, paged by `afterJobID`).
    public func history(_ request: QueryHistory) async throws -> [JobInfo] {
        var request = request
        var jobs: [JobInfo] = []
        while true {
            let page = try await self.request(.queryHistory, request, expecting: .historyList, as: HistoryList.self)
            jobs += page.jobs
            guard page.more else { return jobs }
            request.afterJobID = try Self.next(after: request.afterJobID, page.jobs.last?.id, of: "historyList")
        }
    }

    /// Every node `request` names (all when it names none), by name (`listNodes`, paged by `afterName`).
    public func nodes(_ request: ListNodes) async throws -> [NodeInfo] {
        var request = request
        var nodes: [NodeInfo] = []
        while true {
            let page = try await self.request(.listNodes, request, expecting: .nodeList, as: NodeList.self)
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
            let page = try await request(.listAudit, query, expecting: .auditList, as: AuditList.self)
            entries += page.entries
            guard page.more else { return entries }
            query.afterSeq = try Self.next(after: query.afterSeq, page.entries.last?.seq, of: "auditList")
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
