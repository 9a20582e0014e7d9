/// Who is told about which events of a job: Slurm's `--mail-type` and `--mail-user`.
public struct MailRequest: Hashable, Sendable, Codable {
    /// Sorted, without duplicates; empty: no mail (Slurm's default, and NONE).
    public var types: [MailType]
    /// `--mail-user`; nil: the submitting user (Slurm's default).
    public var user: String?

    public init(types: [MailType] = [], user: String? = nil) {
        self.types = types
        self.user = user
    }

    /// Whether any mail can ever be sent (ARRAY_TASKS alone changes how, not whether).
    public var sendsMail: Bool { types.contains { $0 != .arrayTasks } }

    public func wants(_ type: MailType) -> Bool { types.contains(type) }

    /// The address the notifier is given.
    public func recipient(submittedBy owner: String) -> String { user ?? owner }

    /// The longest address taken (Slurm's limit for mail_user).
    public static let longestUser = 1024

    /// Why `text` cannot be a `--mail-user`, or nil. It is handed to the site's mail command as an argument, so it
    /// must not look like an option of that command, nor hold spaces or control characters.
    public static func userProblem(_ text: String) -> ValueProblem? {
        var reasons: [String] = []
        if text.isEmpty { reasons.append("the address is empty") }
        if text.hasPrefix("-") { reasons.append("an address cannot start with -") }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            reasons.append("an address cannot hold spaces or control characters")
        }
        if text.utf8.count > longestUser { reasons.append("an address is at most \(longestUser) bytes") }
        guard !reasons.isEmpty else { return nil }
        return ValueProblem(reasons: reasons, hint: "give a mail address or a user name, e.g. ada@example.org")
    }
}
