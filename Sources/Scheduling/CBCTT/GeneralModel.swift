public import PlannerCore

/// CB-CTT in the general scheduling model, and back: courses are offerings of one cohort taught by their
/// teacher (the only trainer who teaches them), curricula are tracks, rooms are venues, days × periods are
/// open days × slots, and the ITC-2007 cost is the soft weights `over-capacity` 1, `min-days` 5,
/// `isolated-session` 2 and `extra-venue` 1 (every other weight 0).
extension CBCTTInstance {
    /// The ITC-2007 weights in the general model.
    public static var weights: SoftWeights {
        var weights = SoftWeights()
        for name in SoftWeights.names { _ = weights.set(name, to: 0) }
        weights.overCapacity = 1
        weights.minimumDays = 5
        weights.isolatedSession = 2
        weights.extraVenue = 1
        return weights
    }

    /// The first day of the week the instance is laid on (a Monday); every day of the week is open.
    static let firstDay = LocalDate(year: 2029, month: 1, day: 1)!

    /// The instance as a general scheduling problem.
    public var schedulingProblem: SchedulingProblem {
        let dates = (0..<days).map { CBCTTInstance.firstDay.adding(days: $0) }
        let minutes = min(60, 900 / max(1, periodsPerDay))
        let slots = (0..<periodsPerDay).map { period in
            TimeSlot(
                name: "p\(period)", start: TimeOfDay(hour: 8 + period * minutes / 60, minute: period * minutes % 60)!,
                end: TimeOfDay(hour: 8 + (period + 1) * minutes / 60, minute: (period + 1) * minutes % 60)!)!
        }
        let calendar = ProgrammeCalendar(
            period: dates[0]...dates[dates.count - 1], timeZone: TimeZoneID("UTC")!,
            workingWeekdays: Set(1...7), slots: slots)
        func unavailability(_ periods: Set<Int>) -> [Unavailability] {
            periods.sorted().map {
                Unavailability(date: dates[$0 / periodsPerDay], slot: slots[$0 % periodsPerDay].name)
            }
        }
        var teaching: [String: [String]] = [:]
        var teachers: [String] = []
        for course in courses {
            if teaching[course.teacher] == nil { teachers.append(course.teacher) }
            teaching[course.teacher, default: []].append(course.id)
        }
        let zero = Money.zero(.euro)
        return SchedulingProblem(
            calendar: calendar,
            venues: rooms.map {
                Venue(
                    id: $0.id, name: $0.id, territory: "", address: "", capacity: $0.capacity, equipment: [],
                    stepFreeAccess: true, costPerSlot: zero, provider: "")
            },
            trainers: teachers.map {
                Trainer(
                    id: $0, name: $0, teaches: teaching[$0]!, languages: [], feePerSession: zero, maxSessionsPerWeek: 0,
                    territory: "", inHouse: true)
            },
            funders: [],
            offerings: courses.enumerated().map { index, course in
                Offering(
                    id: course.id, moduleID: course.id, audience: .administrators, cohorts: 1,
                    participantsPerCohort: course.students, sessionsPerCohort: course.lectures, window: calendar.period,
                    minDaysBetween: 0, stepFreeRequired: false, unavailable: unavailability(unavailable[index]),
                    minimumDays: course.minWorkingDays)
            },
            tracks: curricula.map { curriculum in
                Track(
                    id: curriculum.id, cohorts: curriculum.courses.map { Cohort(offeringID: courses[$0].id, number: 1) }
                )
            },
            weights: CBCTTInstance.weights)
    }

    /// The timetabling instance a general problem is, when it is one: every offering one cohort with
    /// exactly one trainer who may teach it (its teacher) and any venue, sessions allowed on the same day,
    /// no prerequisites, costs, funders or published sessions, slots that do not overlap, and the ITC-2007
    /// weights. Times an offering may not use (outside its window or allowed slots, unavailable to it or
    /// to its teacher) become its unavailable periods. Throws, naming everything that does not fit.
    public init(problem: SchedulingProblem, name: String = "problem") throws {
        let (instance, misfits) = CBCTTInstance.timetable(of: problem, name: name, strict: true)
        guard let instance, misfits.isEmpty else {
            throw CBCTTError(
                diagnostic: .error("not a timetabling problem: " + misfits.joined(separator: "; "), file: name))
        }
        self = instance
    }

