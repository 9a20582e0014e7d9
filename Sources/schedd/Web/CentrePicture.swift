import SchedulerCore
import SchedulerProtocol

/// The centre at a glance, from the node listing: GPUs in use and idle by model, nodes by state, and every node as
/// a square coloured by its state (a rack-like grid; hover for its name and free GPUs).
struct CentrePicture {
    let nodes: [NodeInfo]

    /// The node's state (`NodeReport.State`) as the grid's colour class; a node that does not respond is shown down
    /// whatever its state.
    static func colour(of node: NodeInfo) -> String {
        if node.notResponding { return "down" }
        return NodeReport.State(rawValue: node.state)?.rawValue ?? "unknown"
    }

    /// The states a takes-work node can be in, for the GPU table.
    static let inService = Set([NodeReport.State.idle, .mixed, .allocated].map(\.rawValue))

    var html: String {
        cards + gpuTable + grid
    }

    private var cards: String {
        let gpus = nodes.reduce(0) { $0 + Int($1.gpusTotal) }
        let used = nodes.reduce(0) { $0 + Int($1.gpusTotal - $1.gpusFree) }
        var byState: [String: Int] = [:]
        for node in nodes { byState[Self.colour(of: node), default: 0] += 1 }
        let states = byState.keys.sorted().map { state -> String in "\(byState[state]!) \(HTML.escape(state))" }
            .joined(separator: ", ")
        return """
            <div class="cards">
            <div class="card">GPUs in use<b id="gpus-used">\(used)</b>of \(gpus)</div>
            <div class="card">Nodes<b id="nodes-total">\(nodes.count)</b>\(states)</div>
            </div>
            """
    }

    private var gpuTable: String {
        var models: [String: (used: Int, idle: Int, unavailable: Int)] = [:]
        for node in nodes where node.gpusTotal > 0 {
            let model = node.gpuModel.isEmpty ? "unknown model" : node.gpuModel
            let used = Int(node.gpusTotal - node.gpusFree)
            let takesWork = Self.inService.contains(node.state) && !node.notResponding
            models[model, default: (0, 0, 0)].used += used
            if takesWork { models[model]!.idle += Int(node.gpusFree) } else { models[model]!.unavailable += Int(node.gpusFree) }
        }
        let rows = models.keys.sorted().map { model -> [String] in
            let m = models[model]!
            return [HTML.escape(model), "<span class=\"num\">\(m.used)</span>", "<span class=\"num\">\(m.idle)</span>",
                    "<span class=\"num\">\(m.unavailable)</span>"]
        }
        return "<h2>GPUs by model</h2>" + HTML.table(["Model", "In use", "Idle", "Out of service"], rows, id: "gpus")
    }

    private var grid: String {
        let squares = nodes.map { node -> String in
            let title = "\(node.name): \(node.state)\(node.notResponding ? " (not responding)" : ""), "
                + "\(node.gpusFree)/\(node.gpusTotal) GPUs free"
            return "<div class=\"node \(Self.colour(of: node))\" title=\"\(HTML.escape(title))\"></div>"
        }.joined()
        let legend = NodeReport.State.allCases.map { state -> String in
            "<span><i class=\"\(state.rawValue)\"></i>\(state.rawValue)</span>"
        }.joined()
        return "<h2>Nodes</h2><div class=\"legend\">\(legend)</div><div class=\"grid\" id=\"node-grid\">\(squares)</div>"
    }
}
