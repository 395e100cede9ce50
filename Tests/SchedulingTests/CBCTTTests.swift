import Foundation
import PlannerCore
import Scheduling
import Testing

@Suite struct CBCTTTests {
    let tiny = tinyCTT

    @Test func theScorerAgreesWithAHandComputedTimetable() throws {
        let instance = try CBCTTInstance(parsing: tiny)
        // A twice on day 0 (r1 then r2), B at its unavailable period with A's teacher, C once in r1 next to A.
        let score = instance.score(try instance.solution(parsing: "A r1 0 0\nA r2 0 1\nB r2 0 0\nC r1 0 1\n"))
        #expect(score.lectures == 1)  // C has one of its two lectures
        #expect(score.conflicts == 2)  // A–B share a teacher at period 0; A–C share q1 at period 1
        #expect(score.availability == 1)
        #expect(score.roomOccupancy == 0)
        #expect(score.hard == 4)
        #expect(score.roomCapacity == 15)  // A: 30 − 20, C: 25 − 20
        #expect(score.minWorkingDays == 1)  // A needs 2 days, uses 1
        #expect(score.isolatedLectures == 0)
        #expect(score.roomStability == 1)  // A uses two rooms
        #expect(score.soft == 15 + 5 + 0 + 1)
    }

    @Test func isolatedLecturesAndRoomOccupancyCountAsTheRulesSay() throws {
        let instance = try CBCTTInstance(parsing: tiny)
        let spread = instance.score(try instance.solution(parsing: "A r2 0 0\nA r2 1 0\nB r1 0 1\nC r2 1 1\n"))
        #expect(spread.hard == 1)
        #expect(spread.isolatedLectures == 1)  // A on day 0 has no neighbour of q1
        #expect(spread.soft == 2)
        let crowded = instance.score(
            try instance.solution(parsing: "A r2 0 0\nA r2 1 0\nB r2 1 0\nC r2 1 1\nC r2 1 1\n"))
        #expect(crowded.roomOccupancy == 2)  // (r2, 1-0) holds A and B; (r2, 1-1) holds C twice
        #expect(crowded.lectures == 1)  // C twice in one period
    }

    @Test func malformedInstancesArePositioned() {
        let broken = tiny.replacingOccurrences(of: "C t2 2 1 25", with: "C t2 two 1 25")
        let error = #expect(throws: CBCTTError.self) { try CBCTTInstance(parsing: broken, file: "tiny.ctt") }
        #expect(error?.description == "tiny.ctt:12: error: a course is: id teacher lectures min-working-days students")
    }

    @Test func theSolverFindsAValidTimetableAndIsDeterministic() throws {
        let instance = try CBCTTInstance(parsing: tiny.replacingOccurrences(of: "C t2 2 1 25", with: "C t2 1 1 25"))
        var first = CBCTTSolver(instance)
        var second = CBCTTSolver(instance)
        let a = first.solve(seconds: 30, iterations: 20_000, seed: 5)
        let b = second.solve(seconds: 30, iterations: 20_000, seed: 5)
        #expect(a == b)
        let score = instance.score(a)
        #expect(score.hard == 0)
        // The best possible: A on two days in r2 (no capacity excess, one room), B and C placed without excess.
        #expect(score.soft <= 2)
    }

    @Test func parallelSearchesAreDeterministicAndReportProgress() throws {
        let instance = try CBCTTInstance(parsing: tiny.replacingOccurrences(of: "C t2 2 1 25", with: "C t2 1 1 25"))
        let a = CBCTTSolver.solve(instance, threads: 2, seconds: 30, iterations: 20_000, seed: 5)
        let b = CBCTTSolver.solve(instance, threads: 2, seconds: 30, iterations: 20_000, seed: 5)
        #expect(a == b)
        #expect(instance.score(a).hard == 0)
        var reports: [CBCTTProgress] = []
        var solver = CBCTTSolver(instance)
        _ = solver.solve(seconds: 30, iterations: 20_000, seed: 5) { reports.append($0) }
        #expect(!reports.isEmpty)
        #expect(reports.last.map { $0.best <= $0.current } == true)
    }

    /// The annealer keeps its cost up to date move by move (swaps, room changes, Kempe chains, restarts);
    /// the cost it reports at the end must be what the scorer computes from scratch.
    @Test func theCostKeptMoveByMoveIsTheScorersCost() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "shared/reference/cbctt/comp01.ctt")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        let instance = try CBCTTInstance(parsing: text)
        var solver = CBCTTSolver(instance)
        var last: CBCTTProgress?
        let solution = solver.solve(seconds: 60, iterations: 150_000, seed: 3) { last = $0 }
        let score = instance.score(solution)
        #expect(last?.best == 1_000 * score.hard + score.soft)
        #expect(last?.iterations == 150_000)
    }

    @Test func comp11IsSolvedWithoutHardViolations() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "shared/reference/cbctt/comp11.ctt")
        // The reference copy lives in shared/, beside the repository (as in CI).
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        let instance = try CBCTTInstance(parsing: text)
        var solver = CBCTTSolver(instance)
        let score = instance.score(solver.solve(seconds: 60, iterations: 200_000, seed: 1))
        #expect(score.hard == 0)
        #expect(instance.courses.map(\.lectures).reduce(0, +) == 162)
    }
}
