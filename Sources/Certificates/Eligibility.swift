import Foundation
public import PlannerCore

/// An offering's certificate rule: a share of the planned hours, and optionally sessions that must be attended.
public struct EligibilityRule: Hashable, Sendable, Codable {
    /// "hours attended ÷ hours planned" needed, in basis points (default 8,000 = 80 %).
    public var thresholdBasisPoints: Int
    /// Session numbers that must be attended whatever the rate.
    public var requiredSessions: [Int]

    /// Creates a rule.
    public init(thresholdBasisPoints: Int = 8_000, requiredSessions: [Int] = []) {
        self.thresholdBasisPoints = thresholdBasisPoints
        self.requiredSessions = requiredSessions
    }

    /// The default: 80 % of the planned hours.
    public static let standard = EligibilityRule()

    /// A sentence for criteria and reports.
    public var narrative: String {
        let percent =
            thresholdBasisPoints % 100 == 0 ? "\(thresholdBasisPoints / 100)" : "\(Double(thresholdBasisPoints) / 100)"
        var text = "Attend at least \(percent)% of the scheduled hours"
        if !requiredSessions.isEmpty {
            text +=
                ", including session\(requiredSessions.count > 1 ? "s" : "") "
                + requiredSessions.sorted().map(String.init).joined(separator: ", ")
        }
        return text + "."
    }
}

/// Whether one participant of one cohort qualifies, and why.
public struct EligibilityDecision: Hashable, Sendable, Codable {
    /// Participant.
    public var participantID: String
    /// Cohort.
    public var cohort: Cohort
    /// Minutes attended / planned.
    public var minutesAttended: Int
    public var minutesPlanned: Int
    /// Qualifies.
    public var eligible: Bool
    /// Why it does or does not.
    public var reason: String
}

extension EligibilityRule {
    /// Decides for one participant: the rate must reach the threshold, exactly (no rounding), over all
    /// sessions scheduled for the cohort, and every required session must be attended.
    public func decide(
        participantID: String, cohort: Cohort, minutesAttended: Int, minutesPlanned: Int, attendedSessions: Set<Int>,
        sessionsScheduled: Int
    ) -> EligibilityDecision {
        let rate = minutesPlanned == 0 ? 0 : minutesAttended * 10_000 / minutesPlanned
        let reaches = minutesPlanned > 0 && minutesAttended * 10_000 >= thresholdBasisPoints * minutesPlanned
        let missing = requiredSessions.filter { !attendedSessions.contains($0) && $0 <= sessionsScheduled }
        let attended =
            "\(hoursText(minutesAttended)) of \(hoursText(minutesPlanned)) hours (\(rate / 100).\(String(format: "%02d", rate % 100)) %)"
        let reason: String
        if minutesPlanned == 0 {
            reason = "no hours scheduled yet"
        } else if !reaches {
            reason = "attended \(attended); needs \(thresholdBasisPoints / 100) %"
        } else if !missing.isEmpty {
            reason =
                "attended \(attended) but missed required session " + missing.map(String.init).joined(separator: ", ")
        } else {
            reason = "attended \(attended)"
        }
        return EligibilityDecision(
            participantID: participantID, cohort: cohort, minutesAttended: minutesAttended,
            minutesPlanned: minutesPlanned, eligible: minutesPlanned > 0 && reaches && missing.isEmpty, reason: reason)
    }
}

/// Minutes as hours, exactly: 630 → "10.5", 600 → "10", 610 → "10h10".
public func hoursText(_ minutes: Int) -> String {
    if minutes % 60 == 0 { return "\(minutes / 60)" }
    if minutes % 30 == 0 { return "\(minutes / 60).5" }
    return "\(minutes / 60)h\(String(format: "%02d", minutes % 60))"
}
