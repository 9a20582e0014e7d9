import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses `nvidia-smi -q -x` (DTD v8 to v13).
///
/// GPU index is the order of `<gpu>` elements, which is nvidia-smi's own index;
/// `<attached_gpus>` is ignored because filtered outputs list fewer GPUs than attached.
/// Values are taken by their path below `<gpu>` so that MIG instances' own
/// `<fb_memory_usage>` never overwrite the GPU's.
public enum NvidiaSMIXMLParser {
    public static func parse(_ text: String) throws(DiscoveryError) -> [NvidiaGPURecord] {
        try parse(Data(text.utf8))
    }

    public static func parse(_ data: Data) throws(DiscoveryError) -> [NvidiaGPURecord] {
        let collector = Collector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            let reason = parser.parserError.map { "\($0.localizedDescription) at line \(parser.lineNumber)" } ?? "unknown XML error"
            throw DiscoveryError.invalidNvidiaXML(reason: reason)
        }
        guard collector.sawRoot else {
            throw DiscoveryError.invalidNvidiaXML(reason: "no <nvidia_smi_log> root element")
        }
        // Some XMLParser builds accept a truncated document (nvidia-smi killed mid-output).
        if let open = collector.unclosedElement {
            throw DiscoveryError.invalidNvidiaXML(reason: "output ends inside <\(open)>")
        }
        return collector.records
    }
}

private final class Collector: NSObject, XMLParserDelegate {
    var records: [NvidiaGPURecord] = []
    var sawRoot = false
    private var path: [String] = []
    var unclosedElement: String? { path.last }
    private var text = ""
    private var gpuDepth: Int?
    private var mig: NvidiaMIGDevice?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if path.isEmpty && name == "nvidia_smi_log" { sawRoot = true }
        path.append(name)
        text = ""
        if name == "gpu" && gpuDepth == nil {
            gpuDepth = path.count
            records.append(NvidiaGPURecord(index: records.count, pciBusID: attributes["id"]))
        } else if relativePath == ["mig_devices", "mig_device"] {
            mig = NvidiaMIGDevice(index: records.last?.migDevices.count ?? 0)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if gpuDepth != nil && !records.isEmpty { store(relativePath, text) }
        if path.count == gpuDepth { gpuDepth = nil }
        path.removeLast()
        text = ""
    }

    /// Path below the current `<gpu>` element.
    private var relativePath: [String] {
        guard let gpuDepth, path.count >= gpuDepth else { return [] }
        return Array(path[gpuDepth...])
    }

    private func store(_ relative: [String], _ raw: String) {
        let last = records.count - 1
        switch relative {
        case ["product_name"]: records[last].name = NvidiaValue.text(raw)
        case ["uuid"]: records[last].uuid = NvidiaValue.text(raw)
        case ["minor_number"]: records[last].minorNumber = NvidiaValue.text(raw).flatMap { Int($0) }
        case ["pci", "pci_bus_id"]:
            if let value = NvidiaValue.text(raw) {
                records[last].pciBusID = PCIAddress.normalize(value)
                records[last].pciBus = PCIAddress(value).map { Int($0.bus) }
            }
        case ["fb_memory_usage", "total"]: records[last].memoryTotalMiB = NvidiaValue.mebibytes(raw)
        case ["mig_mode", "current_mig"]:
            records[last].migEnabled = NvidiaValue.text(raw).map { $0.lowercased() == "enabled" }
        case ["mig_devices", "mig_device", "index"]: mig?.index = Int(raw.trimmingWhitespace()) ?? mig?.index ?? 0
        case ["mig_devices", "mig_device", "fb_memory_usage", "total"]: mig?.memoryTotalMiB = NvidiaValue.mebibytes(raw)
        case ["mig_devices", "mig_device"]:
            if let mig { records[last].migDevices.append(mig) }
            mig = nil
        default: break
        }
    }
}
