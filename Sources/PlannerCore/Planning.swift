/// A day, or one slot of a day, when a venue or a trainer cannot be used.
public struct Unavailability: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The day.
    public var date: LocalDate
    /// The slot name, or `nil` for the whole day.
    public var slot: String?

    /// Creates an unavailability.
    public init(date: LocalDate, slot: String? = nil) {
        self.date = date
        self.slot = slot
    }

    /// Whether it blocks `slot` on `date`.
    public func blocks(_ date: LocalDate, slot: String) -> Bool {
        self.date == date && (self.slot == nil || self.slot == slot)
    }

    /// `2027-03-01` or `2027-03-01 evening`.
    public var description: String { slot.map { "\(date) \($0)" } ?? date.description }
}

/// A room where sessions take place: often the authority's own (free), sometimes rented.
public struct Venue: Hashable, Sendable, Codable, Identifiable {
    /// Identifier, unique within the workspace.
    public var id: String
    /// Name as participants know it.
    public var name: String
    /// Municipality or territory.
    public var territory: String
    /// Postal address.
    public var address: String
    /// Seats.
    public var capacity: Int
    /// Equipment available (`projector`, `computers`).
    public var equipment: [String]
    /// Whether it has step-free access.
    public var stepFreeAccess: Bool
    /// Cost of one time slot; zero for the authority's own rooms.
    public var costPerSlot: Money
    /// Who provides the room.
    public var provider: String
    /// Days or slots when it cannot be used.
    public var unavailable: [Unavailability]

    /// Creates a venue.
    public init(
        id: String, name: String, territory: String, address: String, capacity: Int, equipment: [String],
        stepFreeAccess: Bool, costPerSlot: Money, provider: String, unavailable: [Unavailability] = []
    ) {
        self.id = id
        self.name = name
        self.territory = territory
        self.address = address
        self.capacity = capacity
        self.equipment = equipment
        self.stepFreeAccess = stepFreeAccess
        self.costPerSlot = costPerSlot
        self.provider = provider
        self.unavailable = unavailable
    }
}

/// Someone who teaches: an external trainer with a fee, or an in-house expert contributed in kind.
public struct Trainer: Hashable, Sendable, Codable, Identifiable {
    /// Identifier, unique within the workspace.
    public var id: String
    /// Full name.
    public var name: String
    /// Modules or curricula (by identifier) the trainer teaches.
    public var teaches: [String]
    /// Languages spoken (BCP 47).
    public var languages: [String]
    /// Fee per session; zero for in-house experts.
    public var feePerSession: Money
    /// Most sessions in one ISO week.
    public var maxSessionsPerWeek: Int
    /// Home territory.
    public var territory: String
    /// An in-house expert (a lawyer of the authority, say): no fee, contributed by a funder.
    public var inHouse: Bool
    /// Days or slots when the trainer is not available.
    public var unavailable: [Unavailability]

    /// Creates a trainer.
    public init(
        id: String, name: String, teaches: [String], languages: [String], feePerSession: Money,
        maxSessionsPerWeek: Int, territory: String, inHouse: Bool, unavailable: [Unavailability] = []
    ) {
        self.id = id
        self.name = name
        self.teaches = teaches
        self.languages = languages
        self.feePerSession = feePerSession
        self.maxSessionsPerWeek = maxSessionsPerWeek
        self.territory = territory
        self.inHouse = inHouse
        self.unavailable = unavailable
    }
}

/// What a funder may pay for.
public enum CostKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Trainers' fees.
    case trainerFees = "trainer-fees"
    /// Venue rental.
    case venueCosts = "venue-costs"
}

