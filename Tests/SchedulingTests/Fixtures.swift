import PlannerCore
import Scheduling

let eur = Currency.euro

func money(_ text: String) -> Money { try! Money(parsing: text, currency: eur) }

func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }

func slot(_ name: String, _ start: String, _ end: String) -> TimeSlot {
    TimeSlot(name: name, start: TimeOfDay(parsing: start)!, end: TimeOfDay(parsing: end)!)!
}

/// A small programme: working days of March 2027 in Brussels, three slots a day.
func calendar(from: String = "2027-03-01", to: String = "2027-03-31", closed: [String] = []) -> ProgrammeCalendar {
    ProgrammeCalendar(
        period: date(from)...date(to), timeZone: TimeZoneID("Europe/Brussels")!,
        closedDates: Set(closed.map(date)),
        slots: [
            slot("morning", "09:00", "12:30"), slot("afternoon", "13:30", "17:00"), slot("evening", "18:00", "21:00"),
        ])
}

func venue(
    _ id: String, capacity: Int = 30, equipment: [String] = ["projector"], stepFree: Bool = true, cost: String = "0",
    territory: String = "Liège", unavailable: [Unavailability] = []
) -> Venue {
    Venue(
        id: id, name: "Room \(id)", territory: territory, address: "\(id) street 1", capacity: capacity,
        equipment: equipment, stepFreeAccess: stepFree, costPerSlot: money(cost), provider: "City",
        unavailable: unavailable)
}

func trainer(
    _ id: String, teaches: [String] = ["M1"], languages: [String] = ["fr"], fee: String = "400", maxPerWeek: Int = 10,
    inHouse: Bool = false, unavailable: [Unavailability] = []
) -> Trainer {
    Trainer(
        id: id, name: "Trainer \(id)", teaches: teaches, languages: languages, feePerSession: money(fee),
        maxSessionsPerWeek: maxPerWeek, territory: "Liège", inHouse: inHouse, unavailable: unavailable)
}

func funder(
    _ id: String, budget: String = "100000", rate: Int = 10_000, pays: [CostKind] = CostKind.allCases,
    audiences: [Audience] = []
) -> Funder {
    Funder(
        id: id, name: id, budget: money(budget), maxRateBasisPoints: rate, pays: pays, audiences: audiences)
}

func offering(
    _ id: String, module: String = "M1", cohorts: Int = 1, participants: Int = 20, sessions: Int = 2,
    from: String = "2027-03-01", to: String = "2027-03-31", slots: [String] = [], minDays: Int = 1,
    maxDays: Int? = nil, prerequisites: [String] = [], language: String? = "fr", equipment: [String] = ["projector"],
    stepFree: Bool = true, priority: Int = 0, audience: Audience = .administrators
) -> Offering {
    Offering(
        id: id, moduleID: module, curriculumID: "C-\(module)", audience: audience, cohorts: cohorts,
        participantsPerCohort: participants, sessionsPerCohort: sessions, window: date(from)...date(to),
        allowedSlots: slots, minDaysBetween: minDays, maxDaysBetween: maxDays, prerequisites: prerequisites,
        language: language, equipment: equipment, stepFreeRequired: stepFree, priority: priority)
}

func problem(
    calendar: ProgrammeCalendar = calendar(), venues: [Venue] = [venue("V1")], trainers: [Trainer] = [trainer("T1")],
    funders: [Funder] = [funder("CITY")], offerings: [Offering], tracks: [Track] = []
) -> SchedulingProblem {
    SchedulingProblem(
        calendar: calendar, venues: venues, trainers: trainers, funders: funders, offerings: offerings, tracks: tracks)
}

/// Solves quickly and deterministically.
func run(_ problem: SchedulingProblem, seed: UInt64 = 7) -> ScheduleResult {
    solve(problem, options: SolveOptions(seed: seed, seconds: 5, iterations: 300))
}

/// A tiny CB-CTT instance: three courses (two taught by t1), two rooms, two days of two periods.
let tinyCTT = """
    Name: Tiny
    Courses: 3
    Rooms: 2
    Days: 2
    Periods_per_day: 2
    Curricula: 1
    Constraints: 1

    COURSES:
    A t1 2 2 30
    B t1 1 1 10
    C t2 2 1 25

    ROOMS:
    r1 20
    r2 40

    CURRICULA:
    q1 2 A C

    UNAVAILABILITY_CONSTRAINTS:
    B 0 0

    END.
    """
