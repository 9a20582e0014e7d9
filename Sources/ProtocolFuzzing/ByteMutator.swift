/// The edits a broken or hostile peer makes to valid bytes: bit flips, boundary values, insertions, deletions,
/// truncations, duplicated runs (repeated fields, nested lengths now wrong) and over-long varints. Seeded by the
/// caller's generator, so a failure's seed replays the exact input.
public enum ByteMutator {
    /// `input` with one to four random edits.
    public static func mutate(_ input: [UInt8], using rng: inout some RandomNumberGenerator) -> [UInt8] {
        var bytes = input
        let edits = Int.random(in: 1...4, using: &rng)
        for _ in 0..<edits {
            let index = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !bytes.isEmpty:  // flip one bit
                bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            case 1 where !bytes.isEmpty:  // replace a byte, favouring boundary values
                bytes[index] = [0x00, 0x7F, 0x80, 0xFF, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng)!
            case 2:  // insert random bytes
                bytes.insert(contentsOf: random(count: Int.random(in: 1...4, using: &rng), using: &rng), at: index)
            case 3 where !bytes.isEmpty:  // delete a run
                bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...8, using: &rng)))
            case 4:  // truncate
                bytes = Array(bytes.prefix(index))
            case 5 where !bytes.isEmpty:  // duplicate a run
                let end = min(bytes.count, index + Int.random(in: 1...16, using: &rng))
                bytes.insert(contentsOf: bytes[index..<end], at: end)
            default:  // a long varint of continuation bytes
                bytes.insert(contentsOf: Array(repeating: 0xFF, count: Int.random(in: 1...12, using: &rng)), at: index)
            }
        }
        return bytes
    }

    /// `count` random bytes.
    public static func random(count: Int, using rng: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
    }
}
