/// Slurm's Fair Tree (Cox and Morrison, BYU 2014; Slurm's priority/multifactor `fair_tree.c`), as a pure function
/// from shares and decayed usage to a fair-share factor per user leaf. docs/FAIRSHARE.md §2 has the worked example.
///
/// 1. At every level, for each node among its siblings:
///
///        S  = shares / Σ shares of the siblings            (its entitlement among them)
///        U  = usage  / usage of the parent                 (its actual part of their usage)
///        LF = S / U                                        (level fair-share)
///
///    The range of LF is [0, +∞]. LF > 1: the node is under-served relative to its siblings; LF < 1: over-served.
///    NOT A BUG: U can be 0 (nothing used yet, or the parent used nothing); LF is then +∞, a valid value that ranks
///    first. S is never 0 for a validated registry (zero shares are refused); if it were, LF would be 0.
/// 2. Siblings are sorted by LF, highest first, and visited in that order, depth first. Each user leaf met gets the
///    next rank, counting down from N (the number of user leaves in the whole tree), so the most under-served user
///    gets N and the most over-served 1. A user's factor is rank / N, in (0, 1].
/// 3. Tie rules (as in Slurm):
///    1. Sibling users with the same LF receive the same rank.
///    2. Sibling accounts with the same LF have their children merged into one list before sorting, so their users
///       compete directly (each child keeps the LF computed within its own parent).
///    3. A user with the same LF as a sibling account receives the same rank as the account's highest ranked user
///       (users sort before accounts at equal LF, and the account's first user inherits the tie).
///    Which ranks are skipped after a tie: as in Slurm, a tie consumes one rank per user, so after two users tied at
///    rank 5 the next gets 3 ("competition ranking").
/// 4. NOT A BUG: "the same LF" means equal after rounding LF to 32 significant bits (`tieKey`). Decayed usage is a
///    floating-point sum whose last bits depend on the order charges were added; exact equality would make ties,
///    and so priorities, depend on that order. Rounding keeps the comparison a strict weak order (transitive), which a
///    tolerance ("|a − b| < ε") would not.
///
/// Why Fair Tree (and not classic Slurm fair-share, 2^(−U/S)): it is strictly hierarchical, so a project that
/// over-uses can never outrank a sibling project that under-uses, whatever its users do; and a user's factor depends
/// only on their rank, so it does not collapse towards 0 for everyone in a busy centre (the classic formula's
/// "everyone is at 0.0001" problem). It is also what Slurm sites run by default since 19.05, so admins know it.
public struct FairShareTree: Hashable, Sendable {
    public var roots: [FairShareNode]

    public init(roots: [FairShareNode]) {
        self.roots = roots
    }

    public func compute() -> FairShareFactors {
        let rootUsage = roots.reduce(0) { $0 + $1.totalUsage }
        let scored = Self.score(roots, parentPath: [], parentUsage: rootUsage)
        var ranker = Ranker(userCount: roots.reduce(0) { $0 + $1.userCount })
        ranker.visit(scored, startsTied: false, depth: 0)
        return FairShareFactors(factors: ranker.factors, levels: ranker.levels)
    }

    /// LF rounded to 32 significant bits (rule 4): same-signed finite values that agree in their first 32 bits
    /// compare equal; 0 and ±∞ are kept as they are.
    static func tieKey(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let dropped: UInt64 = 20  // of the 52 fraction bits
        let half: UInt64 = 1 << (dropped - 1)
        // Adding half an ulp-of-the-kept-part and truncating rounds to nearest; a carry into the exponent is the
        // correct result (e.g. 1.99999… rounds to 2).
        return Double(bitPattern: (value.bitPattern &+ half) & ~((1 << dropped) - 1))
    }

    private static func score(_ nodes: [FairShareNode], parentPath: [String], parentUsage: Double) -> [ScoredNode] {
        let totalShares = nodes.reduce(0) { $0 + max($1.shares, 0) }
        return nodes.map { node in
            let usage = node.totalUsage
            let s = totalShares > 0 ? Double(max(node.shares, 0)) / Double(totalShares) : 0
            let u = parentUsage > 0 ? usage / parentUsage : 0
            let lf: Double = s == 0 ? 0 : (u == 0 ? .infinity : s / u)
            let path = parentPath + [node.name]
            return ScoredNode(path: path, user: node.user, sharesNorm: s, usageNorm: u, levelFairShare: lf,
                              tieKey: tieKey(lf), usage: usage,
                              children: score(node.children, parentPath: path, parentUsage: usage))
        }
    }
}

/// A node with its level numbers, before ranking.
private struct ScoredNode {
    var path: [String]
    var user: UsageKey?
    var sharesNorm: Double
    var usageNorm: Double
    var levelFairShare: Double
    var tieKey: Double
    var usage: Double
    var children: [ScoredNode]

    var isUser: Bool { user != nil }

    /// Visit order: higher LF first; at equal LF users before accounts (tie rule 3); then by path, so the order of
    /// input never matters.
    static func visitsBefore(_ a: ScoredNode, _ b: ScoredNode) -> Bool {
        if a.tieKey != b.tieKey { return a.tieKey > b.tieKey }
        if a.isUser != b.isUser { return a.isUser }
        return a.path.lexicographicallyPrecedes(b.path)
    }
}

