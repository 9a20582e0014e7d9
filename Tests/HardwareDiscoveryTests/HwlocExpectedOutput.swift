import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HardwareDiscovery

/// What an hwloc expected output (`lstopo -v` console text or hwloc XML) says about the
/// things we compare: PUs, NUMA nodes (CPUs, memory) and GPU-like PCI devices' locality.
struct HwlocView: Sendable {
    struct Node: Sendable {
        var id: Int
        var cpus: CPUList
        /// nil when hwloc printed no size.
        var memoryBytes: Double?
        /// How far off our MiB figure may be given how hwloc rounded what it printed.
        var toleranceBytes: Double
    }

    struct Device: Sendable {
        var busID: String
        /// 16-bit PCI class (`0x0300`).
        var classID: UInt32
        /// NUMA nodes and CPUs of the object hwloc attached the device to.
        var nodes: CPUList
        var cpus: CPUList

        var isGPULike: Bool { classID >> 8 == 0x03 || classID == 0x0b40 || classID >> 8 == 0x12 }
    }

    var pus: CPUList
    var nodes: [Node]
    var devices: [Device]
    /// PCI bus id -> NUMA node holding that GPU's memory (`NUMANode(GPUMemory)`, console only).
    var gpuMemoryNodes: [String: Int] = [:]
}

/// Parses `lstopo --of console -v` text. The console does not print cpusets, so an
/// object's CPUs are the PUs below it; a NUMA node's CPUs are those of the object it is
/// attached to; an object's nodes are the NUMA nodes below it or attached to an ancestor,
/// except GPU memory nodes, which are the GPU's memory rather than its host node.
enum HwlocConsoleParser {
    private struct Object {
        var type: String
        var line: String
        var parent: Int?
        var children: [Int] = []
    }

    private static let memoryTypes: Set<String> = ["NUMANode", "MemCache"]
    private static let ioTypes: Set<String> = ["HostBridge", "PCIBridge", "PCI", "Bridge", "OSDev"]

    static func parse(_ text: String) throws -> HwlocView {
        let objects = tree(text)
        var pus = [CPUList](repeating: .empty, count: objects.count)
        var subtreeNodes = [CPUList](repeating: .empty, count: objects.count)
        for index in objects.indices.reversed() {
            if objects[index].type == "PU", let os = number(after: "P#", in: objects[index].line) { pus[index] = [os] }
            if objects[index].type == "NUMANode", !objects[index].line.hasPrefix("NUMANode(GPUMemory)"),
               let os = number(after: "P#", in: objects[index].line) { subtreeNodes[index] = [os] }
            for child in objects[index].children {
                pus[index] = pus[index].union(pus[child])
                subtreeNodes[index] = subtreeNodes[index].union(subtreeNodes[child])
            }
        }
        func anchor(_ index: Int, skipping: Set<String>) -> Int {
            var current = index
            while let parent = objects[current].parent, skipping.contains(objects[current].type) { current = parent }
            return current
        }
        func nodeset(_ index: Int) -> CPUList {
            var result = subtreeNodes[index]
            var current = objects[index].parent
            while let ancestor = current {
                for child in objects[ancestor].children where memoryTypes.contains(objects[child].type) {
                    result = result.union(subtreeNodes[child])
                }
                current = objects[ancestor].parent
            }
            return result
        }
        var nodes: [HwlocView.Node] = []
        var devices: [HwlocView.Device] = []
        var gpuMemoryNodes: [String: Int] = [:]
        for (index, object) in objects.enumerated() {
            if object.type == "NUMANode", let os = number(after: "P#", in: object.line) {
                if object.line.hasPrefix("NUMANode(GPUMemory)"), let bus = word(after: "PCIBusID=", in: object.line) {
                    gpuMemoryNodes[bus] = os
                }
                let host = anchor(index, skipping: memoryTypes)
                let (bytes, tolerance) = size(after: "local=", in: object.line)
                nodes.append(.init(id: os, cpus: pus[host], memoryBytes: bytes, toleranceBytes: tolerance))
            } else if object.type == "PCI", let bus = word(after: "busid=", in: object.line),
                      let classText = word(after: "class=", in: object.line), let classID = UInt32(classText.prefix(4), radix: 16) {
                let host = anchor(index, skipping: ioTypes)
                devices.append(.init(busID: bus, classID: classID, nodes: nodeset(host), cpus: pus[host]))
            }
        }
        guard let root = objects.indices.first else { throw FixtureError.expectedOutput("no objects in console output") }
        return HwlocView(pus: pus[root], nodes: nodes, devices: devices, gpuMemoryNodes: gpuMemoryNodes)
    }

