/// A refused `aisubmit queue` command line (Slurm's squeue options): every problem at once, one per line, each
/// saying what to write instead.
public struct SqueueOptionError: Error, CustomStringConvertible, Sendable, Equatable {
    public var problems: [String]
    public init(_ problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "\n") }
}
