import Foundation

/// What `nvidia-smi topo -m` (or `-mp`) says about GPUs.
public struct NvidiaTopology: Sendable, Equatable {
    /// GPU-to-GPU links; nil when the output has no GPU columns (`topo -mp`).
    public var gpuLinks: GPULinkMatrix?
    /// Per-GPU affinity columns, in row order.
    public var affinities: [GPUAffinity]
    /// NIC / HCA column names (`NIC0`, `mlx5_0`), in header order.
    public var nicNames: [String]
}

/// The "CPU Affinity", "NUMA Affinity" and "GPU NUMA ID" cells of one GPU row.
public struct GPUAffinity: Sendable, Equatable {
    public var gpuIndex: Int
    /// CPUs nvidia-smi recommends for the GPU, already intersected with the caller's
    /// allowed CPUs (so it can be a sparse list inside a container).
    public var cpus: CPUList?
    public var numaNode: Int?
    /// NUMA node of the GPU's own memory (coherent platforms), `N/A` elsewhere.
    public var gpuNUMANode: Int?
}

/// Parses the `nvidia-smi topo -m` matrix: tab- or space-separated, with or without NIC
/// columns, "GPU NUMA ID", legend, or complete rows (pasted partial outputs), and
/// tolerant of cells glued together by a lost tab (`NODENODE`, `NIC8NIC9`).
public enum NvidiaTopologyMatrixParser {
    public static func parse(_ text: String) throws(DiscoveryError) -> NvidiaTopology {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let headerIndex = lines.firstIndex(where: isHeader) else {
            throw DiscoveryError.invalidTopologyMatrix(line: 1, reason: "no header line with GPU columns or 'CPU Affinity'")
        }
        let header = headerColumns(lines[headerIndex])
        var rows: [Int: [GPULinkKind]] = [:]
        var affinities: [GPUAffinity] = []
        for (offset, line) in lines.enumerated().dropFirst(headerIndex + 1) {
            let tokens = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let name = tokens.first, name != "Legend:" else { break }
            guard let gpu = gpuNumber(name) else { continue }
            let (links, rest) = linkCells(Array(tokens.dropFirst()), limit: header.devices.count)
            rows[gpu] = links
            affinities.append(try affinity(gpu: gpu, values: rest, columns: header.affinityColumns, line: offset + 1))
        }
        let gpuColumns = header.devices.compactMap(gpuNumber)
        return NvidiaTopology(gpuLinks: gpuColumns.isEmpty ? nil : matrix(gpuColumns, header.devices, rows),
                              affinities: affinities,
                              nicNames: header.devices.filter { gpuNumber($0) == nil })
    }

    private static let affinityNames = ["CPU Affinity", "NUMA Affinity", "GPU NUMA ID"]

    /// The header names devices (`GPU0 GPU1 ...`) where rows start with a device then cells.
    private static func isHeader(_ line: String) -> Bool {
        let tokens = line.split(whereSeparator: \.isWhitespace).map(String.init)
        return line.contains("CPU Affinity")
            || (tokens.count > 1 && gpuNumber(tokens[0]) != nil && !splitDeviceNames(tokens[1]).isEmpty)
    }

    private static func headerColumns(_ line: String) -> (devices: [String], affinityColumns: [String]) {
        var text = line
        var affinityColumns: [(position: String.Index, name: String)] = []
        for name in affinityNames {
            if let range = text.range(of: name) {
                affinityColumns.append((range.lowerBound, name))
            }
        }
        affinityColumns.sort { $0.position < $1.position }
        if let first = affinityColumns.first { text = String(text[..<first.position]) }
        let devices = text.split(whereSeparator: \.isWhitespace).flatMap { splitDeviceNames(String($0)) }
        return (devices, affinityColumns.map(\.name))
    }

