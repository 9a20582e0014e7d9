/// One gauge of /metrics as computed at scrape time: its name, what it means (the `# HELP` line) and its value per
/// label set. Every value a family can take is listed, zeros included, so an alert on "no idle GPUs" or "a node is
/// down" sees 0 rather than a missing series.
struct GaugeFamily: Sendable, Equatable {
    var name: String
    var help: String
    var samples: [GaugeSample]

    init(_ name: String, help: String, samples: [GaugeSample]) {
        self.name = name
        self.help = help
        self.samples = samples
    }

    /// A gauge with no labels.
    init(_ name: String, help: String, value: Double) {
        self.init(name, help: help, samples: [GaugeSample([:], value)])
    }
}

struct GaugeSample: Sendable, Equatable {
    var labels: [String: String]
    var value: Double

    init(_ labels: [String: String], _ value: Double) {
        self.labels = labels
        self.value = value
    }
}

extension [GaugeFamily] {
    /// The value of `name` with exactly `labels`, nil when there is none (for tests and checks).
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        first { $0.name == name }?.samples.first { $0.labels == labels }?.value
    }
}
