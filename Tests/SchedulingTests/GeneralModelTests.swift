import Foundation
import PlannerCore
import Scheduling
import Testing

/// CB-CTT read into the general scheduling model, and the soft terms that make the ITC-2007 cost there.
@Suite struct GeneralModelTests {
    static let tiny = tinyCTT

    /// The competition instances beside the repository (as in CI), and the tiny one.
    static func instances() throws -> [CBCTTInstance] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference/cbctt")
        var result = [try CBCTTInstance(parsing: tiny)]
        for name in ["comp01", "comp11"] {
            if let text = try? String(contentsOf: folder.appendingPathComponent("\(name).ctt"), encoding: .utf8) {
                result.append(try CBCTTInstance(parsing: text))
            }
        }
        return result
    }

    /// Every course its number of lectures, at random periods and rooms (clashes allowed).
    static func randomTimetable(_ instance: CBCTTInstance, seed: UInt64) -> [CBCTTAssignment] {
        var random = SeededGenerator(seed: seed)
        return instance.courses.indices.flatMap { course in
            (0..<instance.courses[course].lectures).map { _ in
                CBCTTAssignment(
                    course: course, room: Int(random.next(upperBound: UInt64(instance.rooms.count))),
                    period: Int(random.next(upperBound: UInt64(instance.periods))))
            }
        }
    }

    @Test func theInstanceComesBackFromTheGeneralProblemUnchanged() throws {
        for instance in try Self.instances() {
            let back = try CBCTTInstance(problem: instance.schedulingProblem, name: instance.name)
            #expect(back.courses == instance.courses)
            #expect(back.rooms == instance.rooms)
            #expect(back.days == instance.days && back.periodsPerDay == instance.periodsPerDay)
            #expect(back.curricula.map(\.id) == instance.curricula.map(\.id))
            #expect(back.curricula.map(\.courses) == instance.curricula.map(\.courses))
            #expect(back.unavailable == instance.unavailable)
        }
    }

    @Test func theGeneralProblemHasWhatTheInstanceSays() throws {
        let problem = try CBCTTInstance(parsing: Self.tiny).schedulingProblem
        #expect(problem.calendar.openDays(in: problem.calendar.period).count == 2)
        #expect(problem.calendar.slots.map(\.name) == ["p0", "p1"])
        #expect(problem.trainers.map(\.id) == ["t1", "t2"])
        #expect(problem.trainers[0].teaches == ["A", "B"])
        #expect(problem.offerings.map(\.sessionsPerCohort) == [2, 1, 2])
        #expect(problem.offerings.map(\.minimumDays) == [2, 1, 1])
        #expect(problem.offerings[1].unavailable == [Unavailability(date: LocalDate(iso: "2029-01-01")!, slot: "p0")])
        #expect(
            problem.tracks == [
                Track(id: "q1", cohorts: [Cohort(offeringID: "A", number: 1), Cohort(offeringID: "C", number: 1)])
            ])
    }

    /// Two scorers written apart, on the same timetables: the ITC-2007 one and the general model's evaluation
    /// with the ITC-2007 weights, term by term.
    @Test func theGeneralModelScoresEveryTimetableAsTheITCScorerDoes() throws {
        for instance in try Self.instances() {
            let problem = instance.schedulingProblem
            for seed in 1...20 as ClosedRange<UInt64> {
                let timetable = Self.randomTimetable(instance, seed: seed)
                let itc = instance.score(timetable)
                let general = evaluate(instance.sessions(timetable, in: problem), for: problem)
                #expect(general.score == itc.soft, "\(instance.name) seed \(seed)")
                #expect(general.penalties["over-capacity", default: 0] == itc.roomCapacity)
                #expect(general.penalties["min-days", default: 0] == 5 * itc.minWorkingDays)
                #expect(general.penalties["isolated-session", default: 0] == 2 * itc.isolatedLectures)
                #expect(general.penalties["extra-venue", default: 0] == itc.roomStability)
                #expect(general.unscheduled.isEmpty && general.unknown == 0)
                #expect(
                    instance.assignments(instance.sessions(timetable, in: problem), in: problem).sorted {
                        ($0.course, $0.period, $0.room) < ($1.course, $1.period, $1.room)
                    } == timetable.sorted { ($0.course, $0.period, $0.room) < ($1.course, $1.period, $1.room) })
            }
        }
    }

    @Test func theTimetablingSearchSolvesTheGeneralProblem() throws {
        let instance = try CBCTTInstance(
            parsing: Self.tiny.replacingOccurrences(of: "C t2 2 1 25", with: "C t2 1 1 25"))
        let problem = instance.schedulingProblem
        var search = CBCTTSolver(try CBCTTInstance(problem: problem))
        let timetable = search.solve(seconds: 30, iterations: 20_000, seed: 5)
        let sessions = instance.sessions(timetable, in: problem)
        #expect(instance.score(timetable).hard == 0)
        #expect(violations(of: ScheduleResult(sessions: sessions), in: problem).isEmpty)
        #expect(evaluate(sessions, for: problem).score == instance.score(timetable).soft)
    }

    @Test func aProblemThatIsNotATimetableIsRefusedWithItsReasons() throws {
        var changed = try CBCTTInstance(parsing: Self.tiny).schedulingProblem
        changed.offerings[0].cohorts = 2
        changed.offerings[2].minDaysBetween = 1
        changed.trainers[1].teaches.append("A")
        let error = #expect(throws: CBCTTError.self) { try CBCTTInstance(problem: changed, name: "tiny") }
        #expect(error?.description.contains("offering A has 2 cohorts") == true)
        #expect(error?.description.contains("offering A has 2 trainers who may teach it, not one") == true)
        #expect(error?.description.contains("offering C has spacing or prerequisites") == true)
        let seminar = #expect(throws: CBCTTError.self) {
            try CBCTTInstance(problem: problem(offerings: [offering("O1")]))
        }
        #expect(seminar?.description.contains("the weights are not the ITC-2007 ones") == true)
        #expect(seminar?.description.contains("it has funders") == true)
    }

    /// The general problem's windows, allowed slots and teacher's absences become unavailable periods.
    @Test func windowsSlotsAndAbsencesBecomeUnavailablePeriods() throws {
        var problem = try CBCTTInstance(parsing: Self.tiny).schedulingProblem
        problem.offerings[0].allowedSlots = ["p1"]
        problem.offerings[2].window = LocalDate(iso: "2029-01-02")!...LocalDate(iso: "2029-01-02")!
        problem.trainers[0].unavailable = [Unavailability(date: LocalDate(iso: "2029-01-02")!, slot: "p1")]
        let instance = try CBCTTInstance(problem: problem)
        #expect(instance.unavailable == [[0, 2, 3], [0, 3], [0, 1]])
    }
}

