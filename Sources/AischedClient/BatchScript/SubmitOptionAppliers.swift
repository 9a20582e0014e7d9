/// How each option's value is checked and stored. `SubmitOptions.apply` has already enforced the arity,
/// so a `.required` option's value is never nil here.
extension SubmitOptionTable {
    static func text(_ keyPath: WritableKeyPath<SubmitOptions, String?> & Sendable, _ field: Field) -> Apply {
        { o, value, u throws(BatchScriptError) in
            // An empty name or path is always a mistake (often an unset shell variable upstream).
            guard let value, !value.isEmpty else { throw u.invalid("expected a non-empty value") }
            try o.record(keyPath, value, as: field, u)
        }
    }

    static func count(_ keyPath: WritableKeyPath<SubmitOptions, UInt32?> & Sendable, _ field: Field, _ noun: String) -> Apply {
        { o, value, u throws(BatchScriptError) in
            guard let n = OptionText.wholeNumber(Substring(value ?? "")), n >= 1 else {
                throw u.invalid("expected a whole number of \(noun), at least 1 (e.g. \(u.spelling) 4)")
            }
            try o.record(keyPath, n, as: field, u)
        }
    }

    static let applyNodes: Apply = { o, value, u throws(BatchScriptError) in
        let value = value ?? ""
        if let n = OptionText.wholeNumber(Substring(value)), n >= 1 {
            try o.record(\.nodes, n, as: .nodes, u)
            return
        }
        // Slurm's MIN-MAX form; accepted only when it pins a single count.
        let bounds = value.split(separator: "-", omittingEmptySubsequences: false)
        if bounds.count == 2, let low = OptionText.wholeNumber(bounds[0]), let high = OptionText.wholeNumber(bounds[1]), low >= 1, high >= low {
            guard low == high else {
                throw u.invalid("aisched allocates a fixed number of nodes, not a range; give one count, e.g. \(u.spelling) \(high)",
                                kind: .unsupported)
            }
            try o.record(\.nodes, low, as: .nodes, u)
            return
        }
        throw u.invalid("expected a whole number of nodes, at least 1 (e.g. \(u.spelling) 2)")
    }

    static let applyTime: Apply = { o, value, u throws(BatchScriptError) in
        let seconds: UInt64
        do throws(InvalidValue) {
            seconds = try SlurmTime.seconds(parsing: value ?? "")
        } catch {
            throw u.invalid(error.expected)
        }
        try o.record(\.timeLimitSeconds, seconds, as: .timeLimit, u)
    }

    static func memory(_ make: @escaping @Sendable (UInt64) -> MemoryRequest) -> Apply {
        { o, value, u throws(BatchScriptError) in
            let megabytes: UInt64
            do throws(InvalidValue) {
                megabytes = try MemorySize.megabytes(parsing: value ?? "")
            } catch {
                throw u.invalid(error.expected)
            }
            try o.record(\.memory, make(megabytes), as: .memory, u, exclusiveWithin: true)
        }
    }

    /// `--open-mode=append|truncate` (or `a`/`t`, as Slurm takes the first letter).
    static let applyOpenMode: Apply = { o, value, u throws(BatchScriptError) in
        switch (value ?? "").lowercased() {
        case "append", "a": try o.record(\.appendOutput, true, as: .appendOutput, u)
        case "truncate", "t": try o.record(\.appendOutput, false, as: .appendOutput, u)
        default: throw u.invalid("expected append or truncate")
        }
    }

    /// `--nice` lowers the priority by 100, `--nice=N` by N (Slurm's range, ±2147483645).
    static let applyNice: Apply = { o, value, u throws(BatchScriptError) in
        guard let value else { return try o.record(\.nice, 100, as: .nice, u) }
        guard let n = Int32(value), abs(Int64(n)) <= 2_147_483_645 else {
            throw u.invalid("expected a whole number between -2147483645 and 2147483645")
        }
        try o.record(\.nice, n, as: .nice, u)
    }

    static func gpus(_ scope: GPURequest.Scope) -> Apply {
        { o, value, u throws(BatchScriptError) in
            let request: GPURequest
            do throws(InvalidValue) {
                request = try GPURequest.parse(count: value ?? "", scope: scope)
            } catch {
                throw u.invalid(error.expected)
            }
            try o.record(\.gpus, request, as: .gpus, u, exclusiveWithin: true)
        }
    }

