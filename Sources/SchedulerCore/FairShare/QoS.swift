/// A job's quality of service, chosen at submit (`--qos`). The words are what researchers type and see.
public enum QoS: String, Hashable, Sendable, Codable, CaseIterable {
    /// The default: charged in full against the budget, ordered by multifactor priority.
    case normal
    /// For deadlines: a priority boost, charged at a premium, capped by its own usage limit.
    case high
    /// Runs only on idle capacity and may be preempted; charged at a discount or not at all, and never against the
    /// budget, so it is how a project keeps working once its budget is spent.
    case scavenger

    /// The QoS a submission names: "" means normal; case does not matter.
    public static func parse(_ text: String) -> Result<QoS, Rejection> {
        if text.isEmpty { return .success(.normal) }
        if let qos = QoS(rawValue: text.lowercased()) { return .success(qos) }
        return .failure(Rejection(.invalidRequest, "unknown QoS \"\(text)\"",
                                  hint: "use one of: \(allCases.map(\.rawValue).joined(separator: ", "))"))
    }

    /// The QoS of an accepted spec (submit stored the canonical name); normal for a name it could not have accepted.
    public static func canonical(_ text: String) -> QoS {
        QoS(rawValue: text) ?? (try? parse(text).get()) ?? .normal
    }
}
