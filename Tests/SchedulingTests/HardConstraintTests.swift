import PlannerCore
import Scheduling
import Testing

/// For each hard constraint: a case where breaking it is the only way to place everything.
@Suite struct HardConstraintTests {
    /// One day, one slot: only one session can exist at a time.
    let oneSlot = ProgrammeCalendar(
        period: date("2027-03-01")...date("2027-03-01"), timeZone: TimeZoneID("Europe/Brussels")!,
        slots: [slot("morning", "09:00", "12:30")])

    @Test func aTrainerIsNeverInTwoPlacesAtOnce() {
        let result = run(
            problem(
                calendar: oneSlot, venues: [venue("V1"), venue("V2")], trainers: [trainer("T1")],
                offerings: [offering("A", sessions: 1), offering("B", sessions: 1)]))
        #expect(result.sessions.count == 1)
        #expect(result.unscheduled.count == 1)
        #expect(result.unscheduled[0].reasons.joined().contains("T1 is fully booked"))
    }

    @Test func aVenueIsNeverUsedTwiceAtOnce() {
        let result = run(
            problem(
                calendar: oneSlot, venues: [venue("V1")], trainers: [trainer("T1"), trainer("T2")],
                offerings: [offering("A", sessions: 1), offering("B", sessions: 1)]))
        #expect(result.sessions.count == 1)
        #expect(result.unscheduled.first?.reasons.joined().contains("no suitable venue free") == true)
    }

