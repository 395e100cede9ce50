import Foundation
import PlannerCore
import Testing

@Suite struct PlanningTests {
    /// Offerings stored before `unavailable` and `minimumDays` existed still read, with neither.
    @Test func offeringsStoredBeforeUnavailableDaysStillDecode() throws {
        let offering = Offering(
            id: "O1", moduleID: "M1", audience: .entrepreneurs, cohorts: 2, participantsPerCohort: 12,
            sessionsPerCohort: 3, window: LocalDate(iso: "2027-03-01")!...LocalDate(iso: "2027-03-31")!,
            unavailable: [Unavailability(date: LocalDate(iso: "2027-03-02")!, slot: "evening")], minimumDays: 2)
        let encoded = try JSONEncoder().encode(offering)
        #expect(try JSONDecoder().decode(Offering.self, from: encoded) == offering)
        var old = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        old["unavailable"] = nil
        old["minimumDays"] = nil
        let decoded = try JSONDecoder().decode(Offering.self, from: try JSONSerialization.data(withJSONObject: old))
        var expected = offering
        expected.unavailable = []
        expected.minimumDays = 0
        #expect(decoded == expected)
        old["cohorts"] = nil
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Offering.self, from: try JSONSerialization.data(withJSONObject: old))
        }
    }
}