    /// Objects in preorder with parents from indentation, up to the summary ("depth N:").
    private static func tree(_ text: String) -> [Object] {
        var objects: [Object] = []
        var stack: [(indent: Int, index: Int)] = []
        for line in text.split(separator: "\n").map(String.init) {
            let indent = line.prefix(while: { $0 == " " }).count
            let body = line.dropFirst(indent)
            if body.hasPrefix("depth ") || body.hasPrefix("Special depth") { break }
            let type = String(body.prefix(while: \.isLetter))
            guard !type.isEmpty else { continue }
            while let last = stack.last, last.indent >= indent { stack.removeLast() }
            objects.append(Object(type: type, line: String(body), parent: stack.last?.index))
            if let parent = stack.last?.index { objects[parent].children.append(objects.count - 1) }
            stack.append((indent, objects.count - 1))
        }
        return objects
    }

    private static func word(after marker: String, in line: String) -> String? {
        guard let range = line.range(of: marker) else { return nil }
        return String(line[range.upperBound...].prefix { !$0.isWhitespace && $0 != ")" && $0 != "(" })
    }

    private static func number(after marker: String, in line: String) -> Int? {
        word(after: marker, in: line).flatMap { Int($0) }
    }

    /// `46GiB` -> bytes, with half a printed unit of tolerance (hwloc rounds to nearest).
    private static func size(after marker: String, in line: String) -> (Double?, Double) {
        guard let text = word(after: marker, in: line) else { return (nil, 0) }
        let digits = text.prefix(while: \.isNumber)
        let units: [String: Double] = ["KiB": 1024, "MiB": 1024 * 1024, "GiB": 1024 * 1024 * 1024, "TiB": 1024 * 1024 * 1024 * 1024]
        guard let value = Double(digits), let unit = units[String(text.dropFirst(digits.count))] else { return (nil, 0) }
        return (value * unit, unit / 2)
    }
}

/// Parses hwloc XML (v2/v3 format) for the same facts.
enum HwlocXMLParser {
    static func parse(_ data: Data) throws -> HwlocView {
        let collector = HwlocXMLCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else {
            throw FixtureError.expectedOutput("hwloc XML: \(parser.parserError.map(String.init(describing:)) ?? "parse error")")
        }
        return HwlocView(pus: CPUList(collector.pus), nodes: collector.nodes, devices: collector.devices)
    }
}

private final class HwlocXMLCollector: NSObject, XMLParserDelegate {
    var pus: [Int] = []
    var nodes: [HwlocView.Node] = []
    var devices: [HwlocView.Device] = []
    private var stack: [[String: String]] = []
    private static let skipped: Set<String> = ["Bridge", "PCIDev", "OSDev", "Misc", "NUMANode", "MemCache"]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard name == "object" else { return }
        defer { stack.append(attributes) }
        let os = attributes["os_index"].flatMap { Int($0) }
        switch attributes["type"] {
        case "PU":
            if let os { pus.append(os) }
        case "NUMANode":
            guard let os else { return }
            let bytes = attributes["local_memory"].flatMap { Double($0) }
            nodes.append(.init(id: os, cpus: mask(attributes["cpuset"]), memoryBytes: bytes, toleranceBytes: 0))
        case "PCIDev":
            guard let bus = attributes["pci_busid"], let classText = attributes["pci_type"]?.prefix(4),
                  let classID = UInt32(classText, radix: 16),
                  let host = stack.last(where: { !HwlocXMLCollector.skipped.contains($0["type"] ?? "") }) else { return }
            devices.append(.init(busID: bus, classID: classID, nodes: mask(host["nodeset"]), cpus: mask(host["cpuset"])))
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "object" { stack.removeLast() }
    }

    private func mask(_ text: String?) -> CPUList {
        guard let text else { return .empty }
        return (try? CPUList(parsingMask: text)) ?? .empty
    }
}
