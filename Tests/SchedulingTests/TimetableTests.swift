import Foundation
import PlannerCore
import Testing

@testable import Scheduling

/// The timetable the CB-CTT annealer searches keeps its cost move by move; what it keeps must be what the
/// ITC-2007 scorer finds from scratch, whatever the moves.
@Suite struct TimetableTests {
    /// comp01, comp05 (the densest: many curricula per course, six periods a day) and comp11 when the
    /// reference folder is beside the repository (as in CI), and the tiny instance.
    static func instances() throws -> [CBCTTInstance] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference/cbctt")
        var result = [try CBCTTInstance(parsing: tinyCTT)]
        for name in ["comp01", "comp05", "comp11"] {
            if let text = try? String(contentsOf: folder.appendingPathComponent("\(name).ctt"), encoding: .utf8) {
                result.append(try CBCTTInstance(parsing: text))
            }
        }
        return result
    }

    /// Random moves, swaps and Kempe chains, kept or taken back at random, from a random start.
    @Test func theCostKeptMoveByMoveIsWhatTheScorerFinds() throws {
        for instance in try Self.instances() {
            let t = Timetable(instance)
            var random = SeededGenerator(seed: 11)
            // A random start: each lecture in a random free cell.
            for l in 0..<t.lectures {
                var cell = random.below(t.rooms * t.periods)
                while t.occupant[cell] >= 0 { cell = (cell + 1) % (t.rooms * t.periods) }
                t.place(l, period: cell % t.periods, room: cell / t.periods)
            }
            for step in 0..<6_000 {
                let l = random.below(t.lectures)
                if random.below(4) == 0 {
                    if t.kempe(l, to: random.below(t.periods)), random.below(2) == 0 { t.undoKempe() }
                } else {
                    let toPeriod = random.below(t.periods)
                    let toRoom = random.below(t.rooms)
                    let other = t.occupant[toRoom * t.periods + toPeriod]
                    if other == l { continue }
                    t.move(l, period: toPeriod, room: toRoom, with: other)
                }
                if step % 500 == 0 {
                    let score = instance.score(t.assignments)
                    #expect(score.soft == t.soft, "\(instance.name) after \(step) moves")
                    #expect((score.hard == 0) == (t.hard == 0), "\(instance.name) after \(step) moves")
                    #expect(score.roomOccupancy == 0)
                    #expect(t.assignments.count == instance.courses.map(\.lectures).reduce(0, +))
                }
            }
        }
    }

    /// A timetable with hard violations is never the result when one without was seen: the search's best
    /// is the fewest violations first, and every instance here has a valid timetable.
    @Test func theResultHasNoHardViolationsAndIsTheBestSeen() throws {
        for instance in try Self.instances() {
            var solver = CBCTTSolver(instance)
            var lowest = Int.max
            let solution = solver.solve(seconds: 60, iterations: 300_000, seed: 2) { lowest = min(lowest, $0.current) }
            let score = instance.score(solution)
            #expect(score.hard == 0, "\(instance.name)")
            #expect(1_000 * score.hard + score.soft <= lowest, "\(instance.name)")
        }
    }
}
