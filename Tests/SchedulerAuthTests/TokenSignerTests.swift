import Testing
@testable import SchedulerAuth

@Suite struct TokenSignerTests {
    let signer = try! TokenSigner(secret: Array(repeating: 7, count: 32))
    let claims = TokenClaims(user: "alice", role: "user", issuedAt: 1_000, expiresAt: 2_000, tokenID: "abc")

    @Test func issuedTokenVerifiesToTheSameClaims() throws {
        let token = try signer.issue(claims)
        #expect(try signer.verify(token, now: 1_500) == claims)
    }

    @Test func expiredTokenIsRefused() throws {
        let token = try signer.issue(claims)
        #expect(throws: TokenError.expired(at: 2_000)) { try signer.verify(token, now: 2_000) }
    }

    @Test func revokedTokenIsRefused() throws {
        let token = try signer.issue(claims)
        #expect(throws: TokenError.revoked) { try signer.verify(token, now: 1_500, revoked: ["abc"]) }
    }

    @Test func tokenFromAnotherSecretIsRefused() throws {
        let other = try TokenSigner(secret: Array(repeating: 8, count: 32))
        let token = try other.issue(claims)
        #expect(throws: TokenError.badSignature) { try signer.verify(token, now: 1_500) }
    }

    @Test func alteredPayloadIsRefused() throws {
        let token = try signer.issue(claims)
        let forged = try signer.issue(TokenClaims(user: "mallory", role: "admin", issuedAt: 1_000, expiresAt: 2_000,
                                                  tokenID: "x"))
        let spliced = forged.split(separator: ".")[0] + "." + token.split(separator: ".")[1]
        #expect(throws: TokenError.badSignature) { try signer.verify(String(spliced), now: 1_500) }
    }

    @Test(arguments: ["", "garbage", "a.b.c", "!!!.???"])
    func garbageIsMalformedOrUnsigned(_ token: String) {
        #expect(throws: TokenError.self) { try signer.verify(token, now: 1_500) }
    }

    @Test(arguments: [("", "user"), ("a|b", "user"), ("bob", "root"), ("with space", "admin")])
    func badClaimsCannotBeIssued(_ user: String, _ role: String) {
        let bad = TokenClaims(user: user, role: role, issuedAt: 1, expiresAt: 2, tokenID: "t")
        #expect(throws: TokenError.self) { try signer.issue(bad) }
    }

    @Test func aViewerTokenCarriesItsSchemesAndOthersKeepTheFirstForm() throws {
        let viewer = TokenClaims(user: "itf-auditor", role: "viewer", issuedAt: 1_000, expiresAt: 2_000, tokenID: "v",
                                 schemes: ["innohk", "aisp", "aisp"])
        #expect(viewer.schemes == ["aisp", "innohk"])
        #expect(try signer.verify(try signer.issue(viewer), now: 1_500) == viewer)
        #expect(viewer.payload.hasPrefix("v2|"))
        // Tokens without schemes are written as before viewers, so a schedd of that release still reads them.
        #expect(claims.payload == "v1|alice|user|1000|2000|abc")
    }

    @Test(arguments: [("viewer", [String]()), ("user", ["aisp"]), ("admin", ["aisp"]), ("viewer", ["a,b"]),
                      ("viewer", ["with space"])])
    func schemesGoWithViewersOnly(_ role: String, _ schemes: [String]) {
        let bad = TokenClaims(user: "x", role: role, issuedAt: 1, expiresAt: 2, tokenID: "t", schemes: schemes)
        #expect(throws: TokenError.self) { try signer.issue(bad) }
    }

    @Test func everyProblemIsNamedAtOnce() {
        let bad = TokenClaims(user: "", role: "root", issuedAt: 2, expiresAt: 1, tokenID: "t", schemes: ["aisp"])
        #expect(bad.problems.count == 4, "\(bad.problems)")
    }

    @Test func shortSecretIsRefused() {
        #expect(throws: TokenError.self) { try TokenSigner(secret: [1, 2, 3]) }
    }
}