/// A co-financer: municipality, region, ESF+, a pool of cluster partners.
public struct Funder: Hashable, Sendable, Codable, Identifiable {
    /// Identifier, unique within the workspace.
    public var id: String
    /// Name as printed in reports.
    public var name: String
    /// Total budget.
    public var budget: Money
    /// Highest share of a cohort's cost it may pay, in basis points (10,000 = 100 %).
    public var maxRateBasisPoints: Int
    /// Costs it may pay for.
    public var pays: [CostKind]
    /// Audiences it may fund; empty means all.
    public var audiences: [Audience]
    /// Territories it may fund; empty means all.
    public var territories: [String]
    /// Curricula or modules it may fund; empty means all.
    public var curricula: [String]
    /// Whether it is EU money (the funder statement then appears on sheets and certificates).
    public var isEUFunding: Bool

    /// Creates a funder.
    public init(
        id: String, name: String, budget: Money, maxRateBasisPoints: Int, pays: [CostKind],
        audiences: [Audience] = [], territories: [String] = [], curricula: [String] = [], isEUFunding: Bool = false
    ) {
        self.id = id
        self.name = name
        self.budget = budget
        self.maxRateBasisPoints = maxRateBasisPoints
        self.pays = pays
        self.audiences = audiences
        self.territories = territories
        self.curricula = curricula
        self.isEUFunding = isEUFunding
    }
}

/// The decision to run a module for an audience, in a number of cohorts, within a window.
public struct Offering: Hashable, Sendable, Codable, Identifiable {
    /// Identifier, unique within the workspace.
    public var id: String
    /// The module taught.
    public var moduleID: String
    /// The curriculum the module belongs to (filled in from the workspace).
    public var curriculumID: String
    /// Who it is for.
    public var audience: Audience
    /// How many groups run it.
    public var cohorts: Int
    /// Expected participants in each cohort.
    public var participantsPerCohort: Int
    /// Sessions each cohort follows.
    public var sessionsPerCohort: Int
    /// First and last possible day.
    public var window: ClosedRange<LocalDate>
    /// Allowed slot names; empty means all.
    public var allowedSlots: [String]
    /// Fewest days between two sessions of a cohort (1: never twice the same day).
    public var minDaysBetween: Int
    /// Most days between two sessions of a cohort, if limited.
    public var maxDaysBetween: Int?
    /// Offerings whose cohort of the same number must finish before a cohort of this one starts.
    public var prerequisites: [String]
    /// Territory of the audience (venues there are preferred), if any.
    public var territory: String?
    /// Language of instruction the trainer must speak, if any.
    public var language: String?
    /// Equipment the venue must have.
    public var equipment: [String]
    /// Whether the venue must have step-free access (default yes; an offering may waive it).
    public var stepFreeRequired: Bool
    /// Higher runs first when not everything fits.
    public var priority: Int
    /// Days and slots when it must not run (whoever teaches and wherever).
    public var unavailable: [Unavailability]
    /// Fewest distinct days a cohort's sessions should be spread over (0: no wish); each day short costs
    /// the `min-days` weight.
    public var minimumDays: Int

    /// Creates an offering.
    public init(
        id: String, moduleID: String, curriculumID: String = "", audience: Audience, cohorts: Int,
        participantsPerCohort: Int, sessionsPerCohort: Int, window: ClosedRange<LocalDate>,
        allowedSlots: [String] = [], minDaysBetween: Int = 1, maxDaysBetween: Int? = nil,
        prerequisites: [String] = [], territory: String? = nil, language: String? = nil, equipment: [String] = [],
        stepFreeRequired: Bool = true, priority: Int = 0, unavailable: [Unavailability] = [], minimumDays: Int = 0
    ) {
        self.id = id
        self.moduleID = moduleID
        self.curriculumID = curriculumID
        self.audience = audience
        self.cohorts = cohorts
        self.participantsPerCohort = participantsPerCohort
        self.sessionsPerCohort = sessionsPerCohort
        self.window = window
        self.allowedSlots = allowedSlots
        self.minDaysBetween = minDaysBetween
        self.maxDaysBetween = maxDaysBetween
        self.prerequisites = prerequisites
        self.territory = territory
        self.language = language
        self.equipment = equipment
        self.stepFreeRequired = stepFreeRequired
        self.priority = priority
        self.unavailable = unavailable
        self.minimumDays = minimumDays
    }

