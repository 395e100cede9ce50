/// A CB-CTT timetable being searched: every lecture's period and room, and the counts its cost is kept
/// from, move by move.
///
/// Rooms are exclusive by construction (a lecture moved to an occupied room and period changes places with
/// the lecture there), so the room-occupancy constraint can never be broken. The other hard constraints
/// are counted as `hard`, a stand-in that is 0 exactly when the ITC-2007 scorer finds no violation: two
/// lectures of one course, of one curriculum or of one teacher in a period cost one per pair, a lecture in
/// an unavailable period costs one. `soft` is the ITC-2007 cost itself (room capacity, 5 × minimum working
/// days, 2 × isolated lectures, room stability).
///
/// The counts live in buffers of their own (not arrays) because the search reads and writes them millions of
/// times a second: no copy-on-write or exclusivity checks in the way.
final class Timetable {
    let periods: Int
    let periodsPerDay: Int
    let days: Int
    let rooms: Int
    let courses: Int
    let lectures: Int

    // What does not change.
    /// The course of each lecture.
    let course: Buffer
    let teacher: Buffer
    /// The curricula of course `c` are `curriculum[curriculaStart[c]..<curriculaStart[c + 1]]`.
    let curriculaStart: Buffer
    let curriculum: Buffer
    /// 1 where course × period is unavailable.
    let unavailable: Buffer
    /// What a lecture costs in a room, course × room: students above its capacity (ITC-2007), or a seminar
    /// problem's over-capacity and outside-territory penalties (``TimetableTerms/roomCost``).
    let roomCost: Buffer
    /// 1 where a course may not use a room (a hard constraint; none in ITC-2007).
    let forbidden: Buffer
    /// 1 where a course takes at most one lecture a day (a hard constraint; none in ITC-2007).
    let onePerDay: Buffer
    /// The weights of the cost's terms.
    let terms: TimetableTerms
    /// The lectures of course `c` are `firstLecture[c]..<firstLecture[c + 1]`.
    let firstLecture: Buffer
    let minimumDays: Buffer
    /// 1 where a course (row) belongs to a curriculum (column).
    let member: Buffer
    let curricula: Int
    /// 1 where two courses may not share a period (same curriculum or teacher; a course with itself).
    let related: Buffer

    // The timetable and its counts.
    let period: Buffer
    let room: Buffer
    /// The lecture in room × period, or -1.
    let occupant: Buffer
    let coursePeriod: Buffer
    let curriculumPeriod: Buffer
    let teacherPeriod: Buffer
    let courseDay: Buffer
    let daysUsed: Buffer
    let courseRoom: Buffer
    let roomsUsed: Buffer
    /// 1 where a lecture is counted (placed and not lifted).
    let placed: Buffer
    /// Lectures of each course in another room than its first lecture's (counted when ``TimetableTerms/roomChange``
    /// weighs something).
    let roomChanges: Buffer
    /// Idle periods between the lectures of a curriculum on a day, curriculum × day (counted when
    /// ``TimetableTerms/trackGap`` weighs something).
    let trackGaps: Buffer
    private(set) var hard = 0
    private(set) var soft = 0

