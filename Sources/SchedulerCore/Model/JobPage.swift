/// One page of a job listing, in id order.
public struct JobPage: Sendable {
    public var jobs: [Job]
    /// Jobs past this page match too.
    public var more: Bool
}
