extension NodeControlRequest {
    public init(names: [String] = [], action: String = "", reason: String = "") {
        self.init()
        self.names = names
        self.action = action
        self.reason = reason
    }
}

extension NodeControlReply {
    public init(nodes: [NodeInfo] = [], entries: [AuditEntryInfo] = []) {
        self.init()
        self.nodes = nodes
        self.entries = entries
    }
}
