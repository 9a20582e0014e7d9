import SchedulerProtocol

/// The queue over the last day on the centre page, from schedd's samples (one a minute): jobs waiting and running,
/// and how long the waiting ones had waited.
struct QueueChart {
    let samples: [QueueSampleInfo]
    let from: Int64
    let to: Int64

    var html: String {
        guard !samples.isEmpty else {
            return "<h2>Queue over the last day</h2><p>No samples yet: schedd takes one a minute.</p>"
        }
        func line(_ value: (QueueSampleInfo) -> Double) -> [(x: Int64, y: Double)] { samples.map { ($0.atMs, value($0)) } }
        // A schedd sampling for less than the day draws the time it has, not a sliver at the right edge.
        let from = max(self.from, samples[0].atMs)
        let jobs = LineChart(id: "queue-jobs", unit: "jobs", from: from, to: to, series: [
            .init(name: "waiting", colour: "#fb8c00", points: line { Double($0.pending) }),
            .init(name: "running", colour: "#1e88e5", points: line { Double($0.running) }),
            .init(name: "held", colour: "#8e24aa", dashed: true, points: line { Double($0.held) }),
        ], counts: true)
        // Minutes while waits are short, hours once someone has waited two hours.
        let hours = samples.contains { $0.maxWaitMs >= 7_200_000 }
        let scale = hours ? 3_600_000.0 : 60_000.0
        let waits = LineChart(id: "queue-wait", unit: hours ? "hours waited" : "minutes waited", from: from, to: to, series: [
            .init(name: "median wait", colour: "#43a047", points: line { Double($0.medianWaitMs) / scale }),
            .init(name: "longest wait", colour: "#e53935", dashed: true, points: line { Double($0.maxWaitMs) / scale }),
        ])
        let last = samples[samples.count - 1]
        return "<h2>Queue over the last day</h2><p id=\"queue-now\">Now: \(last.pending) waiting for \(last.gpusWanted) GPUs, "
            + "\(last.running) running on \(last.gpusInUse) GPUs.</p>" + jobs.svg + waits.svg
    }
}