    /// Decodes an offering; `unavailable` and `minimumDays` came later and may be missing (stored
    /// offerings written before them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        moduleID = try container.decode(String.self, forKey: .moduleID)
        curriculumID = try container.decode(String.self, forKey: .curriculumID)
        audience = try container.decode(Audience.self, forKey: .audience)
        cohorts = try container.decode(Int.self, forKey: .cohorts)
        participantsPerCohort = try container.decode(Int.self, forKey: .participantsPerCohort)
        sessionsPerCohort = try container.decode(Int.self, forKey: .sessionsPerCohort)
        window = try container.decode(ClosedRange<LocalDate>.self, forKey: .window)
        allowedSlots = try container.decode([String].self, forKey: .allowedSlots)
        minDaysBetween = try container.decode(Int.self, forKey: .minDaysBetween)
        maxDaysBetween = try container.decodeIfPresent(Int.self, forKey: .maxDaysBetween)
        prerequisites = try container.decode([String].self, forKey: .prerequisites)
        territory = try container.decodeIfPresent(String.self, forKey: .territory)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        equipment = try container.decode([String].self, forKey: .equipment)
        stepFreeRequired = try container.decode(Bool.self, forKey: .stepFreeRequired)
        priority = try container.decode(Int.self, forKey: .priority)
        unavailable = try container.decodeIfPresent([Unavailability].self, forKey: .unavailable) ?? []
        minimumDays = try container.decodeIfPresent(Int.self, forKey: .minimumDays) ?? 0
    }
}

/// One group of participants that follows every session of an offering.
public struct Cohort: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The offering.
    public var offeringID: String
    /// 1-based number within the offering.
    public var number: Int

    /// Creates a cohort.
    public init(offeringID: String, number: Int) {
        self.offeringID = offeringID
        self.number = number
    }

    /// Reads `OFFERING#N`.
    public init?(label: some StringProtocol) {
        guard let hash = label.lastIndex(of: "#"), let number = Int(label[label.index(after: hash)...]), number > 0
        else { return nil }
        self.init(offeringID: String(label[..<hash]), number: number)
    }

    /// `OFFERING#N`, the way reports name a cohort.
    public var label: String { "\(offeringID)#\(number)" }

    public var description: String { label }

    public static func < (lhs: Cohort, rhs: Cohort) -> Bool {
        (lhs.offeringID, lhs.number) < (rhs.offeringID, rhs.number)
    }
}

/// Cohorts that share participants and so must never meet at the same time.
public struct Track: Hashable, Sendable, Codable, Identifiable {
    /// Identifier.
    public var id: String
    /// The cohorts in the track.
    public var cohorts: [Cohort]

    /// Creates a track.
    public init(id: String, cohorts: [Cohort]) {
        self.id = id
        self.cohorts = cohorts
    }
}

/// One scheduled meeting of a cohort.
public struct Session: Hashable, Sendable, Codable {
    /// The cohort.
    public var cohort: Cohort
    /// 1-based number within the cohort.
    public var index: Int
    /// The day.
    public var date: LocalDate
    /// The time slot.
    public var slot: TimeSlot
    /// The venue.
    public var venueID: String
    /// The trainer.
    public var trainerID: String

    /// Creates a session.
    public init(cohort: Cohort, index: Int, date: LocalDate, slot: TimeSlot, venueID: String, trainerID: String) {
        self.cohort = cohort
        self.index = index
        self.date = date
        self.slot = slot
        self.venueID = venueID
        self.trainerID = trainerID
    }
}

/// An amount a funder pays towards a cohort.
public struct FundingAllocation: Hashable, Sendable, Codable {
    /// The cohort.
    public var cohort: Cohort
    /// The funder.
    public var funderID: String
    /// What it pays for.
    public var kind: CostKind
    /// How much.
    public var amount: Money

    /// Creates an allocation.
    public init(cohort: Cohort, funderID: String, kind: CostKind, amount: Money) {
        self.cohort = cohort
        self.funderID = funderID
        self.kind = kind
        self.amount = amount
    }
}