    /// Every lecture, course by course, in the instance's order, at period 0 in room 0 but not yet counted:
    /// ``place(_:period:room:)`` puts each where it goes.
    init(_ instance: CBCTTInstance) {
        periods = instance.periods
        periodsPerDay = instance.periodsPerDay
        days = instance.days
        rooms = instance.rooms.count
        courses = instance.courses.count
        lectures = instance.courses.map(\.lectures).reduce(0, +)
        course = Buffer(count: lectures)
        var l = 0
        for (c, each) in instance.courses.enumerated() {
            for _ in 0..<each.lectures {
                course[l] = c
                l += 1
            }
        }
        var teachers: [String: Int] = [:]
        teacher = Buffer(count: courses)
        for (c, each) in instance.courses.enumerated() {
            teacher[c] = teachers[each.teacher] ?? teachers.count
            teachers[each.teacher] = teacher[c]
        }
        var curriculaOf = [[Int]](repeating: [], count: courses)
        for (q, each) in instance.curricula.enumerated() { for c in Set(each.courses) { curriculaOf[c].append(q) } }
        curriculaStart = Buffer(count: courses + 1)
        curriculum = Buffer(count: max(1, curriculaOf.map(\.count).reduce(0, +)))
        var next = 0
        for c in 0..<courses {
            curriculaStart[c] = next
            for q in curriculaOf[c] {
                curriculum[next] = q
                next += 1
            }
        }
        curriculaStart[courses] = next
        unavailable = Buffer(count: courses * periods)
        for c in 0..<courses { for p in instance.unavailable[c] { unavailable[c * periods + p] = 1 } }
        terms = instance.terms
        roomCost = Buffer(count: courses * rooms)
        forbidden = Buffer(count: courses * rooms)
        onePerDay = Buffer(count: courses)
        for c in 0..<courses {
            for r in 0..<rooms {
                roomCost[c * rooms + r] =
                    terms.roomCost.map { $0[c][r] }
                    ?? max(0, instance.courses[c].students - instance.rooms[r].capacity)
                if c < terms.forbiddenRooms.count && terms.forbiddenRooms[c].contains(r) {
                    forbidden[c * rooms + r] = 1
                }
            }
            if c < terms.onePerDay.count && terms.onePerDay[c] { onePerDay[c] = 1 }
        }
        firstLecture = Buffer(count: courses + 1)
        for c in 0..<courses { firstLecture[c + 1] = firstLecture[c] + instance.courses[c].lectures }
        placed = Buffer(count: lectures)
        roomChanges = Buffer(count: courses)
        trackGaps = Buffer(count: max(1, instance.curricula.count * days))
        minimumDays = Buffer(count: courses)
        for c in 0..<courses { minimumDays[c] = instance.courses[c].minWorkingDays }
        curricula = instance.curricula.count
        member = Buffer(count: max(1, courses * curricula))
        for (q, each) in instance.curricula.enumerated() { for c in each.courses { member[c * curricula + q] = 1 } }
        related = Buffer(count: courses * courses)
        for a in 0..<courses {
            for b in 0..<courses where a == b || teacher[a] == teacher[b] { related[a * courses + b] = 1 }
        }
        for each in instance.curricula {
            for a in each.courses { for b in each.courses { related[a * courses + b] = 1 } }
        }
        chain = Buffer(count: 2 * lectures + 2)
        chainFrom = Buffer(count: 2 * lectures + 2)
        period = Buffer(count: lectures)
        room = Buffer(count: lectures)
        occupant = Buffer(count: rooms * periods, value: -1)
        coursePeriod = Buffer(count: courses * periods)
        curriculumPeriod = Buffer(count: max(1, instance.curricula.count * periods))
        teacherPeriod = Buffer(count: max(1, teachers.count * periods))
        courseDay = Buffer(count: courses * days)
        daysUsed = Buffer(count: courses)
        courseRoom = Buffer(count: courses * rooms)
        roomsUsed = Buffer(count: courses)
        // Courses without lectures cost their minimum working days from the start.
        for c in 0..<courses { soft += terms.minimumDays * minimumDays[c] }
    }

    deinit {
        for buffer in [
            course, teacher, curriculaStart, curriculum, unavailable, roomCost, forbidden, onePerDay, firstLecture,
            minimumDays, member, related, chain, chainFrom, period, room, occupant, placed, roomChanges, trackGaps,
            coursePeriod, curriculumPeriod, teacherPeriod, courseDay, daysUsed, courseRoom, roomsUsed,
        ] {
            buffer.free()
        }
    }

    /// The cost with hard violations weighing `weight`.
    func cost(weight: Int) -> Int { weight * hard + soft }

