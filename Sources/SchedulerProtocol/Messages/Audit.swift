extension ListAudit {
    public init(afterSeq: UInt64 = 0, limit: UInt32 = 0, subject: String = "") {
        self.init()
        self.afterSeq = afterSeq
        self.limit = limit
        self.subject = subject
    }
}

extension AuditList {
    public init(entries: [AuditEntryInfo], more: Bool = false) {
        self.init()
        self.entries = entries
        self.more = more
    }
}