    /// `--gres` is a list of generic resources; only `gpu` is scheduled, others warn rather than fail so a
    /// script written for a cluster with e.g. local NVMe gres still runs.
    static let applyGres: Apply = { o, value, u throws(BatchScriptError) in
        let value = value ?? ""
        var request: GPURequest?
        for entry in value.split(separator: ",", omittingEmptySubsequences: false) {
            if entry.isEmpty { throw u.invalid("expected comma-separated entries such as gpu:8, with none empty") }
            if entry == "none" {
                request = GPURequest(count: 0, scope: .perNode)
                continue
            }
            let parsed: GPURequest?
            do throws(InvalidValue) {
                parsed = try GPURequest.parse(gresEntry: entry)
            } catch {
                throw u.invalid(error.expected)
            }
            guard let parsed else {
                throw u.invalid("\(entry): aisched schedules only GPUs as generic resources; remove it from \(u.spelling) "
                                + "(node-local disk is not scheduled: use the node's scratch directory)", kind: .unsupported)
            }
            if request != nil { throw u.invalid("expected a single gpu entry, e.g. gpu:a100:8") }
            request = parsed
        }
        if let request { try o.record(\.gpus, request, as: .gpus, u, exclusiveWithin: true) }
    }

    /// Slurm waits for every node to boot before the script starts (1) or not (0); aisched's nodes are up when they
    /// are allocated and a gang starts on all of them at once, so both values describe what happens.
    static let applyWaitAllNodes: Apply = { _, value, u throws(BatchScriptError) in
        guard value == "0" || value == "1" else { throw u.invalid("expected 0 or 1") }
    }

    /// `--hint=multithread` is how aisched places CPUs (hardware threads); the other hints ask for one thread per
    /// core or a spread over sockets, which placement does not do, so they are refused with the alternative.
    static let applyHint: Apply = { o, value, u throws(BatchScriptError) in
        switch value {
        case "multithread":
            try o.record(\.wholeCores, false, as: .wholeCores, u)
        case "nomultithread", "compute_bound":
            // Both bind one thread per core of whole cores (compute_bound also uses every core of a socket, which
            // aisched's NUMA placement does anyway).
            try o.record(\.wholeCores, true, as: .wholeCores, u)
        case "memory_bound":
            throw u.invalid("memory_bound spreads one core per socket, which aisched does not do; use nomultithread "
                            + "(whole cores, one thread each) or remove --hint", kind: .unsupported)
        default:
            throw u.invalid("expected multithread, nomultithread, compute_bound or memory_bound")
        }
    }

    static let applyExclusive: Apply = { o, value, u throws(BatchScriptError) in
        switch value {
        case nil:
            break
        case "user", "mcs", "topo":
            o.warn("\(u.spelling)=\(value ?? "") is treated as plain \(u.spelling): the job gets whole nodes", u)
        default:
            throw u.invalid("expected \(u.spelling) alone (or Slurm's \(u.spelling)=user, mcs or topo)")
        }
        try o.record(\.exclusive, true, as: .exclusive, u)
    }

    /// `--export=ALL,NAME=value,NAME`, as sbatch reads it: with ALL (Slurm's default) the submitter's whole
    /// environment goes with the job; with NONE, NIL or a list without ALL only the listed entries do. A bare NAME
    /// is looked up in the submitter's environment when the submission is built.
    static let applyExport: Apply = { o, value, u throws(BatchScriptError) in
        let expected = "expected ALL, NONE or comma-separated NAME=value / NAME entries, e.g. ALL,WANDB_MODE=offline"
        guard let entries = splitExportList(value ?? "") else { throw u.invalid(expected) }
        var exports: [String] = []
        for entry in entries where !["ALL", "NONE", "NIL"].contains(entry) {
            let name = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard isEnvironmentName(name) else { throw u.invalid(expected) }
            exports.append(entry)
        }
        try o.record(\.exports, exports, as: .exports, u)
        try o.record(\.exportAll, entries.contains("ALL"), as: .exportAll, u)
        try o.record(\.exportText, value ?? "", as: .exportText, u)
    }

    /// Splits on commas outside quotes and removes the quotes, so `FOO='a,b'` (Slurm's way to put a comma
    /// into a value) stays one entry. Returns nil for an unterminated quote or an empty entry.
    static func splitExportList(_ text: String) -> [String]? {
        var entries: [String] = []
        var current = ""
        var quote: Character?
        for char in text {
            if let open = quote {
                if char == open { quote = nil } else { current.append(char) }
            } else if char == "'" || char == "\"" {
                quote = char
            } else if char == "," {
                entries.append(current)
                current = ""
            } else {
                current.append(char)
            }
        }
        entries.append(current)
        if quote != nil || entries.contains(where: \.isEmpty) { return nil }
        return entries
    }

    static func isEnvironmentName(_ name: Substring) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
