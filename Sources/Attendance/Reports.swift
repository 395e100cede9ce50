public import Foundation
public import PlannerCore

/// A registration as reports need it.
public struct RegistrationFact: Sendable, Hashable {
    /// Participant id.
    public var participantID: String
    /// Cohort.
    public var cohort: Cohort
    /// Status.
    public var status: Registration.Status

    /// Creates a fact.
    public init(participantID: String, cohort: Cohort, status: Registration.Status) {
        self.participantID = participantID
        self.cohort = cohort
        self.status = status
    }
}

/// Everything attendance reports read, as plain values.
public struct AttendanceData: Sendable {
    public var sessions: [SessionFacts]
    public var participants: [ParticipantRecord]
    public var registrations: [RegistrationFact]
    public var marks: [StoredMark]
    public var statuses: AttendanceStatusSet
    public var offerings: [Offering]
    public var funding: [FundingAllocation]
    public var funders: [Funder]
    /// Certificates issued and not revoked: (participant, offering).
    public var certified: Set<[String]>
    /// Attended minutes and sessions per participant and cohort, when summed by the store (then `marks`
    /// may be left empty for reports that do not need single marks).
    public var aggregates: [MarkAggregate]?

    /// Creates the data.
    public init(
        sessions: [SessionFacts], participants: [ParticipantRecord], registrations: [RegistrationFact],
        marks: [StoredMark], statuses: AttendanceStatusSet, offerings: [Offering], funding: [FundingAllocation],
        funders: [Funder], certified: Set<[String]> = [], aggregates: [MarkAggregate]? = nil
    ) {
        self.aggregates = aggregates
        self.sessions = sessions
        self.participants = participants
        self.registrations = registrations
        self.marks = marks
        self.statuses = statuses
        self.offerings = offerings
        self.funding = funding
        self.funders = funders
        self.certified = certified
    }
}

/// One participant's attendance in one cohort.
public struct ParticipantAttendance: Sendable, Hashable, Codable {
    public var participantID: String
    public var familyName: String
    public var givenName: String
    public var cohort: Cohort
    /// Minutes of every session scheduled for the cohort.
    public var minutesPlanned: Int
    /// Minutes attended (marks whose status counts as attended).
    public var minutesAttended: Int
    /// Sessions scheduled for the cohort.
    public var sessions: Int
    /// Sessions held so far (started before the report's date).
    public var sessionsHeld: Int
    /// Held sessions without an attended mark.
    public var sessionsMissed: Int

    /// "hours attended ÷ hours planned" over all scheduled sessions, in basis points.
    public var rateBasisPoints: Int {
        AttendedTime(minutesAttended: minutesAttended, minutesPlanned: minutesPlanned).rateBasisPoints
    }
}

/// Totals for a group (a cohort, an offering, a gender).
public struct AttendanceTotals: Sendable, Hashable, Codable {
    public var participants: Int = 0
    public var minutesPlanned: Int = 0
    public var minutesAttended: Int = 0
    public var completed: Int = 0

    /// "hours attended ÷ hours planned", in basis points.
    public var rateBasisPoints: Int {
        AttendedTime(minutesAttended: minutesAttended, minutesPlanned: minutesPlanned).rateBasisPoints
    }
    /// Certificates ÷ participants, in basis points.
    public var completionBasisPoints: Int { participants == 0 ? 0 : completed * 10_000 / participants }

    mutating func add(_ row: ParticipantAttendance, completed done: Bool) {
        participants += 1
        minutesPlanned += row.minutesPlanned
        minutesAttended += row.minutesAttended
        if done { completed += 1 }
    }
}

extension AttendanceData {
    /// Attended minutes and sessions per participant and cohort: the store's sums, or summed from the marks.
    public var attended: [String: [Cohort: MarkAggregate]] {
        var result: [String: [Cohort: MarkAggregate]] = [:]
        if let aggregates {
            for aggregate in aggregates { result[aggregate.participantID, default: [:]][aggregate.cohort] = aggregate }
            return result
        }
        let counting = Set(statuses.statuses.filter(\.countsAsAttended).map(\.name))
        for mark in marks where counting.contains(mark.status) {
            var aggregate =
                result[mark.participantID]?[mark.session.cohort]
                ?? MarkAggregate(
                    participantID: mark.participantID, cohort: mark.session.cohort, minutes: 0, sessions: [])
            aggregate.minutes += mark.minutes
            aggregate.sessions.append(mark.session.index)
            result[mark.participantID, default: [:]][mark.session.cohort] = aggregate
        }
        return result
    }

