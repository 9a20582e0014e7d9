import Foundation
@testable import schedd
import Testing

/// Browser sessions: unguessable ids, ended by their expiry (the token's when sooner) or a logout, and bounded in
/// number so that logins cannot grow schedd's memory without end.
@Suite struct WebSessionsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aSessionLastsUntilItsTokenExpiresOrTwelveHours() {
        let sessions = WebSessions()
        let short = sessions.open(token: "t1", tokenExpiry: now.addingTimeInterval(60), now: now)
        let long = sessions.open(token: "t2", tokenExpiry: now.addingTimeInterval(86_400 * 30), now: now)
        #expect(short.expiresAt == now.addingTimeInterval(60))
        #expect(long.expiresAt == now.addingTimeInterval(WebSessions.lifetime))
        #expect(sessions.token(of: short.id, now: now.addingTimeInterval(59)) == "t1")
        #expect(sessions.token(of: short.id, now: now.addingTimeInterval(61)) == nil)
        #expect(sessions.token(of: long.id, now: now.addingTimeInterval(3600)) == "t2")
        sessions.close(long.id)
        #expect(sessions.token(of: long.id, now: now) == nil)
        #expect(sessions.token(of: "not-a-session", now: now) == nil)
    }

    @Test func idsAre256RandomBitsInHexAndNeverRepeat() {
        let sessions = WebSessions()
        let ids = (0..<1_000).map { _ in sessions.open(token: "t", tokenExpiry: now.addingTimeInterval(60), now: now).id }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test func atCapacityTheSessionClosestToItsEndGoesAndExpiredOnesAreDropped() {
        let sessions = WebSessions(capacity: 3)
        let first = sessions.open(token: "a", tokenExpiry: now.addingTimeInterval(10), now: now)
        _ = sessions.open(token: "b", tokenExpiry: now.addingTimeInterval(20), now: now)
        _ = sessions.open(token: "c", tokenExpiry: now.addingTimeInterval(30), now: now)
        let fourth = sessions.open(token: "d", tokenExpiry: now.addingTimeInterval(40), now: now)
        #expect(sessions.count == 3)
        #expect(sessions.token(of: first.id, now: now) == nil)
        #expect(sessions.token(of: fourth.id, now: now) == "d")
        _ = sessions.open(token: "e", tokenExpiry: now.addingTimeInterval(100), now: now.addingTimeInterval(35))
        #expect(sessions.count == 2, "the two that expired by then were dropped")
    }
}
