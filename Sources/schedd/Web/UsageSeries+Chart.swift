import SchedulerProtocol

/// A usage series as the pages draw it: GPU-hours used so far at the end of each step that has begun, and where
/// each of those points lies in time (the step still running at its value so far).
extension UsageSeries {
    /// How many of the steps have begun by `now`.
    func steps(until now: Int64) -> Int {
        stepMs > 0 ? Int(max(0, (min(now, toMs) - fromMs + stepMs - 1) / stepMs)) : 0
    }

    /// Each project's GPU-hours used since `fromMs`, at the end of each step begun by `now`.
    func cumulative(until now: Int64) -> [String: [Double]] {
        let steps = steps(until: now)
        return Dictionary(uniqueKeysWithValues: lines.map { line in
            var sum = 0.0
            return (line.project, line.milliGpuHours.prefix(steps).map { milli -> Double in
                sum += Double(milli) / 1000
                return sum
            })
        })
    }

    /// `values` (one per step from the first) as chart points: each at its step's end, the running step at `now`.
    func timeline(_ values: [Double], until now: Int64) -> [(x: Int64, y: Double)] {
        values.enumerated().map { index, value in (min(fromMs + Int64(index + 1) * stepMs, now), value) }
    }
}