    /// Every registered participant's attendance per cohort, as of `now` (for "held so far").
    public func participantAttendance(asOf now: Date) -> [ParticipantAttendance] {
        // Per cohort: minutes of every session, and the session numbers held by `now`.
        var planned: [Cohort: (minutes: Int, count: Int, held: Set<Int>)] = [:]
        for session in sessions {
            var plan = planned[session.key.cohort] ?? (0, 0, [])
            plan.minutes += session.minutes
            plan.count += 1
            if session.start <= now { plan.held.insert(session.key.index) }
            planned[session.key.cohort] = plan
        }
        let people = Dictionary(uniqueKeysWithValues: participants.map { ($0.participant.id, $0.participant) })
        let attended = self.attended
        return registrations.filter { $0.status == .registered }.compactMap { registration in
            guard let person = people[registration.participantID] else { return nil }
            let plan = planned[registration.cohort] ?? (0, 0, [])
            let mine = attended[registration.participantID]?[registration.cohort]
            let attendedHeld = Set(mine?.sessions ?? []).intersection(plan.held).count
            return ParticipantAttendance(
                participantID: person.id, familyName: person.familyName, givenName: person.givenName,
                cohort: registration.cohort, minutesPlanned: plan.minutes, minutesAttended: mine?.minutes ?? 0,
                sessions: plan.count, sessionsHeld: plan.held.count, sessionsMissed: plan.held.count - attendedHeld)
        }.sorted {
            ($0.cohort, $0.familyName, $0.givenName, $0.participantID) < (
                $1.cohort, $1.familyName, $1.givenName, $1.participantID
            )
        }
    }

    /// Totals per key, where `key` maps a row to its group (or nil to leave it out).
    public func totals(
        _ rows: [ParticipantAttendance], by key: (ParticipantAttendance) -> [String]
    ) -> [String: AttendanceTotals] {
        var result: [String: AttendanceTotals] = [:]
        for row in rows {
            let done = certified.contains([row.participantID, row.cohort.offeringID])
            for group in key(row) { result[group, default: AttendanceTotals()].add(row, completed: done) }
        }
        return result
    }

    /// Participants below a rate threshold (basis points).
    public func lowAttendance(_ rows: [ParticipantAttendance], below threshold: Int) -> [ParticipantAttendance] {
        rows.filter {
            $0.minutesPlanned > 0
                && !AttendedTime(minutesAttended: $0.minutesAttended, minutesPlanned: $0.minutesPlanned).meets(
                    basisPoints: threshold)
        }
    }

    /// Funders paying anything towards each cohort.
    public var fundersByCohort: [Cohort: Set<String>] {
        var result: [Cohort: Set<String>] = [:]
        for allocation in funding where allocation.amount.minorUnits > 0 {
            result[allocation.cohort, default: []].insert(allocation.funderID)
        }
        return result
    }

    /// Gender of each participant.
    public var genders: [String: Gender] {
        Dictionary(uniqueKeysWithValues: participants.map { ($0.participant.id, $0.monitoring.gender) })
    }

    /// Distinct organisations supported, per organisation type, among registered participants.
    public func organisationsSupported() -> [OrganisationType: Int] {
        let registered = Set(registrations.filter { $0.status == .registered }.map(\.participantID))
        var names: [OrganisationType: Set<String>] = [:]
        for record in participants
        where registered.contains(record.participant.id) && !record.participant.organisation.isEmpty {
            names[record.participant.organisationType, default: []].insert(record.participant.organisation.lowercased())
        }
        return names.mapValues(\.count)
    }
}

/// ESF+ common output indicators (Regulation (EU) 2021/1057, Annex I) for one funder and period.
public struct ESFIndicators: Sendable, Encodable, Hashable {
    /// One indicator broken down by gender.
    public struct Line: Sendable, Encodable, Hashable {
        public var indicator: String
        public var women = 0
        public var men = 0
        public var nonBinary = 0
        public var notStated = 0
        public var total: Int { women + men + nonBinary + notStated }

