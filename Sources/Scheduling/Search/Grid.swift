import PlannerCore

/// The problem turned into indices: open days × slots as time indices, resources as integers, the
/// static filters (capacity, equipment, qualification, allowed and unavailable slots) computed once.
struct Grid {
    let problem: SchedulingProblem
    /// Open days of the programme, in order.
    let days: [LocalDate]
    /// Slots of a day.
    let slots: [TimeSlot]
    /// For each slot, the slots of the same day that overlap it (itself included).
    let overlapping: [[Int]]
    /// ISO week number (from the first day) of each open day.
    let week: [Int]
    /// Open day and slot (by name) indices.
    let dayIndex: [LocalDate: Int]
    let slotIndex: [String: Int]
    /// Offering by id, and its index.
    let offeringIndex: [String: Int]
    let venueIndex: [String: Int]
    let trainerIndex: [String: Int]
    /// Per offering: venues and trainers that pass the static filters, and allowed times.
    let venuesFor: [[Int]]
    let trainersFor: [[Int]]
    let timesFor: [[Int]]
    /// Per venue / trainer: blocked times.
    let venueBlocked: [Set<Int>]
    let trainerBlocked: [Set<Int>]
    /// Tracks each cohort belongs to.
    let tracksOf: [Cohort: [Int]]
    /// Per offering: the offerings that name it as a prerequisite.
    let dependentsOf: [[Int]]

    var timeCount: Int { days.count * slots.count }
    /// Whether an offering may use a time (its allowed times are in order).
    func allows(_ offering: Int, at time: Int) -> Bool {
        let times = timesFor[offering]
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low < times.count && times[low] == time
    }
    func day(of time: Int) -> Int { time / slots.count }
    func slot(of time: Int) -> Int { time % slots.count }

    /// The time of a session's day and slot, if both are the programme's.
    func time(of session: Session) -> Int? {
        guard let day = dayIndex[session.date], let slot = slotIndex[session.slot.name] else { return nil }
        return day * slots.count + slot
    }

    init(_ problem: SchedulingProblem) {
        self.problem = problem
        let calendar = problem.calendar
        let days = calendar.openDays(in: calendar.period)
        let slots = calendar.slots
        self.days = days
        self.slots = slots
        overlapping = slots.map { slot in slots.indices.filter { slots[$0].overlaps(slot) } }
        let firstMonday = (days.first ?? calendar.period.lowerBound).adding(
            days: -((days.first ?? calendar.period.lowerBound).weekday - 1))
        week = days.map { firstMonday.days(to: $0) / 7 }
        offeringIndex = Dictionary(problem.offerings.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        venueIndex = Dictionary(problem.venues.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        trainerIndex = Dictionary(problem.trainers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let slotCount = slots.count
        let dayIndex = Dictionary(days.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        self.dayIndex = dayIndex
        slotIndex = Dictionary(slots.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        func blocked(_ list: [Unavailability]) -> Set<Int> {
            var result = Set<Int>()
            for item in list {
                guard let d = dayIndex[item.date] else { continue }
                for (s, slot) in slots.enumerated() where item.slot == nil || item.slot == slot.name {
                    result.insert(d * slotCount + s)
                }
            }
            return result
        }
        venueBlocked = problem.venues.map { blocked($0.unavailable) }
        trainerBlocked = problem.trainers.map { blocked($0.unavailable) }
        // Each venue's equipment and each trainer's modules and languages are made sets once rather than
        // once per offering (on XL, 6,700 offerings, building them per pair was a third of the set-up: `perf`).
        let equipment = problem.venues.map { Set($0.equipment) }
        let profiles = problem.trainers.map(TrainerProfile.init)
        let softCapacity = problem.weights.overCapacity > 0
        venuesFor = problem.offerings.map { offering in
            let needed = Set(offering.equipment)
            return problem.venues.indices.filter { index in
                let venue = problem.venues[index]
                return (softCapacity || venue.capacity >= offering.participantsPerCohort)
                    && (needed.isEmpty || needed.isSubset(of: equipment[index]))
                    && (!offering.stepFreeRequired || venue.stepFreeAccess)
            }
        }
        trainersFor = problem.offerings.map { offering in
            problem.trainers.indices.filter { profiles[$0].suits(offering) }
        }
        timesFor = problem.offerings.map { offering in
            let unavailable = blocked(offering.unavailable)
            var times: [Int] = []
            for (d, date) in days.enumerated() where offering.window.contains(date) {
                for (s, slot) in slots.enumerated()
                where (offering.allowedSlots.isEmpty || offering.allowedSlots.contains(slot.name))
                    && !unavailable.contains(d * slotCount + s)
                {
                    times.append(d * slotCount + s)
                }
            }
            return times
        }
        var tracks: [Cohort: [Int]] = [:]
        for (index, track) in problem.tracks.enumerated() {
            for cohort in track.cohorts { tracks[cohort, default: []].append(index) }
        }
        tracksOf = tracks
        var dependents = [[Int]](repeating: [], count: problem.offerings.count)
        for (index, offering) in problem.offerings.enumerated() {
            for prerequisite in Set(offering.prerequisites) {
                if let other = offeringIndex[prerequisite] { dependents[other].append(index) }
            }
        }
        dependentsOf = dependents
    }

    static func trainer(_ trainer: Trainer, suits offering: Offering) -> Bool {
        TrainerProfile(trainer).suits(offering)
    }

    static func speaks(_ trainer: Trainer, _ language: String?) -> Bool { TrainerProfile(trainer).speaks(language) }

    /// The primary subtag of a language tag, lower-cased (`fr-BE` → `fr`).
    static func primaryLanguage(_ tag: String) -> String {
        tag.lowercased().split(separator: "-").first.map(String.init) ?? tag.lowercased()
    }
}

/// What a trainer teaches and speaks, as sets: whether they suit an offering.
struct TrainerProfile {
    let teaches: Set<String>
    /// Primary language subtags.
    let languages: Set<String>

    init(_ trainer: Trainer) {
        teaches = Set(trainer.teaches)
        languages = Set(trainer.languages.map(Grid.primaryLanguage))
    }

    /// Qualified for the module (or its curriculum) and speaking the offering's language.
    func suits(_ offering: Offering) -> Bool {
        (teaches.contains(offering.moduleID) || teaches.contains(offering.curriculumID)) && speaks(offering.language)
    }

    func speaks(_ language: String?) -> Bool {
        guard let language, !language.isEmpty else { return true }
        return languages.contains(Grid.primaryLanguage(language))
    }
}