    @Test func cohortsOfATrackNeverClash() {
        let track = Track(
            id: "ADMIN-2027", cohorts: [Cohort(offeringID: "A", number: 1), Cohort(offeringID: "B", number: 1)])
        let result = run(
            problem(
                calendar: oneSlot, venues: [venue("V1"), venue("V2")], trainers: [trainer("T1"), trainer("T2")],
                offerings: [offering("A", sessions: 1), offering("B", sessions: 1)], tracks: [track]))
        #expect(result.sessions.count == 1)
        #expect(
            result.unscheduled.first?.reasons.joined().contains("track ADMIN-2027") == true, "\(result.unscheduled)")
    }

    @Test func capacityMustHoldTheExpectedParticipants() {
        let result = run(problem(venues: [venue("V1", capacity: 12)], offerings: [offering("A", participants: 25)]))
        #expect(result.sessions.isEmpty)
        #expect(result.unscheduled.first?.reasons == ["no venue seats 25 participants (largest: V1, 12 seats)"])
    }

    @Test func requiredEquipmentMustBeThere() {
        let result = run(
            problem(
                venues: [venue("V1", equipment: ["projector"])], offerings: [offering("A", equipment: ["computers"])]))
        #expect(result.sessions.isEmpty)
        #expect(result.unscheduled.first?.reasons.joined().contains("V1 lacks computers") == true)
    }

    @Test func stepFreeAccessUnlessWaived() {
        let stairs = [venue("V1", stepFree: false)]
        let refused = run(problem(venues: stairs, offerings: [offering("A")]))
        #expect(refused.sessions.isEmpty)
        #expect(refused.unscheduled.first?.reasons.joined().contains("step-free") == true)
        let waived = run(problem(venues: stairs, offerings: [offering("A", stepFree: false)]))
        #expect(waived.sessions.count == 2)
    }

    @Test func theTrainerMustTeachTheModuleAndSpeakTheLanguage() {
        let wrongModule = run(problem(trainers: [trainer("T1", teaches: ["M2"])], offerings: [offering("A")]))
        #expect(wrongModule.unscheduled.first?.reasons == ["no trainer teaches M1"])
        let wrongLanguage = run(problem(trainers: [trainer("T1", languages: ["nl"])], offerings: [offering("A")]))
        #expect(wrongLanguage.unscheduled.first?.reasons == ["no trainer who teaches M1 speaks 'fr': T1 speaks nl"])
        let byCurriculum = run(problem(trainers: [trainer("T1", teaches: ["C-M1"])], offerings: [offering("A")]))
        #expect(byCurriculum.sessions.count == 2)
    }

    @Test func unavailableTrainersAndVenuesAreNotUsed() {
        let trainerAway = run(
            problem(
                calendar: oneSlot, trainers: [trainer("T1", unavailable: [Unavailability(date: date("2027-03-01"))])],
                offerings: [offering("A", sessions: 1)]))
        #expect(trainerAway.sessions.isEmpty)
        #expect(trainerAway.unscheduled.first?.reasons.joined().contains("T1 is fully booked or unavailable") == true)
        let venueClosed = run(
            problem(
                calendar: oneSlot,
                venues: [venue("V1", unavailable: [Unavailability(date: date("2027-03-01"), slot: "morning")])],
                offerings: [offering("A", sessions: 1)]))
        #expect(venueClosed.sessions.isEmpty)
    }

    @Test func onlyAllowedSlotsAreUsed() {
        let result = run(problem(offerings: [offering("A", sessions: 4, slots: ["evening"])]))
        #expect(result.sessions.count == 4)
        #expect(result.sessions.allSatisfy { $0.slot.name == "evening" })
        let none = run(
            problem(
                calendar: ProgrammeCalendar(
                    period: date("2027-03-01")...date("2027-03-31"), timeZone: TimeZoneID("Europe/Brussels")!,
                    slots: [slot("morning", "09:00", "12:30")]),
                offerings: [offering("A", slots: ["evening"])]))
        #expect(none.unscheduled.first?.reasons.joined().contains("has only 0 open evening slots") == true)
    }

    @Test func windowAndSpacingAreRespected() {
        let spaced = run(problem(offerings: [offering("A", sessions: 3, minDays: 7, maxDays: 10)]))
        #expect(spaced.sessions.count == 3)
        let dates = spaced.sessions.map(\.date).sorted()
        for (a, b) in zip(dates, dates.dropFirst()) {
            #expect((7...10).contains(a.days(to: b)))
        }
        let tooTight = run(
            problem(offerings: [offering("A", sessions: 3, from: "2027-03-01", to: "2027-03-10", minDays: 7)]))
        #expect(tooTight.sessions.isEmpty)
        #expect(tooTight.unscheduled.first?.reasons.joined().contains("7 day(s) apart") == true)
        #expect(spaced.sessions.allSatisfy { (date("2027-03-01")...date("2027-03-31")).contains($0.date) })
    }

    @Test func closedDatesAndWeekendsAreNeverUsed() {
        let result = run(
            problem(
                calendar: calendar(from: "2027-03-01", to: "2027-03-07", closed: ["2027-03-02", "2027-03-03"]),
                offerings: [offering("A", sessions: 3)]))
        #expect(Set(result.sessions.map(\.date)) == [date("2027-03-01"), date("2027-03-04"), date("2027-03-05")])
    }

    @Test func prerequisitesFinishFirst() {
        let result = run(
            problem(
                trainers: [trainer("T1", teaches: ["M1", "M2"])],
                offerings: [offering("B", module: "M2", prerequisites: ["A"], priority: 5), offering("A")]))
        #expect(result.unscheduled.isEmpty)
        let lastOfA = result.sessions.filter { $0.cohort.offeringID == "A" }.map(\.date).max()!
        let firstOfB = result.sessions.filter { $0.cohort.offeringID == "B" }.map(\.date).min()!
        #expect(lastOfA < firstOfB)
        let blocked = run(
            problem(
                trainers: [trainer("T1", teaches: ["M1", "M2"])],
                offerings: [offering("B", module: "M2", prerequisites: ["A"]), offering("A", participants: 99)]))
        #expect(blocked.sessions.isEmpty)
        let reasonsForB = blocked.unscheduled.first { $0.cohort.offeringID == "B" }?.reasons ?? []
        #expect(reasonsForB == ["prerequisite cohort A#1 is not scheduled, so this cohort cannot follow it"])
    }

    /// The improvement moves cohorts again and again: a prerequisite re-placed must still end before the
    /// cohorts that follow it start, and a single session moved must keep the order too.
    @Test func prerequisitesStillFinishFirstAfterTheSearchMovesThem() {
        let input = problem(
            trainers: [trainer("T1", teaches: ["M1"]), trainer("T2", teaches: ["M2"])],
            offerings: [
                offering("A", cohorts: 3, sessions: 2, minDays: 1),
                offering("B", module: "M2", cohorts: 3, sessions: 2, from: "2027-03-08", prerequisites: ["A"]),
            ])
        for seed in 1...6 as ClosedRange<UInt64> {
            let result = solve(input, options: SolveOptions(seed: seed, seconds: 30, iterations: 3_000))
            #expect(result.unscheduled.isEmpty)
            #expect(violations(of: result, in: input).isEmpty, "seed \(seed): \(violations(of: result, in: input))")
        }
    }

    @Test func aTrainersWeeklyMaximumHolds() {
        let result = run(
            problem(
                calendar: calendar(from: "2027-03-01", to: "2027-03-05"), trainers: [trainer("T1", maxPerWeek: 2)],
                offerings: [offering("A", sessions: 2), offering("B", sessions: 2)]))
        #expect(result.sessions.count == 2)
        #expect(result.unscheduled.count == 1)
    }

    @Test func everyScheduledCohortIsFullyFundedWithinBudgetsAndRates() {
        // 2 sessions × 400 EUR = 800 EUR per cohort; the city pays at most 50 %, the region the rest.
        let funders = [funder("CITY", budget: "1000", rate: 5_000), funder("REGION", budget: "500")]
        let result = run(
            problem(
                trainers: [trainer("T1")], funders: funders, offerings: [offering("A", cohorts: 2)]))
        // Cohort 1: 400 + 400. Cohort 2 would need 400 from the city and 400 from the region: only 100 left.
        #expect(result.sessions.count == 2)
        #expect(result.unscheduled.count == 1)
        let reasons = result.unscheduled[0].reasons.joined()
        #expect(reasons.contains("not enough funding: the cheapest placement costs 800.00 EUR"))
        #expect(reasons.contains("REGION can give 100.00 EUR"))
        var paid: [String: Int64] = [:]
        for allocation in result.funding { paid[allocation.funderID, default: 0] += allocation.amount.minorUnits }
        #expect(paid == ["CITY": 40_000, "REGION": 40_000])
    }

    @Test func noFunderMeansNoPaidTrainerButFreeResourcesStillRun() {
        let paid = run(problem(funders: [], offerings: [offering("A")]))
        #expect(paid.sessions.isEmpty)
        #expect(paid.unscheduled.first?.reasons.first?.hasPrefix("not enough funding") == true)
        let inHouse = run(
            problem(trainers: [trainer("LAWYER", fee: "0", inHouse: true)], funders: [], offerings: [offering("A")]))
        #expect(inHouse.sessions.count == 2)
    }

    @Test func anExhaustedBudgetIsNamed() {
        let funders = [funder("ESF+", budget: "800", audiences: [.administrators])]
        let result = run(problem(funders: funders, offerings: [offering("A", cohorts: 2)]))
        #expect(
            result.unscheduled.first?.reasons.joined().contains(
                "ESF+ budget exhausted: 800.00 EUR of 800.00 EUR allocated") == true)
    }

    @Test func higherPriorityCohortsArePlacedFirst() {
        let result = run(
            problem(
                calendar: oneSlot,
                offerings: [offering("LOW", sessions: 1, priority: 1), offering("HIGH", sessions: 1, priority: 9)]))
        #expect(result.sessions.map(\.cohort.offeringID) == ["HIGH"])
    }
}
