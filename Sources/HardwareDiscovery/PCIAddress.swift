/// A PCI function address (`domain:bus:device.function`).
///
/// nvidia-smi prints `00000000:1B:00.0` (8-digit domain, upper case) on new drivers and
/// `0000:1B:00.0` on old ones, sysfs uses `0000:1b:00.0`; they are joined on this type.
public struct PCIAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var domain: UInt32
    public var bus: UInt8
    public var device: UInt8
    public var function: UInt8

    public init(domain: UInt32, bus: UInt8, device: UInt8, function: UInt8) {
        self.domain = domain
        self.bus = bus
        self.device = device
        self.function = function
    }

    /// Accepts `[domain:]bus:device.function` in any case and domain width.
    public init?(_ text: String) {
        let trimmed = text.trimmingWhitespace()
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let deviceFunction = parts[parts.count - 1].split(separator: ".", omittingEmptySubsequences: false)
        guard deviceFunction.count == 2,
              let domain = parts.count == 3 ? UInt32(parts[0], radix: 16) : 0,
              let bus = UInt8(parts[parts.count - 2], radix: 16),
              let device = UInt8(deviceFunction[0], radix: 16), device < 32,
              let function = UInt8(deviceFunction[1], radix: 16), function < 8 else { return nil }
        self.init(domain: domain, bus: bus, device: device, function: function)
    }

    /// Canonical sysfs spelling: `0000:17:00.0` (domains wider than 16 bits keep their digits).
    public var description: String {
        hex(domain, width: 4) + ":" + hex(bus, width: 2) + ":" + hex(device, width: 2) + "." + String(function, radix: 16)
    }

    /// The canonical spelling of any accepted bus id, or the trimmed, lower-cased input
    /// when it is not a PCI address (so callers never lose the value).
    public static func normalize(_ text: String) -> String {
        PCIAddress(text)?.description ?? text.trimmingWhitespace().lowercased()
    }

    public static func < (lhs: PCIAddress, rhs: PCIAddress) -> Bool {
        (lhs.domain, lhs.bus, lhs.device, lhs.function) < (rhs.domain, rhs.bus, rhs.device, rhs.function)
    }

    private func hex<T: BinaryInteger>(_ value: T, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
