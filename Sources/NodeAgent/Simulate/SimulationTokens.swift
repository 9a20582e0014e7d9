import Foundation

/// The node tokens of the virtual nodes: `DIR/NAME.token` for each, as `nodeagent run --token-file` takes one per
/// node (schedd checks that a node registers under its token's name, so N nodes need N tokens).
enum SimulationTokens {
    static func load(directory: String, names: [String]) throws -> [String] {
        var tokens: [String] = []
        var missing: [String] = []
        for name in names {
            let path = directory + "/" + name + ".token"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                  case let token = text.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
                missing.append(name)
                continue
            }
            tokens.append(token)
        }
        guard missing.isEmpty else {
            let shown = missing.prefix(5).map { "\($0).token" }.joined(separator: ", ")
            let more = missing.count > 5 ? " and \(missing.count - 5) more" : ""
            throw SimulationError("""
                \(directory) has no readable token for \(missing.count) of the \(names.count) simulated nodes \
                (\(shown)\(more)). Issue one per node on the schedd host, e.g. for NAME: \
                `schedd token issue --state-dir DIR --user NAME --role node > \(directory)/NAME.token` \
                (docs/SIMULATION.md shows the loop)
                """)
        }
        return tokens
    }
}

/// A problem with `nodeagent simulate`'s inputs, saying what to do.
struct SimulationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
