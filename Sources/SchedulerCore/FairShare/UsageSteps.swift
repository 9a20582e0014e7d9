/// Budget-counted GPU-hours per project in consecutive steps of a window: the data of a burn-down chart.
public struct UsageSteps: Hashable, Sendable {
    public var from: Instant
    public var to: Instant
    public var step: Span
    /// Per project, one amount per step; the last step is cut at `to`.
    public var projects: [String: [Double]]

    /// The most steps one series may have: a year by day, or three weeks by hour, and a reply of bounded size.
    public static let maximumSteps = 1_000

    /// The steps of [from, to), or the problems with the window (all of them).
    public static func problems(from: Instant, to: Instant, step: Span) -> [String] {
        var problems: [String] = []
        if to <= from { problems.append("the series must end after it starts") }
        if step.milliseconds <= 0 { problems.append("the step must be positive") }
        if to > from, step.milliseconds > 0, (to - from).milliseconds / step.milliseconds >= Int64(maximumSteps) {
            problems.append("at most \(maximumSteps) steps: make the step longer or the window shorter")
        }
        return problems
    }

    /// Sums the budget-counted part of `charges` of `projects` into steps. A charge that spans steps is split by
    /// overlap, as budgets and funders' reports split it; charges outside the window and of other projects are
    /// left out, so any superset of the overlapping charges gives the same steps.
    public init(charges: [UsageCharge], projects: Set<String>, from: Instant, to: Instant, step: Span) {
        precondition(Self.problems(from: from, to: to, step: step).isEmpty, "validate with UsageSteps.problems")
        self.from = from
        self.to = to
        self.step = step
        let width = step.milliseconds
        let count = Int(((to - from).milliseconds + width - 1) / width)
        var sums = Dictionary(uniqueKeysWithValues: projects.map { ($0, [Double](repeating: 0, count: count)) })
        // In ledger order, charge by charge: float sums in a fixed order give the same last bits every time.
        for charge in charges where charge.countsAgainstBudget && sums[charge.project] != nil {
            let (start, end) = (max(charge.from, from), min(charge.to, to))
            let length = (charge.to - charge.from).milliseconds
            guard start < end, length > 0 else { continue }
            var index = Int((start - from).milliseconds / width)
            while index < count {
                let stepStart = from.milliseconds + Int64(index) * width
                let overlap = min(stepStart + width, end.milliseconds) - max(stepStart, start.milliseconds)
                guard overlap > 0 else { break }
                sums[charge.project]![index] += charge.gpuHours * Double(overlap) / Double(length)
                index += 1
            }
        }
        self.projects = sums
    }
}