    /// `NIC8NIC9` -> [NIC8, NIC9]; `mlx5_10` stays whole. Empty when not device names.
    static func splitDeviceNames(_ token: String) -> [String] {
        var names: [String] = []
        var rest = Substring(token)
        while !rest.isEmpty {
            let letters = rest.prefix(while: \.isLetter)
            guard !letters.isEmpty else { return [] }
            var tail = rest.dropFirst(letters.count)
            var digits = tail.prefix(while: \.isNumber)
            if !digits.isEmpty, tail.dropFirst(digits.count).first == "_" {
                tail = tail.dropFirst(digits.count + 1)
                digits = tail.prefix(while: \.isNumber)
            }
            guard !digits.isEmpty else { return [] }
            tail = tail.dropFirst(digits.count)
            names.append(String(rest[..<tail.startIndex]))
            rest = tail
        }
        return names
    }

    static func gpuNumber(_ name: String) -> Int? {
        guard name.hasPrefix("GPU"), name.count > 3, name.dropFirst(3).allSatisfy(\.isNumber) else { return nil }
        return Int(name.dropFirst(3))
    }

    /// Leading link cells (glued cells split), up to `limit`; the rest are affinity values.
    private static func linkCells(_ tokens: [String], limit: Int) -> ([GPULinkKind], [String]) {
        var links: [GPULinkKind] = []
        var position = 0
        while position < tokens.count, links.count < limit, let cells = splitLinkCells(tokens[position]) {
            links.append(contentsOf: cells)
            position += 1
        }
        return (Array(links.prefix(limit)), Array(tokens[position...]))
    }

    private static let linkWords = ["NODE", "PIX", "PXB", "PHB", "SYS", "SOC", "X"]

    /// `NODEPXB` -> [NODE, PXB]; nil when the token is not made of link kinds.
    private static func splitLinkCells(_ token: String) -> [GPULinkKind]? {
        if let kind = GPULinkKind(cell: token) { return [kind] }
        var cells: [GPULinkKind] = []
        var rest = Substring(token)
        while !rest.isEmpty {
            if rest.hasPrefix("NV") {
                let digits = rest.dropFirst(2).prefix(while: \.isNumber)
                guard let count = Int(digits) else { return nil }
                cells.append(.nvlink(count))
                rest = rest.dropFirst(2 + digits.count)
            } else if let word = linkWords.first(where: { rest.hasPrefix($0) }), let kind = GPULinkKind(cell: word) {
                cells.append(kind)
                rest = rest.dropFirst(word.count)
            } else {
                return nil
            }
        }
        return cells.isEmpty ? nil : cells
    }

    private static func affinity(gpu: Int, values: [String], columns: [String], line: Int) throws(DiscoveryError) -> GPUAffinity {
        var result = GPUAffinity(gpuIndex: gpu)
        for (column, value) in zip(columns, values) where NvidiaValue.text(value) != nil {
            switch column {
            case "CPU Affinity":
                do { result.cpus = try CPUList(parsing: value) } catch {
                    throw DiscoveryError.invalidTopologyMatrix(line: line, reason: "CPU affinity of GPU\(gpu): \(error.description)")
                }
            case "NUMA Affinity":
                result.numaNode = Int(value)
            default:
                result.gpuNUMANode = Int(value)
            }
        }
        return result
    }

    /// Square matrix over GPU columns; a cell missing from a partial paste is taken from the
    /// symmetric cell, else `.unknown`.
    private static func matrix(_ gpus: [Int], _ devices: [String], _ rows: [Int: [GPULinkKind]]) -> GPULinkMatrix {
        func cell(_ row: Int, _ column: Int) -> GPULinkKind? {
            guard let links = rows[row], let position = devices.firstIndex(of: "GPU\(column)"),
                  position < links.count else { return nil }
            return links[position]
        }
        let links = gpus.map { row in
            gpus.map { column in row == column ? .selfLink : cell(row, column) ?? cell(column, row) ?? .unknown }
        }
        return GPULinkMatrix(gpuIndices: gpus, links: links)
    }
}

extension GPUAffinity {
    init(gpuIndex: Int) {
        self.init(gpuIndex: gpuIndex, cpus: nil, numaNode: nil, gpuNUMANode: nil)
    }
}
