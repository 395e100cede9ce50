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

    /// Creates a venue.
    public init(
        id: String, name: String, territory: String, address: String, capacity: Int, equipment: [String],
        stepFreeAccess: Bool, costPerSlot: Money, provider: String
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
    }
}

/// Someone who teaches: an external trainer with a fee, or an in-house expert contributed in kind.
public struct Trainer: Hashable, Sendable, Codable, Identifiable {
    /// Identifier, unique within the workspace.
    public var id: String
    /// Full name.
    public var name: String
    /// Modules (or topics) the trainer teaches.
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

    /// Creates a trainer.
    public init(
        id: String, name: String, teaches: [String], languages: [String], feePerSession: Money,
        maxSessionsPerWeek: Int, territory: String, inHouse: Bool
    ) {
        self.id = id
        self.name = name
        self.teaches = teaches
        self.languages = languages
        self.feePerSession = feePerSession
        self.maxSessionsPerWeek = maxSessionsPerWeek
        self.territory = territory
        self.inHouse = inHouse
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
    /// Highest share of an offering's cost it may pay, in basis points (10,000 = 100 %).
    public var maxRateBasisPoints: Int
    /// Costs it may pay for.
    public var pays: [CostKind]
    /// Audiences it may fund; empty means all.
    public var audiences: [Audience]
    /// Territories it may fund; empty means all.
    public var territories: [String]
    /// Whether it is EU money (the funder statement then appears on sheets and certificates).
    public var isEUFunding: Bool

    /// Creates a funder.
    public init(
        id: String, name: String, budget: Money, maxRateBasisPoints: Int, pays: [CostKind],
        audiences: [Audience] = [], territories: [String] = [], isEUFunding: Bool = false
    ) {
        self.id = id
        self.name = name
        self.budget = budget
        self.maxRateBasisPoints = maxRateBasisPoints
        self.pays = pays
        self.audiences = audiences
        self.territories = territories
        self.isEUFunding = isEUFunding
    }
}

/// The decision to run a module for an audience, in a number of cohorts, within a window.
public struct Offering: Hashable, Sendable, Codable, Identifiable {
    /// Identifier, unique within the workspace.
    public var id: String
    /// The module taught.
    public var moduleID: String
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
    /// Higher runs first when not everything fits.
    public var priority: Int

    /// Creates an offering.
    public init(
        id: String, moduleID: String, audience: Audience, cohorts: Int, participantsPerCohort: Int,
        sessionsPerCohort: Int, window: ClosedRange<LocalDate>, allowedSlots: [String] = [], priority: Int = 0
    ) {
        self.id = id
        self.moduleID = moduleID
        self.audience = audience
        self.cohorts = cohorts
        self.participantsPerCohort = participantsPerCohort
        self.sessionsPerCohort = sessionsPerCohort
        self.window = window
        self.allowedSlots = allowedSlots
        self.priority = priority
    }
}

/// One group of participants that follows every session of an offering.
public struct Cohort: Hashable, Sendable, Codable {
    /// The offering.
    public var offeringID: String
    /// 1-based number within the offering.
    public var number: Int

    /// Creates a cohort.
    public init(offeringID: String, number: Int) {
        self.offeringID = offeringID
        self.number = number
    }

    /// `OFFERING#N`, the way reports name a cohort.
    public var label: String { "\(offeringID)#\(number)" }
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