    /// Takes lecture `l` out of its place (it stays recorded there, uncounted, until ``place(_:period:room:)``).
    @inline(__always) func lift(_ l: Int) {
        let c = course[l]
        let p = period[l]
        let r = room[l]
        occupant[r * periods + p] = -1
        placed[l] = 0
        count(c, p, r, by: -1)
        if terms.roomChange > 0 { countRoomChanges(c) }
        if terms.trackGap > 0 { countTrackGaps(c, day: p / periodsPerDay) }
    }

    /// Puts lecture `l` at `p` in room `r` (which must be free).
    @inline(__always) func place(_ l: Int, period p: Int, room r: Int) {
        let c = course[l]
        period[l] = p
        room[l] = r
        occupant[r * periods + p] = l
        placed[l] = 1
        count(c, p, r, by: 1)
        if terms.roomChange > 0 { countRoomChanges(c) }
        if terms.trackGap > 0 { countTrackGaps(c, day: p / periodsPerDay) }
    }

    /// Counts course `c`'s lectures in another room than its first lecture's (the earliest) again.
    private func countRoomChanges(_ c: Int) {
        var earliest = Int.max
        var first = -1
        for l in firstLecture[c]..<firstLecture[c + 1] where placed[l] != 0 && period[l] < earliest {
            earliest = period[l]
            first = room[l]
        }
        var changes = 0
        for l in firstLecture[c]..<firstLecture[c + 1] where placed[l] != 0 && room[l] != first { changes += 1 }
        soft += terms.roomChange * (changes - roomChanges[c])
        roomChanges[c] = changes
    }

    /// Counts the idle periods of course `c`'s curricula on a day again.
    private func countTrackGaps(_ c: Int, day: Int) {
        var i = curriculaStart[c]
        while i < curriculaStart[c + 1] {
            let q = curriculum[i]
            i += 1
            let base = q * periods + day * periodsPerDay
            var first = -1
            var last = -1
            var distinct = 0
            for p in 0..<periodsPerDay where curriculumPeriod[base + p] > 0 {
                if first < 0 { first = p }
                last = p
                distinct += 1
            }
            let gaps = first < 0 ? 0 : last - first + 1 - distinct
            soft += terms.trackGap * (gaps - trackGaps[q * days + day])
            trackGaps[q * days + day] = gaps
        }
    }

    @inline(__always) private func count(_ c: Int, _ p: Int, _ r: Int, by step: Int) {
        // Pairs: adding the n-th lecture to a count makes n − 1 new pairs; removing one of n unmakes n − 1.
        let courseCell = c * periods + p
        let n = coursePeriod[courseCell] + (step > 0 ? 0 : -1)
        hard += step * n
        coursePeriod[courseCell] = n + (step > 0 ? 1 : 0)
        let teacherCell = teacher[c] * periods + p
        let t = teacherPeriod[teacherCell] + (step > 0 ? 0 : -1)
        hard += step * t
        teacherPeriod[teacherCell] = t + (step > 0 ? 1 : 0)
        hard += step * unavailable[courseCell]
        hard += step * forbidden[c * rooms + r]
        soft += step * roomCost[c * rooms + r]
        let dayCell = c * days + p / periodsPerDay
        let minimum = minimumDays[c]
        if step > 0 {
            if courseDay[dayCell] == 0 {
                if daysUsed[c] < minimum { soft -= terms.minimumDays }
                daysUsed[c] += 1
            } else {
                soft += terms.sameDay
            }
            hard += onePerDay[c] * courseDay[dayCell]
            courseDay[dayCell] += 1
        } else {
            courseDay[dayCell] -= 1
            hard -= onePerDay[c] * courseDay[dayCell]
            if courseDay[dayCell] == 0 {
                daysUsed[c] -= 1
                if daysUsed[c] < minimum { soft += terms.minimumDays }
            } else {
                soft -= terms.sameDay
            }
        }
        let roomCell = c * rooms + r
        if step > 0 {
            if courseRoom[roomCell] == 0 {
                if roomsUsed[c] > 0 { soft += terms.extraRoom }
                roomsUsed[c] += 1
            }
            courseRoom[roomCell] += 1
        } else {
            courseRoom[roomCell] -= 1
            if courseRoom[roomCell] == 0 {
                roomsUsed[c] -= 1
                if roomsUsed[c] > 0 { soft -= terms.extraRoom }
            }
        }
        // Curricula: pairs, and isolated lectures (a lecture with no lecture of its curriculum in the period
        // before or after on the same day). Only an emptied or newly used period changes its neighbours.
        let ofDay = p % periodsPerDay
        let hasBefore = ofDay > 0
        let hasAfter = ofDay < periodsPerDay - 1
        let isolated = terms.isolated
        var i = curriculaStart[c]
        let end = curriculaStart[c + 1]
        while i < end {
            let base = curriculum[i] * periods + p
            i += 1
            let before = hasBefore ? curriculumPeriod[base - 1] : 0
            let after = hasAfter ? curriculumPeriod[base + 1] : 0
            let alone = before == 0 && after == 0
            let n = curriculumPeriod[base]
            if step > 0 {
                hard += n
                curriculumPeriod[base] = n + 1
                if alone { soft += isolated }
                if n == 0 {
                    if before > 0 && (ofDay < 2 || curriculumPeriod[base - 2] == 0) { soft -= isolated * before }
                    if after > 0 && (ofDay > periodsPerDay - 3 || curriculumPeriod[base + 2] == 0) {
                        soft -= isolated * after
                    }
                }
            } else {
                hard -= n - 1
                curriculumPeriod[base] = n - 1
                if alone { soft -= isolated }
                if n == 1 {
                    if before > 0 && (ofDay < 2 || curriculumPeriod[base - 2] == 0) { soft += isolated * before }
                    if after > 0 && (ofDay > periodsPerDay - 3 || curriculumPeriod[base + 2] == 0) {
                        soft += isolated * after
                    }
                }
            }
        }
    }

