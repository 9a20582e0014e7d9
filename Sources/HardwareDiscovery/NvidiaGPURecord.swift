/// One GPU as reported by an `nvidia-smi` output format (`-q -x`, `--query-gpu` CSV or `-L`).
///
/// Only what the scheduler needs; locality is not here because nvidia-smi's inventory
/// formats carry none: it is joined from sysfs on `pciBusID`.
public struct NvidiaGPURecord: Sendable, Equatable {
    /// nvidia-smi index (order of enumeration, PCI bus order by default).
    public var index: Int
    /// Product name.
    public var name: String?
    public var uuid: String?
    /// Normalised PCI address (`0000:1b:00.0`), when the output has a full bus id.
    public var pciBusID: String?
    /// PCI bus number alone (CSV `pci.bus`), when that is all the output has.
    public var pciBus: Int?
    /// Total framebuffer memory in MiB.
    public var memoryTotalMiB: Int?
    /// `/dev/nvidiaN` minor number.
    public var minorNumber: Int?
    /// nil when the output does not say or the GPU does not support MIG.
    public var migEnabled: Bool?
    public var migDevices: [NvidiaMIGDevice]

    public init(index: Int, name: String? = nil, uuid: String? = nil, pciBusID: String? = nil,
                pciBus: Int? = nil, memoryTotalMiB: Int? = nil, minorNumber: Int? = nil,
                migEnabled: Bool? = nil, migDevices: [NvidiaMIGDevice] = []) {
        self.index = index
        self.name = name
        self.uuid = uuid
        self.pciBusID = pciBusID.map(PCIAddress.normalize)
        self.pciBus = pciBus ?? pciBusID.flatMap(PCIAddress.init).map { Int($0.bus) }
        self.memoryTotalMiB = memoryTotalMiB
        self.minorNumber = minorNumber
        self.migEnabled = migEnabled
        self.migDevices = migDevices
    }
}

/// A MIG instance carved out of a GPU.
public struct NvidiaMIGDevice: Sendable, Equatable {
    public var index: Int
    /// Profile name such as `1g.20gb` (from `-L`).
    public var profile: String?
    public var uuid: String?
    public var memoryTotalMiB: Int?

    public init(index: Int, profile: String? = nil, uuid: String? = nil, memoryTotalMiB: Int? = nil) {
        self.index = index
        self.profile = profile
        self.uuid = uuid
        self.memoryTotalMiB = memoryTotalMiB
    }
}

enum NvidiaValue {
    /// nvidia-smi writes `N/A`, `[N/A]`, `[Not Supported]`, `Unknown Error` for absent values.
    static func text(_ raw: String) -> String? {
        let value = raw.trimmingWhitespace()
        if value.isEmpty || value.hasPrefix("[") || value == "N/A" || value.lowercased().contains("error") { return nil }
        return value
    }

    /// `81920 MiB` -> 81920.
    static func mebibytes(_ raw: String) -> Int? {
        guard let value = text(raw) else { return nil }
        return value.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
    }
}
