import Foundation
import PlannerCore
import Testing

@testable import Scheduling

/// The seminar scheduler on a problem that is a timetabling problem: its first schedule, then the timetabling
/// moves, then its result and explanations.
@Suite struct TimetablingMovesTests {
    /// The tiny instance with C down to one lecture: its best timetable costs 2 or less (CBCTTTests).
    static let instance = try! CBCTTInstance(
        parsing: tinyCTT.replacingOccurrences(of: "C t2 2 1 25", with: "C t2 1 1 25"))

    @Test func onlyATimetablingProblemWithMovesEnoughToAnnealGetsTheTimetablingMoves() {
        let problem = Self.instance.schedulingProblem
        let options = SolveOptions(seed: 1, seconds: 30, iterations: 20_000)
        #expect(Solver(problem: problem, options: options).timetablingInstance() != nil)
        var off = options
        off.timetablingMoves = false
        #expect(Solver(problem: problem, options: off).timetablingInstance() == nil)
        // 2,000 moves per cohort or more, as for annealing with the seminar moves.
        var few = options
        few.iterations = 5_999
        #expect(Solver(problem: problem, options: few).timetablingInstance() == nil)
        var funded = problem
        funded.funders = [funder("region")]
        #expect(Solver(problem: funded, options: options).timetablingInstance() == nil)
    }

    @Test func theScheduleIsTheBestTimetableWithoutClashesAndScoredAsTheITCScorerDoes() throws {
        let problem = Self.instance.schedulingProblem
        let options = SolveOptions(seed: 5, seconds: 30, iterations: 20_000)
        let result = solve(problem, options: options)
        #expect(result.unscheduled.isEmpty)
        #expect(violations(of: result, in: problem).isEmpty)
        let score = Self.instance.score(Self.instance.assignments(result.sessions, in: problem))
        #expect(score.hard == 0)
        #expect(score.soft <= 2)
        #expect(result.score == score.soft)
        #expect(evaluate(result.sessions, for: problem).score == score.soft)
        #expect(solve(problem, options: options).sessions == result.sessions)
        var two = options
        two.threads = 2
        let shared = solve(problem, options: two)
        #expect(solve(problem, options: two).sessions == shared.sessions)
        #expect(violations(of: shared, in: problem).isEmpty)
    }

    /// A course that can go nowhere (unavailable at every period): the timetable keeps it in a clash, so it is left
    /// out, with the seminar scheduler's reason, and everything else is placed without clashes.
    @Test func aCohortTheTimetableCannotPlaceIsLeftOutAndExplained() throws {
        var problem = Self.instance.schedulingProblem
        problem.offerings[1].unavailable = problem.calendar.openDays(in: problem.calendar.period).flatMap { day in
            problem.calendar.slots.map { Unavailability(date: day, slot: $0.name) }
        }
        let result = solve(problem, options: SolveOptions(seed: 1, seconds: 30, iterations: 20_000))
        #expect(result.unscheduled.map(\.cohort) == [Cohort(offeringID: "B", number: 1)])
        #expect(result.unscheduled.first?.reasons.isEmpty == false)
        #expect(result.unscheduled.first?.reasons != ["could not be placed"])
        #expect(violations(of: result, in: problem).isEmpty)
        #expect(Set(result.sessions.map(\.cohort.offeringID)) == ["A", "C"])
    }
}

/// A seminar problem the timetabling moves can search although it is not ITC-2007: the default soft weights and
/// more, two cohorts of one offering, an offering that may use one venue only, one with sessions a day apart.
@Suite struct WidenedTimetableTests {
    static let text = """
        Name: Wider
        Courses: 4
        Rooms: 3
        Days: 3
        Periods_per_day: 4
        Curricula: 2
        Constraints: 1

        COURSES:
        A t1 3 2 30
        B t1 2 2 15
        C t2 3 2 25
        D t3 2 1 35

        ROOMS:
        r1 20
        r2 40
        r3 30

        CURRICULA:
        q1 2 A C
        q2 2 B D

        UNAVAILABILITY_CONSTRAINTS:
        B 0 0

        END.
        """

    static func problem() throws -> SchedulingProblem {
        var problem = try CBCTTInstance(parsing: text).schedulingProblem
        var weights = SoftWeights()
        weights.overCapacity = 3
        weights.minimumDays = 7
        weights.isolatedSession = 2
        weights.extraVenue = 4
        problem.weights = weights
        problem.offerings[0].cohorts = 2
        problem.tracks[1].cohorts.append(Cohort(offeringID: "A", number: 2))
        problem.offerings[2].territory = "Namur"
        problem.venues[0].territory = "Namur"
        problem.offerings[3].equipment = ["projector"]
        problem.venues[2].equipment = ["projector"]
        problem.offerings[1].minDaysBetween = 1
        return problem
    }

