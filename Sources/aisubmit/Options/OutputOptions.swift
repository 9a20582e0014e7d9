import ArgumentParser

/// `--json`: machine-readable output with stable field names, for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON with stable field names instead of text.")
    var json = false
}
