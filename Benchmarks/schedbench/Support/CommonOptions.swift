import ArgumentParser

/// Options every benchmark takes.
struct CommonOptions: ParsableArguments {
    @Option(help: "How many times each measurement runs; the tables show the median, min and max.")
    var runs: Int = 5

    @Flag(help: "A fast smoke run: small sizes and 2 runs (figures are not meaningful).")
    var quick = false

    /// The number of runs after `--quick` is applied.
    var effectiveRuns: Int { quick ? min(runs, 2) : runs }

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }
}

/// Where schedd lives: next to this binary unless `--bin-dir` says otherwise.
struct BinaryOptions: ParsableArguments {
    @Option(help: "Directory holding the schedd binary (default: the directory of schedbench).")
    var binDir: String?
}
