import Foundation
import Testing

/// schedd's JSON API and its login over real HTTP (docs/HTTP-API.md): the role rules are the RPC's (a user sees
/// their own jobs, an admin everyone's), the fields are `aisubmit --json`'s, tokens come only in a header or behind
/// the session cookie, and the login forms refuse other sites.
@Suite(.serialized) struct WebAPITests {
    static func centre() throws -> (TestCentre, WebClient) {
        let centre = try TestCentre()
        try centre.startSchedd(extra: ["--http-port", "0"])
        try centre.startAgent("dgx-01", topology: AccountingTests.topology)
        return (centre, try WebClient.address(stateDir: centre.stateDir))
    }

    static func submit(_ centre: TestCentre, _ token: String, _ args: [String]) throws -> Int {
        let result = try centre.aisubmit(["submit", "--json"] + args, token: token)
        guard result.status == 0, let id = try JSON.object(result.stdout)["id"] as? Int else {
            throw TestFailure("submit failed: \(result.stderr)")
        }
        return id
    }

    @Test func usersSeeTheirOwnJobsAdminsEveryonesWithTheFieldsOfJSONOutput() async throws {
        let (centre, web) = try Self.centre()
        defer { centre.shutdown() }
        let alice = try centre.token(centre.user)
        let bob = try centre.token("bob")
        let admin = try centre.token("ops", role: "admin")
        let mine = try Self.submit(centre, alice, ["--hold", "--", "true"])
        let bobs = try Self.submit(centre, bob, ["--hold", "--", "true"])

        let anonymous = try web.request("/api/v1/jobs")
        #expect(anonymous.status == 401)
        #expect(try (anonymous.json() as? [String: Any])?["hint"] as? String == "paste your aisched token at /login, or send it as Authorization: Bearer TOKEN")
        #expect(try web.request("/api/v1/jobs?token=\(alice)").status == 401, "a token in a URL is not a login")

        func ids(_ response: WebClient.Response) throws -> [Int] {
            try #require(try response.json() as? [String: Any])["jobs"].flatMap { $0 as? [[String: Any]] }?
                .compactMap { $0["id"] as? Int } ?? []
        }
        let asAlice = try web.request("/api/v1/jobs", headers: ["Authorization": "Bearer \(alice)"])
        #expect(asAlice.status == 200)
        #expect(asAlice.headers["content-type"] == "application/json; charset=utf-8")
        #expect(asAlice.headers["cache-control"] == "no-store")
        #expect(try ids(asAlice) == [mine])
        #expect(try web.request("/api/v1/jobs/\(bobs)", headers: ["Authorization": "Bearer \(alice)"]).status == 404,
                "alice may not read bob's job")
        let everyone = try web.request("/api/v1/jobs?all=true", headers: ["Authorization": "Bearer \(admin)"])
        #expect(try ids(everyone) == [mine, bobs])
        let asUser = try web.request("/api/v1/jobs?all=true", headers: ["Authorization": "Bearer \(alice)"])
        let usersAll = asUser.status == 403 ? [] : try ids(asUser)
        #expect(asUser.status == 403 || usersAll == [mine], "all=true gives a user no one else's jobs")

        // One job: the same object `aisubmit show --json` prints.
        let shown = try web.request("/api/v1/jobs/\(bobs)", headers: ["Authorization": "Bearer \(admin)"])
        #expect(shown.status == 200)
        let api = try #require(try shown.json() as? [String: Any])
        let cli = try JSON.object(try centre.aisubmit(["show", "--json", String(bobs)], token: admin).stdout)
        #expect(Set(api.keys) == Set(cli.keys))
        for key in ["id", "user", "state", "reason", "held", "qos", "submitTime"] {
            #expect("\(api[key] ?? "nil")" == "\(cli[key] ?? "nil")", "\(key)")
        }
        #expect((api["history"] as? [[String: Any]])?.first?["state"] as? String == "PENDING")

        // Bad parameters are all reported at once; nodes and usage answer.
        let bad = try web.request("/api/v1/jobs?after=x&limit=0", headers: ["Authorization": "Bearer \(alice)"])
        #expect(bad.status == 400)
        let message = try #require(try bad.json() as? [String: Any])["error"] as? String ?? ""
        #expect(message.contains("after=x") && message.contains("limit=0"), "\(message)")
        let badState = try web.request("/api/v1/jobs?state=SLEEPING", headers: ["Authorization": "Bearer \(alice)"])
        #expect(badState.status == 400, "\(badState.body)")
        let nodes = try web.request("/api/v1/nodes", headers: ["Authorization": "Bearer \(alice)"])
        #expect(try (nodes.json() as? [String: Any])?["nodes"].flatMap { $0 as? [[String: Any]] }?.first?["name"] as? String == "dgx-01")
        #expect(try web.request("/api/v1/usage", headers: ["Authorization": "Bearer \(alice)"]).status == 200)
        let me = try web.request("/api/v1/whoami", headers: ["Authorization": "Bearer \(admin)"])
        let who = try #require(try me.json() as? [String: Any])
        #expect(who["name"] as? String == "ops" && who["role"] as? String == "admin" && (who["schemes"] as? [String]) == [])
    }

    @Test func aBrowserLogsInWithAFormAndAnHttpOnlyStrictCookieAndOtherSitesAreRefused() async throws {
        let (centre, web) = try Self.centre()
        defer { centre.shutdown() }
        let alice = try centre.token(centre.user)
        let form = ["Content-Type": "application/x-www-form-urlencoded"]

        let start = try web.request("/")
        #expect(start.status == 303 && start.headers["location"] == "/login", "a page without a login goes to the form")
        let wrong = try web.request("/login", method: "POST", headers: form, body: "token=not-a-token")
        #expect(wrong.status == 401 && wrong.body.contains("That token was not accepted"))
        let forged = try web.request("/login", method: "POST", headers: form.merging(["Origin": "http://evil.example"]) { $1 },
                                     body: "token=\(alice)")
        #expect(forged.status == 403 && forged.headers["set-cookie"] == nil, "a login posted by another site")

        let login = try web.request("/login", method: "POST", headers: form.merging(["Origin": "http://\(web.host):\(web.port)"]) { $1 },
                                    body: "token=\(alice)")
        #expect(login.status == 303 && login.headers["location"] == "/")
        let setCookie = try #require(login.headers["set-cookie"])
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
        #expect(!setCookie.contains(alice), "the cookie holds a session id, not the token")
        let cookie = String(setCookie.prefix { $0 != ";" })

        let overview = try web.request("/", headers: ["Cookie": cookie])
        #expect(overview.status == 200 && overview.body.contains("GPUs in use") && overview.body.contains("dgx-01"))
        #expect(overview.headers["content-security-policy"]?.contains("default-src 'self'") == true)
        #expect(try web.request("/api/v1/whoami", headers: ["Cookie": cookie]).status == 200, "the API takes the session too")

        let logout = try web.request("/logout", method: "POST", headers: ["Cookie": cookie])
        #expect(logout.status == 303 && logout.headers["set-cookie"]?.contains("Max-Age=0") == true)
        #expect(try web.request("/", headers: ["Cookie": cookie]).status == 303, "the session ended with the logout")
    }
}
