import Foundation
public import PlannerCore

/// Sizes of generated problems, by number of offerings (three sessions each on average).
public enum ProblemSize: String, CaseIterable, Sendable {
    /// About 20 offerings / 60 sessions.
    case s = "S"
    /// About 200 offerings / 600 sessions.
    case m = "M"
    /// About 2,000 offerings / 6,000 sessions.
    case l = "L"
    /// About 6,700 offerings / 20,000 sessions.
    case xl = "XL"

    /// Offerings generated.
    public var offerings: Int {
        switch self {
        case .s: 20
        case .m: 200
        case .l: 2_000
        case .xl: 6_700
        }
    }
}

/// A generated planning problem together with the modules its offerings teach.
public struct GeneratedProblem: Sendable {
    /// The problem.
    public var problem: SchedulingProblem
    /// The curriculum holding every module the offerings use.
    public var curriculum: Curriculum
}

/// Random valid planning problems of a given size, the same for the same seed: a fictional territory
/// of municipalities, the authority's free rooms and rented ones, external trainers and in-house
/// experts, four co-financers, offerings for three audiences, and tracks of administrators.
public func generateProblem(size: ProblemSize, seed: UInt64) -> GeneratedProblem {
    var random = SeededGenerator(seed: seed)
    func pick<T>(_ items: [T]) -> T { items[Int(random.next(upperBound: UInt64(items.count)))] }
    func number(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next(upperBound: UInt64(range.count)))
    }
    let eur = Currency.euro
    let offeringCount = size.offerings
    let scale = max(1, offeringCount / 20)
    let territories = ["Liège", "Seraing", "Herstal", "Verviers", "Huy", "Spa"].prefix(min(6, 2 + scale))
    let moduleCount = max(6, offeringCount / 4)
    let modules = (1...moduleCount).map { index in
        Module(
            id: String(format: "GEN-M%04d", index), title: LocalizedText("Generated module \(index)", language: "en"),
            learningOutcomes: [LearningOutcome(text: LocalizedText("Outcome of module \(index)", language: "en"))],
            hours: pick([6, 7, 9, 10]), suggestedSessions: nil, audiences: [pick(Audience.allCases)])
    }
    let curriculum = Curriculum(
        id: "GEN", title: LocalizedText("Generated programme", language: "en"), format: .native,
        source: "generated.xml", modules: modules)
    let equipmentKinds = ["projector", "computers", "flipchart"]

    // Rooms: a third are the authority's own (free), the rest rented.
    let venueCount = max(4, offeringCount / 4)
    let venues = (1...venueCount).map { index -> Venue in
        let own = index % 3 == 1
        var equipment = ["projector"]
        if random.next(upperBound: UInt64(2)) == 0 { equipment.append("flipchart") }
        if random.next(upperBound: UInt64(4)) == 0 { equipment.append("computers") }
        return Venue(
            id: String(format: "V%04d", index), name: own ? "Town hall room \(index)" : "Centre \(index)",
            territory: territories[index % territories.count], address: "\(index) rue de la Coopération",
            capacity: pick([16, 20, 24, 30, 40]), equipment: equipment,
            stepFreeAccess: random.next(upperBound: UInt64(6)) != 0,
            costPerSlot: Money(minorUnits: own ? 0 : Int64(number(6...20) * 1_000), currency: eur),
            provider: own ? "Municipality" : "Private")
    }
    // Trainers: each teaches a few modules; one in ten is an in-house expert.
    let trainerCount = max(4, offeringCount / 3)
    let trainers = (1...trainerCount).map { index -> Trainer in
        let inHouse = index % 10 == 0
        let teaches = (0..<3).map { _ in pick(modules).id }
        return Trainer(
            id: String(format: "T%04d", index), name: "Trainer \(index)", teaches: Array(Set(teaches)).sorted(),
            languages: random.next(upperBound: UInt64(5)) == 0 ? ["fr", "nl"] : ["fr"],
            feePerSession: Money(minorUnits: inHouse ? 0 : Int64(number(25...60) * 1_000), currency: eur),
            maxSessionsPerWeek: number(3...6), territory: territories[index % territories.count], inHouse: inHouse,
            unavailable: [])
    }
    let start = LocalDate(year: 2027, month: 1, day: 11)!
    let end = LocalDate(year: 2027, month: 6, day: 25)!
    // Offerings.
    var offerings: [Offering] = []
    for index in 1...offeringCount {
        let module = modules[(index * 7) % modules.count]
        let audience: Audience = pick([.administrators, .entrepreneurs, .socialEconomy])
        let windowStart = start.adding(days: number(0...90))
        let windowEnd = min(end, windowStart.adding(days: number(28...70)))
        let teachers = trainers.filter { $0.teaches.contains(module.id) }
        let speaksDutch = teachers.contains { $0.languages.contains("nl") }
        let language = speaksDutch && random.next(upperBound: UInt64(3)) == 0 ? "nl" : "fr"
        offerings.append(
            Offering(
                id: String(format: "O%05d", index), moduleID: module.id, curriculumID: curriculum.id,
                audience: audience,
                cohorts: number(1...2), participantsPerCohort: pick([12, 15, 18, 20]), sessionsPerCohort: number(2...4),
                window: windowStart...windowEnd, allowedSlots: audience == .entrepreneurs ? ["evening"] : [],
                minDaysBetween: 2, maxDaysBetween: 21, prerequisites: [],
                territory: territories[index % territories.count], language: language,
                equipment: random.next(upperBound: UInt64(8)) == 0 ? [pick(equipmentKinds)] : ["projector"],
                stepFreeRequired: true, priority: number(0...3)))
    }
    // Tracks: administrators' offerings in consecutive groups of three share participants.
    var tracks: [Track] = []
    let administrators = offerings.filter { $0.audience == .administrators }
    for group in stride(from: 0, to: administrators.count - 2, by: 3) {
        tracks.append(
            Track(
                id: "TRACK-\(tracks.count + 1)",
                cohorts: administrators[group..<group + 3].map { Cohort(offeringID: $0.id, number: 1) }))
    }
    // Funders: budgets scale with the programme; ESF+ caps its rate and funds two audiences.
    let unit = Int64(offeringCount) * 150_000
    let funders = [
        Funder(
            id: "ESF", name: "ESF+", budget: Money(minorUnits: unit * 3, currency: eur), maxRateBasisPoints: 6_000,
            pays: [.trainerFees], audiences: [.administrators, .socialEconomy], isEUFunding: true),
        Funder(
            id: "REGION", name: "Region", budget: Money(minorUnits: unit * 2, currency: eur),
            maxRateBasisPoints: 5_000, pays: CostKind.allCases),
        Funder(
            id: "CITY", name: "Municipality", budget: Money(minorUnits: unit * 2, currency: eur),
            maxRateBasisPoints: 10_000, pays: CostKind.allCases),
        Funder(
            id: "CLUSTER", name: "Cluster partners", budget: Money(minorUnits: unit, currency: eur),
            maxRateBasisPoints: 3_000, pays: [.trainerFees], audiences: [.entrepreneurs, .socialEconomy]),
    ]
    let calendar = ProgrammeCalendar(
        period: start...end, timeZone: TimeZoneID("Europe/Brussels")!, workingWeekdays: [1, 2, 3, 4, 5],
        closedDates: [LocalDate(year: 2027, month: 3, day: 29)!, LocalDate(year: 2027, month: 5, day: 6)!],
        slots: [
            TimeSlot(name: "morning", start: TimeOfDay(hour: 9, minute: 0)!, end: TimeOfDay(hour: 12, minute: 30)!)!,
            TimeSlot(name: "afternoon", start: TimeOfDay(hour: 13, minute: 30)!, end: TimeOfDay(hour: 17, minute: 0)!)!,
            TimeSlot(name: "evening", start: TimeOfDay(hour: 18, minute: 0)!, end: TimeOfDay(hour: 21, minute: 0)!)!,
        ])
    return GeneratedProblem(
        problem: SchedulingProblem(
            calendar: calendar, venues: venues, trainers: trainers, funders: funders, offerings: offerings,
            tracks: tracks),
        curriculum: curriculum)
}
