/// A trace or input file that cannot be replayed: printed as "Error: …" and exit code 1, without the usage text a
/// `ValidationError` would add (the options were fine, the file is not).
struct SimulationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