/// The soft terms the ITC-2007 cost needs, in seminar problems.
@Suite struct TimetablingTermsTests {
    @Test func anOfferingIsNeverPlacedWhenItIsUnavailable() {
        var only = offering("O1", sessions: 2, from: "2027-03-01", to: "2027-03-05")
        only.unavailable = [
            Unavailability(date: date("2027-03-01")), Unavailability(date: date("2027-03-02")),
            Unavailability(date: date("2027-03-03"), slot: "morning"),
        ]
        let input = problem(offerings: [only])
        let schedule = run(input)
        #expect(schedule.unscheduled.isEmpty)
        #expect(violations(of: schedule, in: input).isEmpty)
        for session in schedule.sessions {
            #expect(session.date >= date("2027-03-03"))
            #expect(!(session.date == date("2027-03-03") && session.slot.name == "morning"))
        }
        only.unavailable = (1...5).map { Unavailability(date: date("2027-03-0\($0)")) }
        let blocked = run(problem(offerings: [only]))
        #expect(blocked.sessions.isEmpty)
        #expect(
            blocked.unscheduled.first?.reasons.first?.contains("the offering is unavailable on some of them") == true)
    }

    @Test func aSmallVenueIsUsedOnlyWhenOverCapacityHasAPrice() {
        var input = problem(venues: [venue("SMALL", capacity: 10)], offerings: [offering("O1", participants: 12)])
        let refused = run(input)
        #expect(refused.sessions.isEmpty)
        #expect(refused.unscheduled.first?.reasons.joined().contains("no venue seats 12 participants") == true)
        input.weights.overCapacity = 3
        let crowded = run(input)
        #expect(crowded.unscheduled.isEmpty)
        #expect(violations(of: crowded, in: input).isEmpty)
        // Two sessions, two participants too many each, 3 per participant.
        #expect(crowded.costs.first?.penalties["over-capacity"] == 12)
        // The larger venue is chosen when there is one.
        input.venues.append(venue("LARGE", capacity: 40))
        #expect(run(input).sessions.allSatisfy { $0.venueID == "LARGE" })
    }

    @Test func minimumDaysExtraVenuesAndIsolatedSessionsAreCountedAsDocumented() {
        var first = offering("O1", sessions: 3, minDays: 0)
        first.minimumDays = 3
        let second = offering("O2", sessions: 1, minDays: 0)
        var input = problem(
            venues: [venue("V1"), venue("V2")], trainers: [trainer("T1"), trainer("T2")], offerings: [first, second],
            tracks: [
                Track(id: "K", cohorts: [Cohort(offeringID: "O1", number: 1), Cohort(offeringID: "O2", number: 1)])
            ])
        input.weights = CBCTTInstance.weights
        let morning = slot("morning", "09:00", "12:30")
        let afternoon = slot("afternoon", "13:30", "17:00")
        let evening = slot("evening", "18:00", "21:00")
        func session(_ id: String, _ index: Int, _ day: String, _ slot: TimeSlot, _ venue: String, _ trainer: String)
            -> Session
        {
            Session(
                cohort: Cohort(offeringID: id, number: 1), index: index, date: date(day), slot: slot, venueID: venue,
                trainerID: trainer)
        }
        // O1: morning and evening of the 1st (two days short of three, two venues), afternoon of the 2nd
        // beside O2's morning. Isolated: both of the 1st (the afternoon between is free), none of the 2nd.
        let evaluation = evaluate(
            [
                session("O1", 1, "2027-03-01", morning, "V1", "T1"),
                session("O1", 2, "2027-03-01", evening, "V2", "T1"),
                session("O1", 3, "2027-03-02", afternoon, "V1", "T1"),
                session("O2", 1, "2027-03-02", morning, "V1", "T2"),
            ], for: input)
        #expect(evaluation.penalties == ["min-days": 5, "extra-venue": 1, "isolated-session": 4])
        #expect(evaluation.score == 10)
        #expect(evaluation.unscheduled.isEmpty)
        let missing = evaluate([session("O1", 1, "2027-03-01", morning, "NOWHERE", "T1")], for: input)
        #expect(missing.unknown == 1)
        #expect(missing.unscheduled.count == 2)
    }
}
