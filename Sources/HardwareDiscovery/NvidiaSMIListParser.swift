import Foundation

/// Parses `nvidia-smi -L`:
///
///     GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-5135...)
///       MIG 1g.20gb     Device  0: (UUID: MIG-ce86...)
///
/// The cheapest inventory nvidia-smi offers (no bus id, no memory); kept for hosts where
/// `-q -x` is too slow or filtered.
public enum NvidiaSMIListParser {
    public static func parse(_ text: String) throws(DiscoveryError) -> [NvidiaGPURecord] {
        var records: [NvidiaGPURecord] = []
        for (offset, rawLine) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty { continue }
            if line.hasPrefix("GPU ") {
                records.append(try gpu(line, lineNumber: offset + 1))
            } else if line.hasPrefix("MIG ") {
                guard !records.isEmpty else {
                    throw DiscoveryError.invalidNvidiaList(line: offset + 1, reason: "MIG device listed before any GPU")
                }
                records[records.count - 1].migDevices.append(mig(line, position: records[records.count - 1].migDevices.count))
                records[records.count - 1].migEnabled = true
            }
        }
        return records
    }

    private static func gpu(_ line: String, lineNumber: Int) throws(DiscoveryError) -> NvidiaGPURecord {
        // "GPU 0: <name> (UUID: GPU-...)"; the name itself may contain parentheses.
        guard let colon = line.firstIndex(of: ":"), let index = Int(line[line.index(line.startIndex, offsetBy: 4)..<colon].trimmingWhitespace()) else {
            throw DiscoveryError.invalidNvidiaList(line: lineNumber, reason: "expected 'GPU <index>: <name> (UUID: ...)'")
        }
        var rest = line[line.index(after: colon)...].trimmingWhitespace()
        let uuid = extractUUID(&rest)
        return NvidiaGPURecord(index: index, name: rest.isEmpty ? nil : rest, uuid: uuid)
    }

    private static func mig(_ line: String, position: Int) -> NvidiaMIGDevice {
        var rest = line
        let uuid = extractUUID(&rest)
        let words = rest.split(whereSeparator: \.isWhitespace)
        let profile = words.count > 1 ? String(words[1]) : nil
        let index = words.firstIndex(of: "Device").flatMap { $0 + 1 < words.count ? Int(words[$0 + 1].filter(\.isNumber)) : nil }
        return NvidiaMIGDevice(index: index ?? position, profile: profile, uuid: uuid)
    }

    /// Removes a trailing `(UUID: ...)` from `text` and returns the UUID.
    private static func extractUUID(_ text: inout String) -> String? {
        guard let open = text.range(of: "(UUID:", options: .backwards),
              let close = text[open.upperBound...].firstIndex(of: ")") else { return nil }
        let uuid = text[open.upperBound..<close].trimmingWhitespace()
        text = text[..<open.lowerBound].trimmingWhitespace()
        return uuid.isEmpty ? nil : uuid
    }
}
