import Foundation
import PlannerCore

/// One attendance status: its name, whether it counts as attended, and the minutes it implies.
public struct AttendanceStatus: Hashable, Sendable {
    /// How many minutes a mark gets when the trainer does not say.
    public enum DefaultMinutes: String, Hashable, Sendable, Codable {
        /// The whole session.
        case full
        /// None.
        case none
    }

    /// Name (`present`).
    public var name: String
    /// Whether a mark with this status counts as attendance.
    public var countsAsAttended: Bool
    /// Minutes implied when none are given.
    public var defaultMinutes: DefaultMinutes
    /// The key that records it in a roll call.
    public var key: Character

    /// Creates a status.
    public init(name: String, countsAsAttended: Bool, defaultMinutes: DefaultMinutes, key: Character) {
        self.name = name
        self.countsAsAttended = countsAsAttended
        self.defaultMinutes = defaultMinutes
        self.key = key
    }

    /// Minutes attended for a session of `sessionMinutes` when the trainer gives none.
    public func minutes(forSessionOf sessionMinutes: Int) -> Int {
        defaultMinutes == .full ? sessionMinutes : 0
    }
}

/// The statuses a workspace uses; the default is Present, Late, Excused, Absent.
public struct AttendanceStatusSet: Sendable, Hashable {
    /// The statuses, in roll-call order.
    public var statuses: [AttendanceStatus]

    /// Creates a set; names and keys must be unique.
    public init?(_ statuses: [AttendanceStatus]) {
        guard Set(statuses.map(\.name)).count == statuses.count, Set(statuses.map(\.key)).count == statuses.count
        else { return nil }
        self.statuses = statuses
    }

    /// Present, Late (both attended, full minutes by default), Excused, Absent (not attended).
    public static let standard = AttendanceStatusSet([
        AttendanceStatus(name: "present", countsAsAttended: true, defaultMinutes: .full, key: "p"),
        AttendanceStatus(name: "late", countsAsAttended: true, defaultMinutes: .full, key: "l"),
        AttendanceStatus(name: "excused", countsAsAttended: false, defaultMinutes: .none, key: "e"),
        AttendanceStatus(name: "absent", countsAsAttended: false, defaultMinutes: .none, key: "a"),
    ])!

    /// The status of that name, ignoring case.
    public func status(named name: String) -> AttendanceStatus? {
        statuses.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// Hours attended against hours planned, exactly, in minutes.
public struct AttendedTime: Hashable, Sendable, Codable {
    /// Minutes attended.
    public var minutesAttended: Int
    /// Minutes planned.
    public var minutesPlanned: Int

    /// Creates a figure.
    public init(minutesAttended: Int, minutesPlanned: Int) {
        self.minutesAttended = minutesAttended
        self.minutesPlanned = minutesPlanned
    }

    /// "hours attended ÷ hours planned" in basis points (10,000 = 100 %), rounded down; 0 when nothing was planned.
    public var rateBasisPoints: Int {
        minutesPlanned == 0 ? 0 : minutesAttended * 10_000 / minutesPlanned
    }

    /// Whether the rate reaches a threshold in basis points, compared exactly (no rounding).
    public func meets(basisPoints threshold: Int) -> Bool {
        minutesPlanned > 0 && minutesAttended * 10_000 >= threshold * minutesPlanned
    }
}
