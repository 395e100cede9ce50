import PlannerCore
import Scheduling
import Testing

@Suite struct PropertyTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func everyGeneratedScheduleObeysEveryHardConstraint(seed: UInt64) {
        let generated = generateProblem(size: .s, seed: seed)
        let result = solve(generated.problem, options: SolveOptions(seed: seed, seconds: 20, iterations: 400))
        #expect(violations(of: result, in: generated.problem) == [])
        #expect(!result.sessions.isEmpty)
        // Every cohort is either scheduled or explained.
        let scheduled = Set(result.sessions.map(\.cohort))
        #expect(scheduled.count + result.unscheduled.count == generated.problem.cohorts.count)
        #expect(result.unscheduled.allSatisfy { !$0.reasons.isEmpty })
    }

    @Test func theCheckerCatchesWhatItShould() {
        let generated = generateProblem(size: .s, seed: 1)
        var result = solve(generated.problem, options: SolveOptions(seed: 1, seconds: 20, iterations: 50))
        var broken = result.sessions
        broken[1].trainerID = broken[0].trainerID
        broken[1].date = broken[0].date
        broken[1].slot = broken[0].slot
        result.sessions = broken
        #expect(!violations(of: result, in: generated.problem).isEmpty)
    }

    @Test func sameProblemAndSeedGiveTheSameSchedule() {
        let generated = generateProblem(size: .s, seed: 9)
        let options = SolveOptions(seed: 3, seconds: 60, iterations: 200)
        let first = solve(generated.problem, options: options)
        let second = solve(generated.problem, options: options)
        #expect(first.sessions == second.sessions)
        #expect(first.funding == second.funding)
        #expect(first.score == second.score)
    }

    @Test func theGeneratorIsDeterministicAndSized() {
        let a = generateProblem(size: .m, seed: 4)
        let b = generateProblem(size: .m, seed: 4)
        #expect(a.problem.offerings == b.problem.offerings)
        let sessions = a.problem.offerings.map { $0.cohorts * $0.sessionsPerCohort }.reduce(0, +)
        #expect((400...1_200).contains(sessions))
    }
}
