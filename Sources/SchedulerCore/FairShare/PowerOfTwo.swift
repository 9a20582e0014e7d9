/// 2^x with nothing but + and ×, for usage decay (docs/FAIRSHARE.md §3).
///
/// Why not `exp2` from libm: the core imports only the standard library, and libm's last bit may differ between
/// platforms and releases. This function gives the same bits everywhere, so a replay of the usage ledger rebuilds
/// exactly the decayed usage the live daemon had, and so exactly the same priorities.
enum PowerOfTwo {
    /// ln 2, to the precision of a Double.
    static let ln2 = 0.693_147_180_559_945_3

    static func of(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x >= 1024 { return .infinity }
        if x < -1100 { return 0 }
        // 2^x = 2^whole × 2^fraction with fraction in [0, 1): the first factor is exact (an exponent), the second is
        // e^(fraction·ln 2) by its Taylor series. fraction·ln 2 < 0.7, so the 20th term is below 1e-20: far under
        // an ulp of the result (which lies in [1, 2)).
        let whole = x.rounded(.down)
        let y = (x - whole) * ln2
        var term = 1.0
        var sum = 1.0
        for k in 1...20 {
            term = term * y / Double(k)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(whole), significand: sum)
    }
}
