/// sacct's options that `aisubmit history` does not take, each with what to do instead: `sacct -l` fails saying
/// "--json gives every field", not with a bare "unknown option".
public enum SacctOptions {
    /// Option spellings (short and long) → what to use instead.
    static let unsupported: [(names: [String], instead: String)] = [
        (["-b", "--brief"], "the default table shows JobID, State and ExitCode; --format csv gives them to cut"),
        (["-l", "--long"], "--json gives every field of every job"),
        (["-p", "--parsable"], "use -P/--parsable2 (no trailing |) or --format csv"),
        (["-e", "--helpformat"], "the columns are fixed: " + HistoryTable.columns.joined(separator: ", ")
            + "; --json gives every field"),
        (["-D", "--duplicates"], "aisched keeps one record per job; `aisubmit show ID` lists its requeues"),
        (["-L", "--allclusters", "-M", "--clusters"], "aisched schedules one cluster; leave the option out"),
        (["-N", "--nodelist", "--name", "-r", "--partition", "-q", "--qos", "-i", "--nnodes", "-k", "--timelimit-min",
          "-K", "--timelimit-max", "-W", "--wckeys", "-g", "--gid", "--group", "-x", "--associations",
          "-f", "--file", "--federation", "--local", "--whole-hetjob"],
         "filter the --json output (for example with jq) or the --format csv rows"),
        (["-c", "--completion", "-T", "--truncate", "--units", "--delimiter", "--noconvert", "--array"],
         "not supported; --json gives times in ISO 8601 and every field as it is"),
    ]

    /// A problem for each unsupported sacct option among `arguments` (`--long`, `--name=x`, `-l`, `-lX`), empty when
    /// there is none. Stops at `--`.
    public static func problems(in arguments: [String]) -> [String] {
        var problems: [String] = []
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("-"), argument.count > 1 else { continue }
            var spellings: [String]
            if argument.hasPrefix("--") {
                spellings = [String(argument.prefix { $0 != "=" })]
            } else {
                // Only the first letter: the rest may be a value (`-Avision-lab`, `-Snow-2days`).
                spellings = ["-" + String(argument.dropFirst().prefix(1))]
            }
            if argument.hasPrefix("-o") || argument.hasPrefix("--format") {
                spellings = [] // -o/--format: its value decides (HistoryFormat)
            }
            for spelling in spellings {
                guard let entry = unsupported.first(where: { $0.names.contains(spelling) }) else { continue }
                problems.append("sacct's \(spelling) is not supported by aisched's history: \(entry.instead)")
                break
            }
        }
        return problems
    }
}

/// How `aisubmit history` prints: sacct's `-o/--format` takes a field list there; aisched's columns are fixed, so
/// the option chooses the output instead.
public enum HistoryFormat: String, Sendable, CaseIterable {
    case table, csv, json

    public static func parse(_ text: String) -> Result<HistoryFormat, SqueueOptionError> {
        if let format = HistoryFormat(rawValue: text.lowercased()) { return .success(format) }
        return .failure(SqueueOptionError([
            "--format \"\(text)\": aisched's history has fixed columns (\(HistoryTable.columns.joined(separator: ", "))); "
                + "give --format table, csv or json (--json gives every field)",
        ]))
    }
}
