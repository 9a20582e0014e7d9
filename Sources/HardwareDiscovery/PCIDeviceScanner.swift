/// A compute-capable PCI function (GPU, display controller or accelerator) and its locality.
public struct PCIDevice: Sendable, Equatable {
    /// Normalised address, e.g. `0000:17:00.0`.
    public var address: String
    public var vendorID: UInt16?
    public var deviceID: UInt16?
    /// 24-bit class code (`0x030200` = 3D controller); nil when sysfs has no `class` file.
    public var classCode: UInt32?
    /// The firmware's `numa_node`, nil when missing or -1.
    public var firmwareNUMANode: Int?
    /// Resolved NUMA node: `numa_node` when valid, else the single node holding `localCPUs`.
    public var numaNode: Int?
    /// Online CPUs local to the device's PCI root; empty when unknown.
    public var localCPUs: CPUList
    /// The NVIDIA driver lists the device under `proc/driver/nvidia/gpus` (sysfs may lack
    /// `vendor` on trimmed dumps or odd platforms).
    public var hasNVIDIADriverEntry: Bool

    public static let nvidiaVendorID: UInt16 = 0x10de

    /// Base class 0x03: VGA (0x0300), XGA, 3D controller (0x0302), other display.
    public var isDisplayController: Bool { classCode.map { $0 >> 16 == 0x03 } ?? false }

    /// Co-processors (0x0b40) and processing accelerators (0x12): Xeon Phi, VectorEngine, NPUs.
    public var isAccelerator: Bool {
        guard let classCode else { return false }
        return classCode >> 8 == 0x0b40 || classCode >> 16 == 0x12
    }

    /// An NVIDIA GPU: the driver knows it, or an NVIDIA display/3D controller.
    public var isNVIDIAGPU: Bool {
        hasNVIDIADriverEntry || (vendorID == PCIDevice.nvidiaVendorID && isDisplayController)
    }
}

/// Scans `sys/bus/pci/devices` for GPUs and accelerators and works out their NUMA locality.
public struct PCIDeviceScanner: Sendable {
    private let fs: RootedFileSystem

    public init(root: String) {
        fs = RootedFileSystem(root: root)
    }

    init(fs: RootedFileSystem) {
        self.fs = fs
    }

    /// Devices of interest with locality resolved against `numaNodes`, sorted by address.
    public func scan(numaNodes: [NUMANode], usableCPUs: CPUList) -> [PCIDevice] {
        scanUnresolved().map { resolve($0, numaNodes: numaNodes, usableCPUs: usableCPUs) }
    }

    /// Devices with raw sysfs locality (local CPUs not yet restricted, node not derived).
    func scanUnresolved() -> [PCIDevice] {
        let driverEntries = Set(fs.list("proc/driver/nvidia/gpus").map(PCIAddress.normalize))
        return fs.list("sys/bus/pci/devices").compactMap { name -> (PCIAddress, PCIDevice)? in
            guard let address = PCIAddress(name) else { return nil }
            let device = read(name, address: address, driverEntries: driverEntries)
            guard device.isDisplayController || device.isAccelerator || device.isNVIDIAGPU else { return nil }
            return (address, device)
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    private func read(_ name: String, address: PCIAddress, driverEntries: Set<String>) -> PCIDevice {
        let base = "sys/bus/pci/devices/\(name)"
        let numaNode = fs.readInt("\(base)/numa_node").flatMap { $0 >= 0 ? $0 : nil }
        return PCIDevice(address: address.description,
                         vendorID: hexValue("\(base)/vendor").flatMap { UInt16(exactly: $0) },
                         deviceID: hexValue("\(base)/device").flatMap { UInt16(exactly: $0) },
                         classCode: hexValue("\(base)/class").flatMap { UInt32(exactly: $0) },
                         firmwareNUMANode: numaNode, numaNode: numaNode,
                         localCPUs: localCPUs(base), hasNVIDIADriverEntry: driverEntries.contains(address.description))
    }

    /// `local_cpus` first, as hwloc does; `local_cpulist` when only that exists. A mask of
    /// all zeroes means the firmware does not know, which is the same as no file.
    private func localCPUs(_ base: String) -> CPUList {
        let mask = try? fs.readCPUMask("\(base)/local_cpus")
        if let mask, !mask.isEmpty { return mask }
        return ((try? fs.readCPUList("\(base)/local_cpulist")) ?? nil) ?? .empty
    }

    private func hexValue(_ path: String) -> UInt64? {
        guard let text = fs.read(path)?.trimmingWhitespace() else { return nil }
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
        return UInt64(digits, radix: 16)
    }

    /// Firmware `numa_node` wins when it names a known node; otherwise the device belongs
    /// to a node only if its local CPUs all fall in exactly one node (a socket-wide or
    /// machine-wide mask stays unknown rather than guessed).
    func resolve(_ device: PCIDevice, numaNodes: [NUMANode], usableCPUs: CPUList) -> PCIDevice {
        var resolved = device
        resolved.localCPUs = device.localCPUs.intersection(usableCPUs)
        if let node = device.firmwareNUMANode, numaNodes.contains(where: { $0.id == node }) {
            resolved.numaNode = node
        } else {
            let touched = numaNodes.filter { !$0.cpus.isEmpty && $0.cpus.intersects(resolved.localCPUs) }
            resolved.numaNode = touched.count == 1 ? touched[0].id : nil
        }
        if resolved.localCPUs.isEmpty, let node = numaNodes.first(where: { $0.id == resolved.numaNode }) {
            resolved.localCPUs = node.cpus
        }
        return resolved
    }
}