        mutating func count(_ gender: Gender) {
            switch gender {
            case .woman: women += 1
            case .man: men += 1
            case .nonBinary: nonBinary += 1
            case .notStated: notStated += 1
            }
        }

        enum CodingKeys: String, CodingKey {
            case indicator, women, men
            case nonBinary = "non_binary"
            case notStated = "not_stated"
            case total
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(indicator, forKey: .indicator)
            try container.encode(women, forKey: .women)
            try container.encode(men, forKey: .men)
            try container.encode(nonBinary, forKey: .nonBinary)
            try container.encode(notStated, forKey: .notStated)
            try container.encode(total, forKey: .total)
        }
    }

    public var lines: [Line]
    /// Special categories, as aggregate counts only (never per person, never by gender).
    public var withDisability: Int
    public var minorityBackground: Int
    public var specialCategoriesRefused: Int
    /// Organisations supported.
    public var publicAdministrations: Int
    public var smes: Int
}

extension AttendanceData {
    /// Counts participants who attended at least one session between `from` and `to` (inclusive) in a
    /// cohort co-financed by `funderID` (all funders when nil), by gender.
    public func esfIndicators(from: LocalDate, to: LocalDate, funderID: String?) -> ESFIndicators {
        let funded = fundersByCohort
        let sessionsByKey = Dictionary(uniqueKeysWithValues: sessions.map { ($0.key, $0) })
        var firstDay: [String: LocalDate] = [:]
        for mark in marks {
            guard let session = sessionsByKey[mark.session], session.date >= from, session.date <= to,
                statuses.status(named: mark.status)?.countsAsAttended == true,
                funderID == nil || funded[mark.session.cohort]?.contains(funderID!) == true
            else { continue }
            if firstDay[mark.participantID].map({ session.date < $0 }) ?? true {
                firstDay[mark.participantID] = session.date
            }
        }
        let names = [
            "participants", "unemployed (incl. long-term)", "long-term unemployed", "inactive",
            "employed (incl. self-employed)", "under 18", "18-29", "55 and over", "ISCED 0-2", "ISCED 3-4", "ISCED 5-8",
        ]
        var lines = Dictionary(uniqueKeysWithValues: names.map { ($0, ESFIndicators.Line(indicator: $0)) })
        var disability = 0
        var minority = 0
        var refused = 0
        var administrations = Set<String>()
        var smes = Set<String>()
        for record in participants {
            guard let day = firstDay[record.participant.id] else { continue }
            let m = record.monitoring
            func count(_ name: String) { lines[name]!.count(m.gender) }
            count("participants")
            switch m.employment {
            case .unemployed: count("unemployed (incl. long-term)")
            case .longTermUnemployed:
                count("unemployed (incl. long-term)")
                count("long-term unemployed")
            case .inactive: count("inactive")
            case .employed, .selfEmployed: count("employed (incl. self-employed)")
            case .notStated, nil: break
            }
            if let band = m.birthYear.map({ ageBand(age: day.components.year - $0) }) ?? m.ageBand,
                lines[band] != nil
            {
                count(band)
            }
            switch m.iscedLevel {
            case .some(0...2): count("ISCED 0-2")
            case .some(3...4): count("ISCED 3-4")
            case .some(5...8): count("ISCED 5-8")
            default: break
            }
            if m.disability == .yes { disability += 1 }
            if m.minority == .yes { minority += 1 }
            if m.disability == .refused || m.minority == .refused { refused += 1 }
            let organisation = record.participant.organisation.lowercased()
            if !organisation.isEmpty {
                if record.participant.organisationType == .publicAdministration { administrations.insert(organisation) }
                if record.participant.organisationType == .sme { smes.insert(organisation) }
            }
        }
        return ESFIndicators(
            lines: names.map { lines[$0]! }, withDisability: disability, minorityBackground: minority,
            specialCategoriesRefused: refused, publicAdministrations: administrations.count, smes: smes.count)
    }
}

/// The ESF+ age band of an age.
public func ageBand(age: Int) -> String {
    age < 18 ? "under 18" : age <= 29 ? "18-29" : age >= 55 ? "55 and over" : "30-54"
}
