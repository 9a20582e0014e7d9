import Testing
@testable import SchedulerCore

/// Fair Tree on trees small enough to rank by hand (the arithmetic is in each case's comment).
@Suite("Fair Tree: level fair-share, ranks, the three tie rules")
struct FairShareTreeTests {
    typealias Node = FairShareNode

    static func user(_ name: String, _ project: String, usage: Double, shares: Int = 1) -> Node {
        .user(FS.key(name, project), shares: shares, usage: usage)
    }

    struct TreeCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var roots: [FairShareNode]
        var factors: [UsageKey: Double]
    }

    @Test(arguments: [
        // p1 (2 shares): S = 2/3, U = 40/50 → LF 0.83; p2 (1 share): S = 1/3, U = 10/50 → LF 1.67: p2 first.
        // In p1: a S ½ U ¼ → 2; b S ½ U ¾ → 0.67. N = 3: c 3/3, a 2/3, b 1/3.
        TreeCase(testDescription: "a project that over-uses ranks below one that under-uses",
                 roots: [.account("s", shares: 1, children: [
                     .account("p1", shares: 2, children: [user("a", "p1", usage: 10), user("b", "p1", usage: 30)]),
                     .account("p2", shares: 1, children: [user("c", "p2", usage: 10)]),
                 ])],
                 factors: [FS.key("c", "p2"): 1, FS.key("a", "p1"): 2.0 / 3, FS.key("b", "p1"): 1.0 / 3]),
        // Tie rule 1: a and b both S ⅓ U ¼ → LF 1.33, same rank 3; c (S ⅓ U ½ → 0.67) gets rank 1 (competition).
        TreeCase(testDescription: "rule 1: sibling users with the same LF share a rank",
                 roots: [.account("p", shares: 1, children: [
                     user("a", "p", usage: 10), user("b", "p", usage: 10), user("c", "p", usage: 20),
                 ])],
                 factors: [FS.key("a", "p"): 1, FS.key("b", "p"): 1, FS.key("c", "p"): 1.0 / 3]),
        // Tie rule 2: p1 and p2 both S ½ U ½ → LF 1: merged. Children keep their own LF: a 2, c 1, d 1, b 0.67.
        // N = 4: a 4, c 3, d (tied) 3, b 1. Without merging p1's users would both rank above p2's.
        TreeCase(testDescription: "rule 2: sibling accounts with the same LF have their children merged",
                 roots: [.account("s", shares: 1, children: [
                     .account("p1", shares: 1, children: [user("a", "p1", usage: 10), user("b", "p1", usage: 30)]),
                     .account("p2", shares: 1, children: [user("c", "p2", usage: 20), user("d", "p2", usage: 20)]),
                 ])],
                 factors: [FS.key("a", "p1"): 1, FS.key("c", "p2"): 0.75, FS.key("d", "p2"): 0.75,
                           FS.key("b", "p1"): 0.25]),
        // Tie rule 3: user v (S ½ U ½ → 1) ties account X (S ½ U ½ → 1). v goes first with rank 3; X's best user
        // u1 (S ½ U ¼ → 2) inherits the tie: rank 3; u2 (0.67) gets rank 1.
        TreeCase(testDescription: "rule 3: a user tied with a sibling account shares the account's best rank",
                 roots: [
                     .account("X", shares: 1, children: [user("u1", "X", usage: 5), user("u2", "X", usage: 15)]),
                     user("v", "root", usage: 20),
                 ],
                 factors: [FS.key("v", "root"): 1, FS.key("u1", "X"): 1, FS.key("u2", "X"): 1.0 / 3]),
        // Nothing used anywhere: U = 0 everywhere, every LF is +∞, everyone ties at the top.
        TreeCase(testDescription: "no usage at all: everyone ranks first",
                 roots: [.account("s", shares: 3, children: [
                     .account("p1", shares: 1, children: [user("a", "p1", usage: 0), user("b", "p1", usage: 0)]),
                     .account("p2", shares: 5, children: [user("c", "p2", usage: 0)]),
                 ])],
                 factors: [FS.key("a", "p1"): 1, FS.key("b", "p1"): 1, FS.key("c", "p2"): 1]),
        // A user who used nothing (U = 0, LF +∞) outranks one who used a little.
        TreeCase(testDescription: "NOT A BUG: U = 0 gives LF = ∞, ranked first",
                 roots: [.account("p", shares: 1, children: [user("idle", "p", usage: 0), user("busy", "p", usage: 0.001)])],
                 factors: [FS.key("idle", "p"): 1, FS.key("busy", "p"): 0.5]),
        // Strictly hierarchical: scheme A over-uses (S ½ U 0.9), B under-uses (S ½ U 0.1). B's heavy user still
        // outranks A's idle user.
        TreeCase(testDescription: "a scheme's over-use ranks all its users below the other scheme's",
                 roots: [
                     .account("A", shares: 1, children: [.account("pa", shares: 1, children: [
                         user("heavy", "pa", usage: 90), user("idle", "pa", usage: 0)])]),
                     .account("B", shares: 1, children: [.account("pb", shares: 1, children: [
                         user("light", "pb", usage: 1), user("busy", "pb", usage: 9)])]),
                 ],
                 factors: [FS.key("light", "pb"): 1, FS.key("busy", "pb"): 0.75, FS.key("idle", "pa"): 0.5,
                           FS.key("heavy", "pa"): 0.25]),
        // Member shares: a has 3 shares, b 1. a used 30, b 10: S/U = (¾)/(¾) = (¼)/(¼) = 1: tied.
        TreeCase(testDescription: "member shares: usage in proportion to shares ties",
                 roots: [.account("p", shares: 1, children: [user("a", "p", usage: 30, shares: 3), user("b", "p", usage: 10)])],
                 factors: [FS.key("a", "p"): 1, FS.key("b", "p"): 1]),
    ])
    func ranksByLevelFairShare(_ c: TreeCase) {
        let result = FairShareTree(roots: c.roots).compute()
        #expect(result.factors.count == c.factors.count)
        for (key, want) in c.factors {
            #expect(result.factor(for: key).map { approximately($0, want) } == true, "\(key): \(String(describing: result.factor(for: key))), want \(want)")
        }
    }

    @Test func factorsAreInZeroToOne() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<50 {
            let roots: [Node] = (0..<rng.int(in: 1...3)).map { s in
                .account("s\(s)", shares: rng.int(in: 1...5), children: (0..<rng.int(in: 0...4)).map { p in
                    .account("p\(s).\(p)", shares: rng.int(in: 1...5), children: (0..<rng.int(in: 0...4)).map { u in
                        Self.user("u\(u)", "p\(s).\(p)", usage: Double(rng.int(in: 0...3)) * 10)
                    })
                })
            }
            let result = FairShareTree(roots: roots).compute()
            #expect(result.factors.values.allSatisfy { $0 > 0 && $0 <= 1 })
            #expect(result.factors.count == roots.reduce(0) { $0 + $1.userCount })
            // The order of siblings in the input never matters.
            let shuffled = roots.reversed().map { scheme in
                Node.account(scheme.name, shares: scheme.shares, children: scheme.children.reversed().map { project in
                    Node.account(project.name, shares: project.shares, children: project.children.reversed())
                })
            }
            #expect(FairShareTree(roots: shuffled).compute().factors == result.factors)
        }
    }

    @Test func levelFairSharesThatDifferInTheLastBitsTie() {
        // 0.1 + 0.2 is 0.30000000000000004; exact comparison would rank these two users apart.
        let roots: [Node] = [.account("p", shares: 1, children: [
            Self.user("a", "p", usage: 0.1 + 0.2), Self.user("b", "p", usage: 0.3), Self.user("c", "p", usage: 1),
        ])]
        let result = FairShareTree(roots: roots).compute()
        #expect(result.factor(for: FS.key("a", "p")) == 1)
        #expect(result.factor(for: FS.key("b", "p")) == 1)
        #expect(result.factor(for: FS.key("c", "p")) == 1.0 / 3)
        #expect(FairShareTree.tieKey(0.1 + 0.2) == FairShareTree.tieKey(0.3))
        #expect(FairShareTree.tieKey(1.0) != FairShareTree.tieKey(1.000_001))
        #expect(FairShareTree.tieKey(.infinity) == .infinity)
    }

    @Test func levelsExplainTheNumbers() throws {
        let roots: [Node] = [.account("s", shares: 1, children: [
            .account("p1", shares: 2, children: [Self.user("a", "p1", usage: 10), Self.user("b", "p1", usage: 30)]),
            .account("p2", shares: 1, children: [Self.user("c", "p2", usage: 10)]),
        ])]
        let levels = FairShareTree(roots: roots).compute().levels
        #expect(levels.map { $0.path.joined(separator: "/") } == ["s", "s/p2", "s/p2/c", "s/p1", "s/p1/a", "s/p1/b"])
        let p1 = try #require(levels.first { $0.path == ["s", "p1"] })
        #expect(approximately(p1.sharesNorm, 2.0 / 3) && approximately(p1.usageNorm, 0.8) && approximately(p1.levelFairShare, 2.0 / 3 / 0.8))
        #expect(p1.usage == 40 && p1.factor == nil && !p1.isUser)
        let a = try #require(levels.first { $0.path.last == "a" })
        #expect(a.isUser && a.depth == 2 && approximately(a.levelFairShare, 2) && a.factor.map { approximately($0, 2.0 / 3) } == true)
    }

    // MARK: - Built from the accounts

    @Test func aUserInTwoProjectsHasAFactorInEach() {
        // llm (2 shares) used 40 of 50: LF (⅔)/(0.8) = 0.83; vision (1 share) used 10: LF (⅓)/(0.2) = 1.67.
        // vision first: alice@vision (U 0 → ∞) 4/4, carol 3/4; then llm: bob (½ / ¼ = 2) 2/4, alice@llm (0.67) 1/4.
        let usage: [UsageKey: Double] = [FS.key("alice", "llm"): 30, FS.key("bob", "llm"): 10,
                                         FS.key("carol", "vision"): 10]
        let result = FairShareTree(accounts: FS.centre, usage: usage).compute()
        #expect(result.factors == [FS.key("alice", "vision"): 1, FS.key("carol", "vision"): 0.75,
                                   FS.key("bob", "llm"): 0.5, FS.key("alice", "llm"): 0.25])
    }

    @Test func usageOfFormerMembersStillCountsForTheirProject() {
        // llm: 10 by alice + 30 by dave (left) = 40; vision: 20. llm LF (⅔)/(⅔) = 1, vision (⅓)/(⅓) = 1: a tie,
        // merged: carol S ½ U 1 → 0.5; alice@llm S ½ U ¼ → 2; bob S ½ U 0 → ∞; alice@vision → ∞.
        // Ranks: alice@vision and bob tie at 4 (∞); alice@llm 2; carol 1.
        let usage: [UsageKey: Double] = [FS.key("alice", "llm"): 10, FS.key("dave", "llm"): 30,
                                         FS.key("carol", "vision"): 20]
        let result = FairShareTree(accounts: FS.centre, usage: usage).compute()
        #expect(result.factors == [FS.key("alice", "vision"): 1, FS.key("bob", "llm"): 1,
                                   FS.key("alice", "llm"): 0.5, FS.key("carol", "vision"): 0.25])
        #expect(result.factor(for: FS.key("dave", "llm")) == nil)
    }

    @Test func emptyAccountsGiveNoFactors() {
        #expect(FairShareTree(accounts: AccountRegistry(), usage: [FS.key("a", "default"): 5]).compute().factors.isEmpty)
    }
}
