/// The answer of a placement attempt.
public enum PlacementOutcome: Sendable, Equatable {
    case placed(Allocation)
    /// It would fit on the centre's nodes, but not on what is free now.
    case busy
    /// It cannot run on any node that is up now, however long it waits.
    case never(PendingReason)
}

/// First-fit placement: nodes in name order, the lowest free CPU ids and GPU indices.
///
/// A multi-node request is a gang: either every node of it is found now, or nothing is allocated.
struct FirstFitPlacement {
    let settings: SchedulerSettings

    func place(_ request: ResourceRequest, on nodes: [String: Node]) -> PlacementOutcome {
        let ordered = nodes.keys.sorted().compactMap { nodes[$0] }
        let capable = ordered.filter { couldEverRun(request, on: $0) }
        if capable.count < request.nodes {
            return .never(.unsatisfiable)
        }
        let schedulable = capable.filter { $0.status == .up && $0.connected }
        if schedulable.count < request.nodes {
            return .never(.nodesDown)
        }
        var parts: [NodeAllocation] = []
        for node in schedulable {
            if let part = fit(request, on: node) {
                parts.append(part)
                if parts.count == request.nodes { return .placed(Allocation(nodes: parts)) }
            }
        }
        return .busy
    }

    /// Whether the node, completely empty, has what the request asks for.
    func couldEverRun(_ request: ResourceRequest, on node: Node) -> Bool {
        let inventory = node.inventory
        if let model = request.gpuModel, request.gpusPerNode > 0,
           inventory.gpuModel?.lowercased() != model.lowercased() {
            return false
        }
        return inventory.cpuIDs.count >= request.cpusPerNode
            && inventory.gpuIndices.count >= request.gpusPerNode
            && inventory.memoryMB >= memory(for: request, on: node)
    }

    /// The exact resources this node would give the request now, or nil if it cannot.
    func fit(_ request: ResourceRequest, on node: Node) -> NodeAllocation? {
        if request.exclusive {
            guard node.isIdle else { return nil }
            return NodeAllocation(node: node.name, cpus: node.inventory.cpuIDs, gpus: node.inventory.gpuIndices,
                                  memoryMB: node.inventory.memoryMB)
        }
        let memory = memory(for: request, on: node)
        let cpus = node.freeCPUs
        let gpus = node.freeGPUs
        guard cpus.count >= request.cpusPerNode, gpus.count >= request.gpusPerNode,
              node.freeMemoryMB >= memory else { return nil }
        return NodeAllocation(node: node.name, cpus: Array(cpus.prefix(request.cpusPerNode)),
                              gpus: Array(gpus.prefix(request.gpusPerNode)), memoryMB: memory)
    }

    /// Memory a request gets on a node: what it asked for, or the default per CPU, capped at the node's size.
    func memory(for request: ResourceRequest, on node: Node) -> Int64 {
        if request.memoryMBPerNode > 0 { return request.memoryMBPerNode }
        return min(Int64(request.cpusPerNode) * settings.defaultMemoryMBPerCPU, node.inventory.memoryMB)
    }
}