    /// The timetable a seminar problem is, when the timetabling moves can search it: like
    /// ``init(problem:name:)``, but with any soft weights (each a term of the timetable's cost), several cohorts
    /// per offering (each a course of its own), venues an offering may not use (hard) and sessions a day
    /// apart (`minDaysBetween` 1: one a day, hard). `nil` when it is not one.
    static func timetabling(_ problem: SchedulingProblem) -> CBCTTInstance? {
        let (instance, misfits) = timetable(of: problem, name: "problem", strict: false)
        return misfits.isEmpty ? instance : nil
    }

    /// The timetable of a problem, cohort by cohort in the order of the offerings, and what does not fit (the
    /// ITC-2007 form when `strict`).
    static func timetable(of problem: SchedulingProblem, name: String, strict: Bool) -> (CBCTTInstance?, [String]) {
        let grid = Grid(problem)
        let weights = problem.weights
        var misfits: [String] = []
        if strict && weights != CBCTTInstance.weights {
            misfits.append(
                "the weights are not the ITC-2007 ones (over-capacity 1, min-days 5, isolated-session 2, "
                    + "extra-venue 1, all others 0)")
        }
        if !problem.funders.isEmpty { misfits.append("it has funders") }
        if !problem.published.isEmpty { misfits.append("it has published sessions") }
        if zip(grid.slots, grid.slots.dropFirst()).contains(where: { $0.overlaps($1) }) {
            misfits.append("some slots overlap")
        }
        for venue in problem.venues where !venue.unavailable.isEmpty || venue.costPerSlot.minorUnits != 0 {
            misfits.append("venue \(venue.id) has a cost or unavailable days")
        }
        for trainer in problem.trainers where !trainer.inHouse && trainer.feePerSession.minorUnits != 0 {
            misfits.append("trainer \(trainer.id) has a fee")
        }
        for trainer in problem.trainers where trainer.maxSessionsPerWeek > 0 {
            misfits.append("trainer \(trainer.id) has a weekly maximum")
        }
        var courses: [Course] = []
        var unavailable: [Set<Int>] = []
        var terms = TimetableTerms(weights: weights)
        var roomCost: [[Int]] = []
        var courseOf: [Cohort: Int] = [:]
        let times = Set(0..<grid.timeCount)
        for (index, offering) in problem.offerings.enumerated() {
            let trainers = grid.trainersFor[index]
            let venues = grid.venuesFor[index]
            if strict && offering.cohorts != 1 {
                misfits.append("offering \(offering.id) has \(offering.cohorts) cohorts")
            }
            if trainers.count != 1 {
                misfits.append("offering \(offering.id) has \(trainers.count) trainers who may teach it, not one")
            }
            if strict ? venues.count != problem.venues.count : venues.isEmpty {
                misfits.append("offering \(offering.id) may not use every venue")
            }
            if (strict ? offering.minDaysBetween != 0 : offering.minDaysBetween > 1) || offering.maxDaysBetween != nil
                || !offering.prerequisites.isEmpty
            {
                misfits.append("offering \(offering.id) has spacing or prerequisites")
            }
            guard let trainer = trainers.first else { continue }
            var blocked = times.subtracting(grid.timesFor[index])
            blocked.formUnion(grid.trainerBlocked[trainer])
            let allowed = Set(venues)
            let costs = problem.venues.indices.map { venue in
                weights.overCapacity * max(0, offering.participantsPerCohort - problem.venues[venue].capacity)
                    + (offering.territory.map { !$0.isEmpty && problem.venues[venue].territory != $0 } == true
                        ? weights.outsideTerritory : 0)
            }
            for number in 1...max(1, offering.cohorts) {
                let cohort = Cohort(offeringID: offering.id, number: number)
                courseOf[cohort] = courses.count
                courses.append(
                    Course(
                        id: strict ? offering.id : cohort.label, teacher: problem.trainers[trainer].id,
                        lectures: offering.sessionsPerCohort, minWorkingDays: offering.minimumDays,
                        students: offering.participantsPerCohort))
                unavailable.append(blocked)
                roomCost.append(costs)
                terms.forbiddenRooms.append(Set(problem.venues.indices).subtracting(allowed))
                terms.onePerDay.append(offering.minDaysBetween == 1)
            }
        }
        terms.roomCost = roomCost
        var curricula: [(id: String, courses: [Int])] = []
        for track in problem.tracks {
            var members: [Int] = []
            for cohort in track.cohorts {
                guard let course = courseOf[cohort] else {
                    misfits.append("track \(track.id) names \(cohort.label), which is not an offering's cohort")
                    continue
                }
                members.append(course)
            }
            curricula.append((track.id, members))
        }
        guard misfits.isEmpty else { return (nil, misfits) }
        var instance = CBCTTInstance(
            name: name, days: grid.days.count, periodsPerDay: grid.slots.count, courses: courses,
            rooms: problem.venues.map { Room(id: $0.id, capacity: $0.capacity) }, curricula: curricula,
            unavailable: unavailable)
        instance.terms = terms
        return (instance, [])
    }

