/// Joins the GPU sources on PCI bus id: nvidia-smi (identity, size), the driver's
/// `/proc` entries (identity without nvidia-smi) and PCI sysfs (locality).
struct GPUAssembler: Sendable {
    var pciDevices: [PCIDevice]
    var driverGPUs: [NvidiaDriverGPU]
    var numaNodes: [NUMANode]

    /// With nvidia-smi records they define the GPU list (and its indices); without, every
    /// NVIDIA PCI function or driver entry is a GPU, indexed in PCI bus order like nvidia-smi.
    func assemble(smi records: [NvidiaGPURecord]?, topology: NvidiaTopology?) -> [GPU] {
        let affinities = Dictionary((topology?.affinities ?? []).map { ($0.gpuIndex, $0) }, uniquingKeysWith: { first, _ in first })
        guard let records, !records.isEmpty else { return fromSysfs(affinities) }
        return records.sorted { $0.index < $1.index }.map { fromRecord($0, affinity: affinities[$0.index]) }
    }

    private func fromSysfs(_ affinities: [Int: GPUAffinity]) -> [GPU] {
        var addresses = Set(pciDevices.filter(\.isNVIDIAGPU).map(\.address))
        addresses.formUnion(driverGPUs.map(\.pciBusID))
        let unparsable = PCIAddress(domain: .max, bus: .max, device: 31, function: 7)
        let ordered = addresses.sorted { (PCIAddress($0) ?? unparsable) < (PCIAddress($1) ?? unparsable) }
        return ordered.enumerated().map { index, address in
            let pci = pciDevices.first { $0.address == address }
            let driver = driverGPUs.first { $0.pciBusID == address }
            let fallbackModel = pci.map { "PCI \(hex($0.vendorID)):\(hex($0.deviceID))" } ?? "NVIDIA GPU"
            return located(GPU(index: index, uuid: driver?.uuid, model: driver?.model ?? fallbackModel,
                               pciBusID: address, numaNode: nil, minorNumber: driver?.minorNumber,
                               memoryNUMANode: driver?.memoryNUMANode),
                           pci: pci, affinity: affinities[index])
        }
    }

    private func fromRecord(_ record: NvidiaGPURecord, affinity: GPUAffinity?) -> GPU {
        let address = record.pciBusID ?? busOnlyMatch(record.pciBus)
        let pci = address.flatMap { address in pciDevices.first { $0.address == address } }
        let driver = address.flatMap { address in driverGPUs.first { $0.pciBusID == address } }
        let gpu = GPU(index: record.index, uuid: record.uuid ?? driver?.uuid,
                      model: record.name ?? driver?.model ?? "NVIDIA GPU", memoryMB: record.memoryTotalMiB,
                      pciBusID: address ?? "unknown", numaNode: nil,
                      minorNumber: record.minorNumber ?? driver?.minorNumber, memoryNUMANode: driver?.memoryNUMANode)
        return located(gpu, pci: pci, affinity: affinity)
    }

    /// CSV `pci.bus` gives only a bus number; accept it when exactly one NVIDIA device matches.
    private func busOnlyMatch(_ bus: Int?) -> String? {
        guard let bus else { return nil }
        let matches = pciDevices.filter { $0.isNVIDIAGPU && PCIAddress($0.address).map { Int($0.bus) } == bus }
        return matches.count == 1 ? matches[0].address : nil
    }

    /// Sysfs locality first; nvidia-smi's affinity columns when sysfs does not know.
    private func located(_ gpu: GPU, pci: PCIDevice?, affinity: GPUAffinity?) -> GPU {
        var result = gpu
        result.numaNode = pci?.numaNode ?? affinity?.numaNode.flatMap { node in
            numaNodes.contains { $0.id == node } ? node : nil
        }
        result.localCPUs = pci?.localCPUs ?? .empty
        if result.localCPUs.isEmpty {
            result.localCPUs = affinity?.cpus ?? numaNodes.first { $0.id == result.numaNode }?.cpus ?? .empty
        }
        return result
    }

    private func hex(_ value: UInt16?) -> String {
        guard let value else { return "????" }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
