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
