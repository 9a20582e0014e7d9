/// One GPU as the scheduler sees it: identity, size and where it sits.
public struct GPU: Codable, Sendable, Equatable {
    /// nvidia-smi / CUDA index (`CUDA_DEVICE_ORDER=PCI_BUS_ID` order when derived from sysfs).
    public var index: Int
    /// `GPU-xxxxxxxx-...` when known (nvidia-smi or the driver's `information` file).
    public var uuid: String?
    /// Product name, e.g. `NVIDIA H100 80GB HBM3`; `PCI 10de:2330` when only sysfs is available.
    public var model: String
    /// Framebuffer memory in MiB, when known.
    public var memoryMB: Int?
    /// Normalised PCI address, lower case with a 4-digit domain: `0000:17:00.0`;
    /// `unknown` only when an nvidia-smi record without a bus id could not be matched.
    public var pciBusID: String
    /// NUMA node the GPU is attached to; nil when firmware does not say and the local
    /// CPUs do not single out one node.
    public var numaNode: Int?
    /// CPUs local to the GPU's PCI root (`local_cpus`), empty when unknown.
    public var localCPUs: CPUList
    /// `/dev/nvidiaN` minor number, when known; not always equal to `index`.
    public var minorNumber: Int?
    /// NUMA node exposing this GPU's own memory to the CPUs (coherent NVLink-C2C / POWER9), if any.
    public var memoryNUMANode: Int?

    public init(index: Int, uuid: String? = nil, model: String, memoryMB: Int? = nil,
                pciBusID: String, numaNode: Int?, localCPUs: CPUList = .empty,
                minorNumber: Int? = nil, memoryNUMANode: Int? = nil) {
        self.index = index
        self.uuid = uuid
        self.model = model
        self.memoryMB = memoryMB
        self.pciBusID = pciBusID
        self.numaNode = numaNode
        self.localCPUs = localCPUs
        self.minorNumber = minorNumber
        self.memoryNUMANode = memoryNUMANode
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(index: try c.decode(Int.self, forKey: .index),
                  uuid: try c.decodeIfPresent(String.self, forKey: .uuid),
                  model: try c.decode(String.self, forKey: .model),
                  memoryMB: try c.decodeIfPresent(Int.self, forKey: .memoryMB),
                  pciBusID: try c.decode(String.self, forKey: .pciBusID),
                  numaNode: try c.decodeIfPresent(Int.self, forKey: .numaNode),
                  localCPUs: try c.decodeIfPresent(CPUList.self, forKey: .localCPUs) ?? .empty,
                  minorNumber: try c.decodeIfPresent(Int.self, forKey: .minorNumber),
                  memoryNUMANode: try c.decodeIfPresent(Int.self, forKey: .memoryNUMANode))
    }
}
