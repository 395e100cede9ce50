import Foundation
public import PlannerCore

/// The JSON contract of `planner schedule show --format json` (docs/formats.md).
public struct ScheduleJSON: Encodable, Sendable {
    /// One line of the contract.
    public struct SessionJSON: Encodable, Sendable {
        public var offering: String
        public var cohort: Int
        public var index: Int
        public var start: String
        public var end: String
        public var venue: String
        public var trainer: String
        public var sequence: Int
        public var pinned: Bool
    }

    /// One line of the contract.
    public struct UnscheduledJSON: Encodable, Sendable {
        public var offering: String
        public var cohort: Int
        public var reasons: [String]
    }

    /// One line of the contract.
    public struct FundingJSON: Encodable, Sendable {
        public var offering: String
        public var cohort: Int
        public var funder: String
        public var kind: String
        public var amount: String
        public var currency: String
    }

    public var sessions: [SessionJSON]
    public var unscheduled: [UnscheduledJSON]
    public var funding: [FundingJSON]
    public var score: Int

    /// The contract's form of a stored schedule.
    public init(_ schedule: StoredSchedule, score: Int) {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = schedule.timeZone?.timeZone ?? TimeZone(identifier: "UTC")!
        formatter.formatOptions = [.withInternetDateTime]
        sessions = schedule.sessions.map {
            SessionJSON(
                offering: $0.session.cohort.offeringID, cohort: $0.session.cohort.number, index: $0.session.index,
                start: formatter.string(from: $0.start), end: formatter.string(from: $0.end), venue: $0.session.venueID,
                trainer: $0.session.trainerID, sequence: $0.sequence, pinned: $0.pinned)
        }
        unscheduled = schedule.unscheduled.map {
            UnscheduledJSON(offering: $0.cohort.offeringID, cohort: $0.cohort.number, reasons: $0.reasons)
        }
        funding = schedule.funding.map {
            FundingJSON(
                offering: $0.cohort.offeringID, cohort: $0.cohort.number, funder: $0.funderID, kind: $0.kind.rawValue,
                amount: $0.amount.decimalString, currency: $0.amount.currency.code)
        }
        self.score = score
    }
}
