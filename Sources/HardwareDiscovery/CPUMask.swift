extension CPUList {
    /// Parses a kernel hexadecimal CPU mask such as `0000,00000000,00ff00ff`.
    ///
    /// Older kernels (and several of the dumps we must read) only export masks
    /// (`nodeN/cpumap`, `local_cpus`, `thread_siblings`) and no `*_list` twin.
    /// Words are 32 bits each, most significant first; an optional `0x` per word is
    /// accepted because hwloc writes masks that way.
    public init(parsingMask text: String) throws(DiscoveryError) {
        let compact = text.filter { !$0.isWhitespace }
        guard !compact.isEmpty else {
            self = .empty
            return
        }
        var cpus: [Int] = []
        let words = compact.split(separator: ",", omittingEmptySubsequences: false)
        for (position, rawWord) in words.reversed().enumerated() {
            let word = rawWord.hasPrefix("0x") || rawWord.hasPrefix("0X") ? rawWord.dropFirst(2) : rawWord
            guard !word.isEmpty, word.count <= 8, let value = UInt32(word, radix: 16) else {
                throw DiscoveryError.invalidCPUList(text: text, reason: "'\(rawWord)' is not a 32-bit hexadecimal mask word")
            }
            for bit in 0..<32 where value & (UInt32(1) << UInt32(bit)) != 0 {
                cpus.append(position * 32 + bit)
            }
        }
        self.init(sortedUnique: cpus.sorted())
    }
}