    /// Moves lecture `l` to `p` in room `r`; `other`, the lecture there (or -1), takes `l`'s place. The same
    /// call with `l`'s former period and room takes the move back.
    @inline(__always) func move(_ l: Int, period p: Int, room r: Int, with other: Int) {
        let from = (period[l], room[l])
        lift(l)
        if other >= 0 { lift(other) }
        place(l, period: p, room: r)
        if other >= 0 { place(other, period: from.0, room: from.1) }
    }

    /// Whether lecture `l` takes part in a hard violation.
    @inline(__always) func inViolation(_ l: Int) -> Bool {
        let c = course[l]
        let p = period[l]
        if coursePeriod[c * periods + p] > 1 || unavailable[c * periods + p] != 0
            || teacherPeriod[teacher[c] * periods + p] > 1 || forbidden[c * rooms + room[l]] != 0
            || (onePerDay[c] != 0 && courseDay[c * days + p / periodsPerDay] > 1)
        {
            return true
        }
        var i = curriculaStart[c]
        while i < curriculaStart[c + 1] {
            if curriculumPeriod[curriculum[i] * periods + p] > 1 { return true }
            i += 1
        }
        return false
    }

    /// Whether lecture `l` at period `p` would break a hard constraint once lecture `leaving` (or none: -1),
    /// of another course, has left `p`. Cheaper than making the move: the search asks first when it takes no
    /// move that breaks one.
    @inline(__always) func clashes(_ l: Int, at p: Int, leaving: Int) -> Bool {
        let c = course[l]
        if unavailable[c * periods + p] != 0 || coursePeriod[c * periods + p] > 0 { return true }
        let other = leaving >= 0 ? course[leaving] : -1
        let sameTeacher = other >= 0 && teacher[other] == teacher[c] ? 1 : 0
        if teacherPeriod[teacher[c] * periods + p] - sameTeacher > 0 { return true }
        var i = curriculaStart[c]
        let end = curriculaStart[c + 1]
        while i < end {
            let q = curriculum[i]
            let shared = other >= 0 ? member[other * curricula + q] : 0
            if curriculumPeriod[q * periods + p] - shared > 0 { return true }
            i += 1
        }
        return false
    }

    /// The lectures of the last Kempe chain, and the period and room each came from.
    private let chain: Buffer
    private let chainFrom: Buffer
    private var chainLength = 0

