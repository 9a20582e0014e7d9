/// Parses `nvidia-smi --query-gpu=<fields> --format=csv[,noheader][,nounits]`.
///
/// Columns are matched by field name (the header, or `fields` for `noheader` output),
/// so any field order or subset works. Understood fields: `index`, `name`/`gpu_name`,
/// `uuid`/`gpu_uuid`, `pci.bus_id`/`gpu_bus_id`, `pci.bus`, `memory.total`; others are ignored.
public enum NvidiaSMICSVParser {
    public static func parse(_ text: String, fields: [String]? = nil) throws(DiscoveryError) -> [NvidiaGPURecord] {
        var lines = text.split(whereSeparator: \.isNewline).enumerated()
            .map { (number: $0.offset + 1, cells: cells(String($0.element))) }
            .filter { !($0.cells.count == 1 && $0.cells[0].isEmpty) }
        let columns: [String]
        if let fields {
            columns = fields.map(fieldName)
            if let first = lines.first, first.cells.map(fieldName) == columns { lines.removeFirst() }
        } else {
            guard let header = lines.first else { return [] }
            columns = header.cells.map(fieldName)
            guard columns.contains(where: { knownFields.contains($0) }) else {
                throw DiscoveryError.invalidNvidiaCSV(line: header.number, reason: "no header naming known fields (index, name, uuid, pci.bus_id, memory.total)")
            }
            lines.removeFirst()
        }
        return try lines.enumerated().map { (position, line) throws(DiscoveryError) in
            try record(line.cells, columns: columns, line: line.number, position: position)
        }
    }

    private static let knownFields: Set<String> = ["index", "name", "gpu_name", "uuid", "gpu_uuid", "pci.bus_id",
                                                   "gpu_bus_id", "pci.bus", "memory.total"]

    private static func record(_ cells: [String], columns: [String], line: Int, position: Int) throws(DiscoveryError) -> NvidiaGPURecord {
        guard cells.count == columns.count else {
            throw DiscoveryError.invalidNvidiaCSV(line: line, reason: "\(cells.count) values for \(columns.count) columns")
        }
        let row = Dictionary(zip(columns, cells), uniquingKeysWith: { first, _ in first })
        var index = position
        if let text = row["index"] {
            guard let value = Int(text) else {
                throw DiscoveryError.invalidNvidiaCSV(line: line, reason: "index \"\(text)\" is not a number")
            }
            index = value
        }
        let busID = (row["pci.bus_id"] ?? row["gpu_bus_id"]).flatMap(NvidiaValue.text)
        if let busID, PCIAddress(busID) == nil {
            throw DiscoveryError.invalidNvidiaCSV(line: line, reason: "\"\(busID)\" is not a PCI bus id")
        }
        return NvidiaGPURecord(index: index,
                               name: (row["name"] ?? row["gpu_name"]).flatMap(NvidiaValue.text),
                               uuid: (row["uuid"] ?? row["gpu_uuid"]).flatMap(NvidiaValue.text),
                               pciBusID: busID,
                               pciBus: row["pci.bus"].flatMap(NvidiaValue.text).flatMap(hexNumber),
                               memoryTotalMiB: row["memory.total"].flatMap(NvidiaValue.mebibytes))
    }

    /// nvidia-smi separates with `, ` and never quotes; GPU names contain no commas.
    private static func cells(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
    }

    /// `memory.total [MiB]` -> `memory.total`.
    private static func fieldName(_ header: String) -> String {
        let base = header.split(separator: "[").first.map(String.init) ?? header
        return base.trimmingWhitespace().lowercased()
    }

    private static func hexNumber(_ text: String) -> Int? {
        text.lowercased().hasPrefix("0x") ? Int(text.dropFirst(2), radix: 16) : Int(text, radix: 16)
    }
}
