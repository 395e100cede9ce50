import Attendance
import Foundation
import PlannerCore
import Testing

/// Attendance reports on small hand-made data, each figure worked out by hand.
@Suite struct ReportsTests {
    static let cohort = Cohort(offeringID: "SEM1", number: 1)
    static let zone = TimeZoneID("Europe/Brussels")!
    static let days = [LocalDate(iso: "2027-03-02")!, LocalDate(iso: "2027-03-09")!, LocalDate(iso: "2027-03-16")!]

    /// Three sessions of 3 h 30 of SEM1#1 (co-financed 300 EUR by ESF); Ana (a woman, unemployed, 24 at the
    /// time) attends all, Ben (a man, employed, ISCED 6) the first only, Chloé (refused the special
    /// categories) is registered but never came, Dan waits for a seat.
    static func data(summed: Bool = false) -> AttendanceData {
        let sessions = days.enumerated().map { index, day in
            SessionFacts(
                key: SessionKey(cohort: cohort, index: index + 1), date: day, slot: "morning",
                start: zone.instant(on: day, at: TimeOfDay(hour: 9, minute: 0)!), minutes: 210, venueID: "HALL",
                trainerID: "T1")
        }
        func person(_ id: String, _ name: String, _ monitoring: MonitoringData, organisation: String)
            -> ParticipantRecord
        {
            ParticipantRecord(
                participant: Participant(
                    id: id, familyName: name, givenName: id, organisation: organisation,
                    organisationType: organisation == "Acme" ? .sme : .publicAdministration, audience: .administrators),
                email: nil, monitoring: monitoring)
        }
        let participants = [
            person(
                "ANA", "Alves", MonitoringData(gender: .woman, birthYear: 2003, employment: .unemployed),
                organisation: "City"),
            person(
                "BEN", "Bauer", MonitoringData(gender: .man, employment: .employed, iscedLevel: 6), organisation: "Acme"
            ),
            person("CHL", "Chevalier", MonitoringData(gender: .woman, disability: .refused), organisation: "city"),
            person("DAN", "Dupont", MonitoringData(gender: .man), organisation: "Region"),
        ]
        let registrations =
            ["ANA", "BEN", "CHL"].map { RegistrationFact(participantID: $0, cohort: cohort, status: .registered) }
            + [RegistrationFact(participantID: "DAN", cohort: cohort, status: .waiting)]
        let marks =
            (1...3).map {
                StoredMark(
                    participantID: "ANA", session: SessionKey(cohort: cohort, index: $0), status: "present",
                    minutes: 210)
            }
            + [
                StoredMark(
                    participantID: "BEN", session: SessionKey(cohort: cohort, index: 1), status: "late", minutes: 150),
                StoredMark(
                    participantID: "BEN", session: SessionKey(cohort: cohort, index: 2), status: "excused", minutes: 0),
                StoredMark(
                    participantID: "CHL", session: SessionKey(cohort: cohort, index: 1), status: "absent", minutes: 0),
            ]
        let aggregates = [
            MarkAggregate(participantID: "ANA", cohort: cohort, minutes: 630, sessions: [1, 2, 3]),
            MarkAggregate(participantID: "BEN", cohort: cohort, minutes: 150, sessions: [1]),
        ]
        return AttendanceData(
            sessions: sessions, participants: participants, registrations: registrations, marks: summed ? [] : marks,
            statuses: .standard,
            offerings: [
                Offering(
                    id: "SEM1", moduleID: "M1", audience: .administrators, cohorts: 1, participantsPerCohort: 12,
                    sessionsPerCohort: 3, window: days[0]...days[2])
            ],
            funding: [
                FundingAllocation(
                    cohort: cohort, funderID: "ESF", kind: .trainerFees,
                    amount: Money(minorUnits: 30_000, currency: .euro))
            ],
            funders: [
                Funder(
                    id: "ESF", name: "ESF+", budget: Money(minorUnits: 100_000, currency: .euro),
                    maxRateBasisPoints: 6_000, pays: [.trainerFees], isEUFunding: true)
            ],
            certified: [["ANA", "SEM1"]], aggregates: summed ? aggregates : nil)
    }

    @Test func hoursAttendedOverHoursPlannedPerParticipant() {
        let afterSecond = Self.zone.instant(on: Self.days[1], at: TimeOfDay(hour: 13, minute: 0)!)
        let rows = Self.data().participantAttendance(asOf: afterSecond)
        #expect(
            rows.map(\.participantID) == ["ANA", "BEN", "CHL"], "registered people only, by name; not the waiting list")
        let ben = rows[1]
        #expect(ben.minutesPlanned == 630 && ben.minutesAttended == 150, "late counts its minutes; excused counts none")
        #expect(ben.rateBasisPoints == 2_380, "150 ÷ 630 = 23.80 %")
        #expect(ben.sessionsHeld == 2 && ben.sessionsMissed == 1, "the third session has not been held yet")
        #expect(rows[2].sessionsMissed == 2)
    }

    @Test func theStoresSumsGiveTheSameReportAsTheMarks() {
        let now = Self.zone.instant(on: Self.days[2], at: TimeOfDay(hour: 23, minute: 0)!)
        #expect(
            Self.data().participantAttendance(asOf: now) == Self.data(summed: true).participantAttendance(asOf: now))
    }

    @Test func lowAttendanceAndTotalsByGender() {
        let data = Self.data()
        let rows = data.participantAttendance(asOf: .distantFuture)
        #expect(data.lowAttendance(rows, below: 8_000).map(\.participantID) == ["BEN", "CHL"])
        let totals = data.totals(rows) { [data.genders[$0.participantID]!.rawValue] }
        #expect(totals["woman"]?.participants == 2 && totals["woman"]?.completed == 1)
        #expect(totals["woman"]?.rateBasisPoints == 5_000, "630 of 1,260 minutes")
        #expect(totals["woman"]?.completionBasisPoints == 5_000)
        #expect(totals["man"]?.minutesAttended == 150)
        #expect(data.organisationsSupported() == [.publicAdministration: 1, .sme: 1], "'City' and 'city' are one")
    }

    @Test func esfIndicatorsCountPeopleWhoAttendedInThePeriodOnly() {
        let data = Self.data()
        let march = data.esfIndicators(from: Self.days[0], to: Self.days[2], funderID: "ESF")
        let line = { (name: String) in march.lines.first { $0.indicator == name }! }
        #expect(line("participants").women == 1 && line("participants").men == 1, "Chloé never attended")
        #expect(line("unemployed (incl. long-term)").women == 1)
        #expect(line("employed (incl. self-employed)").men == 1)
        #expect(line("18-29").women == 1, "Ana was 23 or 24 in March 2027")
        #expect(line("ISCED 5-8").men == 1)
        #expect(march.specialCategoriesRefused == 0, "Chloé is not a participant in the ESF+ sense")
        #expect(march.publicAdministrations == 1 && march.smes == 1)
        let later = data.esfIndicators(from: Self.days[1], to: Self.days[2], funderID: "ESF")
        #expect(later.lines[0].total == 1, "Ben attended only before the period")
        #expect(data.esfIndicators(from: Self.days[0], to: Self.days[2], funderID: "REGION").lines[0].total == 0)
    }
}