/// Walks the scored tree in Fair Tree order handing out ranks (step 2 and the tie rules of `FairShareTree`).
private struct Ranker {
    let userCount: Int
    /// The rank the last user received.
    var rank: Int
    /// The rank the next user receives if it is not tied ("rank, no ties" in Slurm).
    var nextUntied: Int
    var factors: [UsageKey: Double] = [:]
    var levels: [FairShareLevel] = []

    init(userCount: Int) {
        self.userCount = userCount
        self.rank = userCount
        self.nextUntied = userCount
    }

    mutating func visit(_ siblings: [ScoredNode], startsTied: Bool, depth: Int) {
        let sorted = siblings.sorted(by: ScoredNode.visitsBefore)
        var index = 0
        var previousKey: Double?
        while index < sorted.count {
            let node = sorted[index]
            // The first node of a merged list continues the tie its account had with a preceding sibling user.
            let tied = (index == 0 && startsTied) || previousKey == node.tieKey
            if let key = node.user {
                if !tied { rank = nextUntied }
                let factor = Double(rank) / Double(userCount)
                factors[key] = factor
                levels.append(FairShareLevel(node, depth: depth, tied: tied, factor: factor))
                nextUntied -= 1
                index += 1
            } else {
                // Tie rule 2: following sibling accounts with the same LF are merged with this one.
                var last = index
                while last + 1 < sorted.count, !sorted[last + 1].isUser, sorted[last + 1].tieKey == node.tieKey {
                    last += 1
                }
                var merged: [ScoredNode] = []
                for i in index...last {
                    levels.append(FairShareLevel(sorted[i], depth: depth, tied: i > index || tied, factor: nil))
                    merged += sorted[i].children
                }
                visit(merged, startsTied: tied, depth: depth + 1)
                index = last + 1
            }
            previousKey = node.tieKey
        }
    }
}

private extension FairShareLevel {
    init(_ node: ScoredNode, depth: Int, tied: Bool, factor: Double?) {
        self.init(path: node.path, depth: depth, isUser: node.isUser, usage: node.usage, sharesNorm: node.sharesNorm,
                  usageNorm: node.usageNorm, levelFairShare: node.levelFairShare, tied: tied, factor: factor)
    }
}

/// A node of the tree Fair Tree ranks: an account with children, or a user leaf.
public struct FairShareNode: Hashable, Sendable {
    public var name: String
    public var shares: Int
    /// For a user: their decayed usage. For an account: usage charged to it directly rather than through a child
    /// (e.g. by users who have left a project), which counts for the account but for none of its children.
    public var ownUsage: Double
    public var children: [FairShareNode]
    /// Set on user leaves only: the key that receives the leaf's factor.
    public var user: UsageKey?

    public static func account(_ name: String, shares: Int, ownUsage: Double = 0,
                               children: [FairShareNode]) -> FairShareNode {
        FairShareNode(name: name, shares: shares, ownUsage: ownUsage, children: children, user: nil)
    }

    public static func user(_ key: UsageKey, shares: Int = 1, usage: Double) -> FairShareNode {
        FairShareNode(name: key.user, shares: shares, ownUsage: usage, children: [], user: key)
    }

    public var isUser: Bool { user != nil }

    /// Own usage plus all descendants'.
    public var totalUsage: Double { children.reduce(ownUsage) { $0 + $1.totalUsage } }

    var userCount: Int { isUser ? 1 : children.reduce(0) { $0 + $1.userCount } }
}

/// One node as Fair Tree saw it: the numbers behind a factor, for `aisubmit priority` and an `sshare`-like view.
public struct FairShareLevel: Hashable, Sendable, Codable {
    /// Names from the root, e.g. ["aisp", "cantonese-llm", "alice"].
    public var path: [String]
    /// 0 for the top level; merged accounts' children are one level below them.
    public var depth: Int
    public var isUser: Bool
    /// Decayed usage of the node (with its descendants), GPU-hour-equivalents.
    public var usage: Double
    /// S: shares / siblings' shares.
    public var sharesNorm: Double
    /// U: usage / parent's usage.
    public var usageNorm: Double
    /// LF = S / U.
    public var levelFairShare: Double
    /// It shared its LF with the node visited before it (tie rules).
    public var tied: Bool
    /// The fair-share factor, for users.
    public var factor: Double?
}

/// The result of Fair Tree: a factor per user leaf and the levels, in visit order.
public struct FairShareFactors: Hashable, Sendable {
    public var factors: [UsageKey: Double]
    public var levels: [FairShareLevel]

    public init(factors: [UsageKey: Double] = [:], levels: [FairShareLevel] = []) {
        self.factors = factors
        self.levels = levels
    }

    /// The factor of `key`, in (0, 1]; nil when the key is not a leaf of the tree (accounts not set up, or the user
    /// is no longer a member). The engine uses 1 then: without a tree there is nobody to be fair to.
    public func factor(for key: UsageKey) -> Double? { factors[key] }
}
