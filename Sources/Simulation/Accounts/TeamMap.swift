import SchedulerCore

/// How a trace's tenant labels (teams, VCs, groups, users) become aisched projects (`schedd simulate --map FILE`,
/// JSON decoded by the shell):
///
///     { "scheme": "philly",
///       "unmapped": "own-project",
///       "schemes": { "philly": { "shares": 1 } },
///       "teams": { "6214e9": { "project": "vc-6214e9", "shares": 64, "maxGPUsInUse": 512, "gpuModel": "vc6214e9" } } }
///
/// Every field is optional. A label not listed gets a project of its own name under `scheme` with one share, or,
/// with `"unmapped": "drop"`, its jobs are left out of the replay. Several labels may map to one project (its
/// shares and limits are then the first listing's).
public struct TeamMap: Decodable, Hashable, Sendable {
    public struct Team: Decodable, Hashable, Sendable {
        public var project: String?
        public var scheme: String?
        public var shares: Int?
        public var maxGPUsInUse: Int?
        public var maxRunningJobs: Int?
        /// Every job of the label asks for this GPU model. With node groups whose model names the team (e.g.
        /// "P100 vc6214e9"), this confines a team to its own nodes, as the Helios simulator isolates Philly VCs.
        public var gpuModel: String?

        public init(project: String? = nil, scheme: String? = nil, shares: Int? = nil, maxGPUsInUse: Int? = nil,
                    maxRunningJobs: Int? = nil, gpuModel: String? = nil) {
            self.project = project
            self.scheme = scheme
            self.shares = shares
            self.maxGPUsInUse = maxGPUsInUse
            self.maxRunningJobs = maxRunningJobs
            self.gpuModel = gpuModel
        }
    }

    public struct Scheme: Decodable, Hashable, Sendable {
        public var shares: Int?
        public init(shares: Int? = nil) { self.shares = shares }
    }

    public enum Unmapped: String, Decodable, Hashable, Sendable {
        case ownProject = "own-project"
        case drop
    }

    public var scheme: String?
    public var unmapped: Unmapped?
    public var schemes: [String: Scheme]?
    public var teams: [String: Team]?

    public init(scheme: String? = nil, unmapped: Unmapped? = nil, schemes: [String: Scheme]? = nil,
                teams: [String: Team]? = nil) {
        self.scheme = scheme
        self.unmapped = unmapped
        self.schemes = schemes
        self.teams = teams
    }

    /// One project per label, one scheme, equal shares.
    public static let equalShares = TeamMap()

    var defaultScheme: String { scheme ?? "trace" }

    /// The listing for a label, nil when its jobs are dropped.
    func team(_ label: String) -> Team? {
        if let listed = teams?[label] { return listed }
        return unmapped == .drop ? nil : Team()
    }
}
