/// What the NVIDIA kernel driver publishes per GPU under `proc/driver/nvidia/gpus/<bdf>/`,
/// available even where `nvidia-smi` is not installed (minimal containers, dumps).
public struct NvidiaDriverGPU: Sendable, Equatable {
    /// Normalised PCI address (the directory name).
    public var pciBusID: String
    /// `Model:` line of `information`.
    public var model: String?
    /// `GPU UUID:` line of `information`.
    public var uuid: String?
    /// `Device Minor:` line of `information`.
    public var minorNumber: Int?
    /// `Node:` of `numa_status`: the NUMA node holding this GPU's memory on coherent platforms.
    public var memoryNUMANode: Int?
}

struct NvidiaProcReader: Sendable {
    let fs: RootedFileSystem
    private let directory = "proc/driver/nvidia/gpus"

    func read() -> [NvidiaDriverGPU] {
        fs.list(directory).map { name in
            let fields = NvidiaProcReader.fields(fs.read("\(directory)/\(name)/information") ?? "")
            let numa = NvidiaProcReader.fields(fs.read("\(directory)/\(name)/numa_status") ?? "")
            let uuid = fields["GPU UUID"].flatMap { $0.hasPrefix("GPU-") && !$0.contains("?") ? $0 : nil }
            return NvidiaDriverGPU(pciBusID: PCIAddress.normalize(name), model: fields["Model"],
                                   uuid: uuid, minorNumber: fields["Device Minor"].flatMap { Int($0) },
                                   memoryNUMANode: numa["Node"].flatMap { Int($0) })
        }
    }

    /// `Key:   value` lines (tabs and spaces mixed); the first colon separates.
    static func fields(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingWhitespace()
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            if !key.isEmpty, !value.isEmpty, result[key] == nil { result[key] = value }
        }
        return result
    }
}
