extension ListNodes {
    public init(names: [String] = []) {
        self.init()
        self.names = names
    }
}

extension NodeInfo {
    /// `memory_mb_total`, its Swift name from before the .proto (abbreviations in capitals).
    public var memoryMBTotal: UInt64 {
        get { memoryMbTotal }
        set { memoryMbTotal = newValue }
    }
    /// `memory_mb_free`, its Swift name from before the .proto (abbreviations in capitals).
    public var memoryMBFree: UInt64 {
        get { memoryMbFree }
        set { memoryMbFree = newValue }
    }
}

extension NodeList {
    public init(nodes: [NodeInfo] = []) {
        self.init()
        self.nodes = nodes
    }
}
