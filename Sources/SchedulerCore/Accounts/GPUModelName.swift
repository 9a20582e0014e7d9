/// How a configured GPU model name (in `AccountLimits.allowedGPUModels` or `BillingWeights.perGPUModel`) matches
/// the model a node reports or a job asks for.
///
/// Names are compared as lowercase words split at anything that is not a letter or digit, and a pattern matches when
/// its words appear as a contiguous run in the model's words. So "h100" matches "NVIDIA H100 80GB HBM3" (what
/// nvidia-smi reports) and "H100-SXM5-80GB", while "a10" does not match "A100": admins write the short name they
/// know, and a prefix of another model's name is never mistaken for it.
public enum GPUModelName {
    public static func matches(_ pattern: String, _ model: String) -> Bool {
        let want = words(pattern)
        let have = words(model)
        guard !want.isEmpty, want.count <= have.count else { return false }
        for offset in 0...(have.count - want.count) where Array(have[offset..<offset + want.count]) == want {
            return true
        }
        return false
    }

    /// How many words of `model` the pattern covers, or nil when it does not match: the most specific pattern wins
    /// when several match (e.g. "h100" and "h100 sxm5").
    public static func specificity(_ pattern: String, _ model: String) -> Int? {
        matches(pattern, model) ? words(pattern).count : nil
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