    /// The general model's sessions for where the timetable has every lecture.
    static func sessions(_ t: Timetable, _ problem: SchedulingProblem) -> [Session] {
        let grid = Grid(problem)
        let cohorts = problem.cohorts
        var result: [Session] = []
        for c in 0..<t.courses {
            let lectures = (t.firstLecture[c]..<t.firstLecture[c + 1]).sorted { t.period[$0] < t.period[$1] }
            let offering = grid.offeringIndex[cohorts[c].offeringID]!
            for (position, l) in lectures.enumerated() {
                result.append(
                    Session(
                        cohort: cohorts[c], index: position + 1, date: grid.days[t.period[l] / t.periodsPerDay],
                        slot: grid.slots[t.period[l] % t.periodsPerDay], venueID: problem.venues[t.room[l]].id,
                        trainerID: problem.trainers[grid.trainersFor[offering][0]].id))
            }
        }
        return result
    }

    @Test func everyTermIsCountedMoveByMoveAsTheGeneralModelCountsIt() throws {
        let problem = try Self.problem()
        let instance = try #require(CBCTTInstance.timetabling(problem))
        #expect(instance.courses.count == 5)
        for seed in 1...10 as ClosedRange<UInt64> {
            var random = SeededGenerator(seed: seed)
            let t = Timetable(instance)
            // Each course's lectures at distinct periods (the first lecture of a course is then its earliest), in free
            // rooms, clashes between courses allowed.
            for c in 0..<t.courses {
                var used = Set<Int>()
                for l in t.firstLecture[c]..<t.firstLecture[c + 1] {
                    var p: Int
                    var r: Int
                    repeat {
                        p = Int(random.next(upperBound: UInt64(t.periods)))
                        r = Int(random.next(upperBound: UInt64(t.rooms)))
                    } while used.contains(p) || t.occupant[r * t.periods + p] >= 0
                    used.insert(p)
                    t.place(l, period: p, room: r)
                }
            }
            #expect(t.soft == evaluate(Self.sessions(t, problem), for: problem).score, "seed \(seed)")
            for step in 0..<300 {
                let l = Int(random.next(upperBound: UInt64(t.lectures)))
                let c = t.course[l]
                let p = Int(random.next(upperBound: UInt64(t.periods)))
                let r = Int(random.next(upperBound: UInt64(t.rooms)))
                let other = t.occupant[r * t.periods + p]
                let mates = (t.firstLecture[c]..<t.firstLecture[c + 1]).filter { $0 != l }
                // Keep each course's periods distinct: no move onto a period its course already has.
                guard other != l, !mates.contains(where: { t.period[$0] == p }) else { continue }
                if other >= 0 {
                    let otherMates = (t.firstLecture[t.course[other]]..<t.firstLecture[t.course[other] + 1]).filter {
                        $0 != other
                    }
                    guard t.course[other] != c, !otherMates.contains(where: { t.period[$0] == t.period[l] }) else {
                        continue
                    }
                }
                t.move(l, period: p, room: r, with: other)
                #expect(
                    t.soft == evaluate(Self.sessions(t, problem), for: problem).score, "seed \(seed) step \(step)")
            }
        }
    }

    @Test func aForbiddenVenueAndTwoSessionsOfADayApartOfferingAreHardViolations() throws {
        let problem = try Self.problem()
        let instance = try #require(CBCTTInstance.timetabling(problem))
        let t = Timetable(instance)
        // D (course 4) may use r3 only; B (course 2) takes one lecture a day.
        let d = t.firstLecture[4]
        t.place(d, period: 5, room: 0)
        #expect(t.hard == 1 && t.inViolation(d))
        t.lift(d)
        t.place(d, period: 5, room: 2)
        #expect(t.hard == 0 && !t.inViolation(d))
        let b = t.firstLecture[2]
        t.place(b, period: 1, room: 1)
        t.place(b + 1, period: 3, room: 1)
        #expect(t.hard == 1 && t.inViolation(b) && t.inViolation(b + 1))
        t.lift(b + 1)
        t.place(b + 1, period: 4, room: 1)
        #expect(t.hard == 0)
    }

    @Test func theSeminarSchedulerSolvesItWithTheTimetablingMovesAndNoViolation() throws {
        let problem = try Self.problem()
        let options = SolveOptions(seed: 3, seconds: 30, iterations: 50_000)
        #expect(Solver(problem: problem, options: options).timetablingInstance() != nil)
        let result = solve(problem, options: options)
        #expect(result.unscheduled.isEmpty)
        #expect(violations(of: result, in: problem).isEmpty)
        #expect(result.score == evaluate(result.sessions, for: problem).score)
        // No worse than the seminar moves given the same number of moves.
        var general = options
        general.timetablingMoves = false
        #expect(result.score <= solve(problem, options: general).score)
        // Not a timetable any more: a trainer with a weekly maximum, or sessions two days apart.
        var limited = problem
        limited.trainers[0].maxSessionsPerWeek = 3
        #expect(CBCTTInstance.timetabling(limited) == nil)
        var spaced = problem
        spaced.offerings[1].minDaysBetween = 2
        #expect(CBCTTInstance.timetabling(spaced) == nil)
    }
}
