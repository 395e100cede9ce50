public import Foundation
import PlannerCore

/// The seminar problem as plain indices and numbers, and schedules in the same terms, for solvers and
/// checkers written elsewhere (the OR-tools CP-SAT model and the independent checker under `bench/`).
/// Times are `day × slots + slot`, days being the programme's open days in order; money is in minor
/// units; every resource is referred to by its index in the lists here.
public enum SeminarExchange {
    struct Problem: Encodable {
        struct Slot: Encodable {
            var name: String
            var start: Int
            var end: Int
        }
        struct Day: Encodable {
            var date: String
            /// Days since 1970-01-01, so that gaps between open days are calendar days.
            var ordinal: Int
            var week: Int
        }
        struct Venue: Encodable {
            var id: String
            var territory: String
            var cost: Int64
            var blocked: [Int]
        }
        struct Trainer: Encodable {
            var id: String
            var fee: Int64
            var inHouse: Bool
            var maxPerWeek: Int
            var blocked: [Int]
        }
        struct Funder: Encodable {
            var id: String
            var budget: Int64
            var rateBasisPoints: Int
            var pays: [String]
            var audiences: [String]
            var territories: [String]
            var curricula: [String]
        }
        struct Offering: Encodable {
            var id: String
            var audience: String
            var territory: String?
            var curricula: [String]
            var cohorts: Int
            var sessions: Int
            var minGap: Int
            var maxGap: Int?
            var priority: Int
            var prerequisites: [Int]
            var times: [Int]
            var venues: [Int]
            var trainers: [Int]
        }
        struct TrackMember: Encodable {
            var offering: Int
            var cohort: Int
        }
        var slots: [Slot]
        var overlapping: [[Int]]
        var days: [Day]
        var venues: [Venue]
        var trainers: [Trainer]
        var funders: [Funder]
        var offerings: [Offering]
        var tracks: [[TrackMember]]
        var weights: SoftWeights
        var unplacedPenalty: Int
    }

    struct Schedule: Encodable {
        struct Session: Encodable {
            var offering: Int
            var cohort: Int
            var index: Int
            var time: Int
            var venue: Int
            var trainer: Int
        }
        struct Payment: Encodable {
            var offering: Int
            var cohort: Int
            var funder: Int
            var kind: String
            var amount: Int64
        }
        var sessions: [Session]
        var funding: [Payment]
        var score: Int
    }

    private static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(value)
    }

    /// The problem, with the static filters (rooms that fit, trainers who may teach, allowed times)
    /// already applied, as JSON.
    public static func problem(_ problem: SchedulingProblem) throws -> Data {
        let grid = Grid(problem)
        let sorted = { (set: Set<Int>) in set.sorted() }
        return try encode(
            Problem(
                slots: grid.slots.map { Problem.Slot(name: $0.name, start: $0.start.minutes, end: $0.end.minutes) },
                overlapping: grid.overlapping,
                days: grid.days.enumerated().map {
                    Problem.Day(date: $1.description, ordinal: $1.daysSinceEpoch, week: grid.week[$0])
                },
                venues: problem.venues.enumerated().map {
                    Problem.Venue(
                        id: $1.id, territory: $1.territory, cost: $1.costPerSlot.minorUnits,
                        blocked: sorted(grid.venueBlocked[$0]))
                },
                trainers: problem.trainers.enumerated().map {
                    Problem.Trainer(
                        id: $1.id, fee: $1.inHouse ? 0 : $1.feePerSession.minorUnits, inHouse: $1.inHouse,
                        maxPerWeek: $1.maxSessionsPerWeek, blocked: sorted(grid.trainerBlocked[$0]))
                },
                funders: problem.funders.map {
                    Problem.Funder(
                        id: $0.id, budget: $0.budget.minorUnits, rateBasisPoints: $0.maxRateBasisPoints,
                        pays: $0.pays.map(\.rawValue), audiences: $0.audiences.map(\.rawValue),
                        territories: $0.territories, curricula: $0.curricula)
                },
                offerings: problem.offerings.enumerated().map { index, offering in
                    Problem.Offering(
                        id: offering.id, audience: offering.audience.rawValue, territory: offering.territory,
                        curricula: [offering.curriculumID, offering.moduleID], cohorts: max(1, offering.cohorts),
                        sessions: offering.sessionsPerCohort, minGap: offering.minDaysBetween,
                        maxGap: offering.maxDaysBetween, priority: offering.priority,
                        prerequisites: offering.prerequisites.compactMap { grid.offeringIndex[$0] },
                        times: grid.timesFor[index], venues: grid.venuesFor[index], trainers: grid.trainersFor[index])
                },
                tracks: problem.tracks.map { track in
                    track.cohorts.compactMap { cohort in
                        grid.offeringIndex[cohort.offeringID].map {
                            Problem.TrackMember(offering: $0, cohort: cohort.number)
                        }
                    }
                },
                weights: problem.weights,
                unplacedPenalty: Scoring.unplacedWeight))
    }

    /// A schedule the solver produced, in the terms of ``problem(_:)``, with its funding and score.
    public static func schedule(_ result: ScheduleResult, of problem: SchedulingProblem) throws -> Data {
        let grid = Grid(problem)
        let funderIndex = Dictionary(problem.funders.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let sessions = result.sessions.compactMap { session -> Schedule.Session? in
            guard let offering = grid.offeringIndex[session.cohort.offeringID], let time = grid.time(of: session),
                let venue = grid.venueIndex[session.venueID], let trainer = grid.trainerIndex[session.trainerID]
            else { return nil }
            return Schedule.Session(
                offering: offering, cohort: session.cohort.number, index: session.index,
                time: time, venue: venue, trainer: trainer)
        }
        let funding = result.funding.compactMap { payment -> Schedule.Payment? in
            guard let offering = grid.offeringIndex[payment.cohort.offeringID],
                let funder = funderIndex[payment.funderID]
            else { return nil }
            return Schedule.Payment(
                offering: offering, cohort: payment.cohort.number, funder: funder, kind: payment.kind.rawValue,
                amount: payment.amount.minorUnits)
        }
        return try encode(Schedule(sessions: sessions, funding: funding, score: result.score))
    }
}
