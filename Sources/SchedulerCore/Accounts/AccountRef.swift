/// An account that has shares, budgets and limits: a funding scheme or a project. Users are not accounts here;
/// their usage is charged to the project they submitted to.
public enum AccountRef: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    case scheme(String)
    case project(String)

    public var name: String {
        switch self {
        case .scheme(let name), .project(let name): name
        }
    }

    public var description: String {
        switch self {
        case .scheme(let name): "scheme \(name)"
        case .project(let name): "project \(name)"
        }
    }
}
