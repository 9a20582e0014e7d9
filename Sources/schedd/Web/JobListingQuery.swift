import Hummingbird
import HummingbirdCore
import SchedulerProtocol

/// `GET /api/v1/jobs`'s query string as the RPC's `QueryJobs`: `state` and `user` (each may repeat), `all` (every
/// user's jobs, which an admin may ask), `finished` (also ended jobs), `after` and `limit` (paging). The router checks
/// the states and who may list whose jobs; this reads only the query string's syntax, reporting every bad
/// parameter at once.
struct JobListingQuery {
    let parameters: FlatDictionary<Substring, Substring>

    init(_ parameters: FlatDictionary<Substring, Substring>) {
        self.parameters = parameters
    }

    func query() -> Result<QueryJobs, WebError> {
        var query = QueryJobs()
        var problems: [String] = []
        query.states = parameters.getAll("state").map { $0.uppercased() }
        query.users = parameters.getAll("user").map { String($0) }
        query.summary = true
        if let all = flag("all", &problems) { query.allUsers = all }
        if let finished = flag("finished", &problems) { query.includeFinished = finished }
        if let after = parameters["after"] {
            if let id = UInt64(after) { query.afterJobID = id } else { problems.append("after=\(after) is not a job id") }
        }
        if let limit = parameters["limit"] {
            if let count = UInt32(limit), count > 0 { query.limit = count } else { problems.append("limit=\(limit) is not a positive number") }
        }
        guard problems.isEmpty else {
            return .failure(WebError(.badRequest, problems.joined(separator: "; "),
                                     hint: "all and finished take true or false; after a job id; limit a number of jobs"))
        }
        return .success(query)
    }

    private func flag(_ name: Substring, _ problems: inout [String]) -> Bool? {
        guard let value = parameters[name] else { return nil }
        switch value.lowercased() {
        case "true", "1", "yes", "": return true
        case "false", "0", "no": return false
        default:
            problems.append("\(name)=\(value) is not true or false")
            return nil
        }
    }
}