    /// Lectures as sessions of the general problem this instance is (``schedulingProblem`` or the problem
    /// it was made from), numbered per cohort in time order.
    public func sessions(_ assignments: [CBCTTAssignment], in problem: SchedulingProblem) -> [Session] {
        let grid = Grid(problem)
        var next = [Int](repeating: 0, count: courses.count)
        return assignments.sorted { ($0.course, $0.period, $0.room) < ($1.course, $1.period, $1.room) }.map {
            next[$0.course] += 1
            return Session(
                cohort: Cohort(offeringID: courses[$0.course].id, number: 1), index: next[$0.course],
                date: grid.days[$0.period / periodsPerDay], slot: grid.slots[$0.period % periodsPerDay],
                venueID: rooms[$0.room].id, trainerID: courses[$0.course].teacher)
        }
    }

    /// Sessions of the general problem as lectures (sessions of unknown offerings, venues, days or slots
    /// are left out).
    public func assignments(_ sessions: [Session], in problem: SchedulingProblem) -> [CBCTTAssignment] {
        let grid = Grid(problem)
        let courseIndex = Dictionary(courses.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let roomIndex = Dictionary(rooms.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        return sessions.compactMap { session in
            guard let course = courseIndex[session.cohort.offeringID], let room = roomIndex[session.venueID],
                let period = grid.time(of: session)
            else { return nil }
            return CBCTTAssignment(course: course, room: room, period: period)
        }
    }
}

/// What a timetable's cost counts and how much each term weighs: the ITC-2007 cost by default; a seminar
/// problem's soft weights when the timetable is made from one (``CBCTTInstance/timetabling(_:)``), each term
/// counted as the general model's evaluation counts it.
struct TimetableTerms: Sendable {
    /// Per working day below a course's minimum (`min-days`).
    var minimumDays = 5
    /// Per lecture with no lecture of a curriculum of its in the period before or after (`isolated-session`).
    var isolated = 2
    /// Per room a course uses beyond its first (`extra-venue`).
    var extraRoom = 1
    /// Per lecture on a day the course already has one (`same-day`).
    var sameDay = 0
    /// Per lecture in another room than its course's first (`venue-change`).
    var roomChange = 0
    /// Per idle period between a curriculum's lectures of a day (`track-gap`).
    var trackGap = 0
    /// What a lecture of course c costs in room r, `roomCost[c][r]`; `nil`: the students above the capacity.
    var roomCost: [[Int]]?
    /// Rooms each course may not use.
    var forbiddenRooms: [Set<Int>] = []
    /// Whether each course takes at most one lecture a day.
    var onePerDay: [Bool] = []

    init() {}

    /// The terms of a seminar problem's weights (room costs and hard constraints set apart).
    init(weights: SoftWeights) {
        minimumDays = weights.minimumDays
        isolated = weights.isolatedSession
        extraRoom = weights.extraVenue
        sameDay = weights.sameDay
        roomChange = weights.venueChange
        trackGap = weights.trackGap
    }
}