    /// Moves a Kempe chain between lecture `l`'s period and `target`: `l` goes to `target`, the lectures there
    /// that may not share a period with it come to its period, those that may not share one with them go to
    /// `target`, and so on. Each keeps its room when it is free, or takes the free room nearest its needs.
    /// Returns `false`, leaving the timetable as it was, when the chain is `l`'s period itself or a period has
    /// no room left for a lecture; ``undoKempe()`` takes back a chain that was made.
    func kempe(_ l: Int, to target: Int) -> Bool {
        let source = period[l]
        guard source != target else { return false }
        chainLength = 1
        chain[0] = l
        var next = 0
        while next < chainLength {
            let x = chain[next]
            next += 1
            let to = period[x] == source ? target : source
            let c = course[x]
            for r in 0..<rooms {
                let y = occupant[r * periods + to]
                if y < 0 || related[c * courses + course[y]] == 0 { continue }
                var seen = false
                for i in 0..<chainLength where chain[i] == y {
                    seen = true
                    break
                }
                if !seen {
                    chain[chainLength] = y
                    chainLength += 1
                }
            }
        }
        for i in 0..<chainLength {
            let x = chain[i]
            chainFrom[2 * i] = period[x]
            chainFrom[2 * i + 1] = room[x]
            lift(x)
        }
        for i in 0..<chainLength {
            let x = chain[i]
            let to = chainFrom[2 * i] == source ? target : source
            var r = chainFrom[2 * i + 1]
            if occupant[r * periods + to] >= 0 {
                r = -1
                var least = Int.max
                for candidate in 0..<rooms where occupant[candidate * periods + to] < 0 {
                    let excess =
                        roomCost[course[x] * rooms + candidate] + forbidden[course[x] * rooms + candidate] << 40
                    if excess < least {
                        least = excess
                        r = candidate
                    }
                }
                if r < 0 {
                    for j in 0..<i { lift(chain[j]) }
                    for j in 0..<chainLength {
                        place(chain[j], period: chainFrom[2 * j], room: chainFrom[2 * j + 1])
                    }
                    return false
                }
            }
            place(x, period: to, room: r)
        }
        return true
    }

    /// Takes back the last Kempe chain.
    func undoKempe() {
        for i in 0..<chainLength { lift(chain[i]) }
        for i in 0..<chainLength { place(chain[i], period: chainFrom[2 * i], room: chainFrom[2 * i + 1]) }
    }

    /// The lectures as assignments, in lecture order.
    var assignments: [CBCTTAssignment] {
        (0..<lectures).map { CBCTTAssignment(course: course[$0], room: room[$0], period: period[$0]) }
    }

    /// Where every lecture is (period and room), to come back to.
    func snapshot(into saved: inout [Int32]) {
        if saved.count != 2 * lectures { saved = Array(repeating: 0, count: 2 * lectures) }
        for l in 0..<lectures {
            saved[2 * l] = Int32(period[l])
            saved[2 * l + 1] = Int32(room[l])
        }
    }

    /// Puts every lecture back where a snapshot has it.
    func restore(_ saved: [Int32]) {
        for l in 0..<lectures { lift(l) }
        for l in 0..<lectures { place(l, period: Int(saved[2 * l]), room: Int(saved[2 * l + 1])) }
    }
}

/// A fixed-size buffer of integers, allocated once and freed with its owner; read and written without
/// bounds checks in optimised builds (the indices are the timetable's own, checked in debug builds).
struct Buffer {
    private let base: UnsafeMutablePointer<Int32>
    let count: Int

    init(count: Int, value: Int32 = 0) {
        self.count = count
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: max(1, count))
    }

    func free() { base.deallocate() }

    @inline(__always) subscript(_ index: Int) -> Int {
        get {
            assert(index >= 0 && index < count)
            return Int(base[index])
        }
        nonmutating set {
            assert(index >= 0 && index < count)
            base[index] = Int32(truncatingIfNeeded: newValue)
        }
    }
}
