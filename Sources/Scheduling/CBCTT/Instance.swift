import Foundation
public import PlannerCore

/// A curriculum-based course timetabling instance (ITC-2007 track 3, `.ctt`).
public struct CBCTTInstance: Sendable {
    public struct Course: Sendable, Hashable {
        public var id: String
        public var teacher: String
        public var lectures: Int
        public var minWorkingDays: Int
        public var students: Int
    }

    public struct Room: Sendable, Hashable {
        public var id: String
        public var capacity: Int
    }

    public var name: String
    public var days: Int
    public var periodsPerDay: Int
    public var courses: [Course]
    public var rooms: [Room]
    /// Curricula as lists of course indices.
    public var curricula: [(id: String, courses: [Int])]
    /// Unavailable periods per course index (period = day × periodsPerDay + period of day).
    public var unavailable: [Set<Int>]
    /// What the timetable's cost counts (the ITC-2007 cost, unless made from a seminar problem).
    var terms = TimetableTerms()

    /// Periods in the week.
    public var periods: Int { days * periodsPerDay }

    /// Creates an instance from its parts.
    init(
        name: String, days: Int, periodsPerDay: Int, courses: [Course], rooms: [Room],
        curricula: [(id: String, courses: [Int])], unavailable: [Set<Int>]
    ) {
        self.name = name
        self.days = days
        self.periodsPerDay = periodsPerDay
        self.courses = courses
        self.rooms = rooms
        self.curricula = curricula
        self.unavailable = unavailable
    }

    /// Parses `.ctt` text; errors carry the line.
    public init(parsing text: String, file: String = "instance.ctt") throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }.enumerated().map { ($0.offset + 1, $0.element) }
        lines.removeAll { $0.1.isEmpty }
        var cursor = 0
        func fail(_ message: String, _ line: Int) -> Diagnostic { .error(message, file: file, line: line) }
        func header(_ key: String) throws -> String {
            guard cursor < lines.count, lines[cursor].1.hasPrefix(key + ":") else {
                throw CBCTTError(diagnostic: fail("expected '\(key):'", cursor < lines.count ? lines[cursor].0 : 0))
            }
            defer { cursor += 1 }
            return lines[cursor].1.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
        }
        func number(_ key: String) throws -> Int {
            let line = cursor < lines.count ? lines[cursor].0 : 0
            guard let value = Int(try header(key)) else {
                throw CBCTTError(diagnostic: fail("'\(key)' is not a number", line))
            }
            return value
        }
        name = try header("Name")
        let courseCount = try number("Courses")
        let roomCount = try number("Rooms")
        days = try number("Days")
        periodsPerDay = try number("Periods_per_day")
        let curriculumCount = try number("Curricula")
        let constraintCount = try number("Constraints")
        func fields(_ count: Int, section: String) throws -> [(Int, [String])] {
            _ = try header(section)
            var rows: [(Int, [String])] = []
            for _ in 0..<count {
                guard cursor < lines.count else {
                    throw CBCTTError(diagnostic: fail("\(section) ends early", lines.last?.0 ?? 0))
                }
                rows.append((lines[cursor].0, lines[cursor].1.split(whereSeparator: \.isWhitespace).map(String.init)))
                cursor += 1
            }
            return rows
        }
        courses = try fields(courseCount, section: "COURSES").map { line, parts in
            guard parts.count == 5, let lectures = Int(parts[2]), let days = Int(parts[3]), let students = Int(parts[4])
            else {
                throw CBCTTError(diagnostic: fail("a course is: id teacher lectures min-working-days students", line))
            }
            return Course(id: parts[0], teacher: parts[1], lectures: lectures, minWorkingDays: days, students: students)
        }
        rooms = try fields(roomCount, section: "ROOMS").map { line, parts in
            guard parts.count == 2, let capacity = Int(parts[1]) else {
                throw CBCTTError(diagnostic: fail("a room is: id capacity", line))
            }
            return Room(id: parts[0], capacity: capacity)
        }
        let index = Dictionary(uniqueKeysWithValues: courses.enumerated().map { ($1.id, $0) })
        curricula = try fields(curriculumCount, section: "CURRICULA").map { line, parts in
            guard parts.count >= 2, let count = Int(parts[1]), parts.count == count + 2 else {
                throw CBCTTError(diagnostic: fail("a curriculum is: id count course…", line))
            }
            return (
                parts[0],
                try parts.dropFirst(2).map { id in
                    guard let course = index[id] else {
                        throw CBCTTError(diagnostic: fail("unknown course \(id)", line))
                    }
                    return course
                }
            )
        }
        var unavailable = [Set<Int>](repeating: [], count: courses.count)
        for (line, parts) in try fields(constraintCount, section: "UNAVAILABILITY_CONSTRAINTS") {
            guard parts.count == 3, let course = index[parts[0]], let day = Int(parts[1]), let period = Int(parts[2]),
                (0..<days).contains(day), (0..<periodsPerDay).contains(period)
            else { throw CBCTTError(diagnostic: fail("a constraint is: course day period", line)) }
            unavailable[course].insert(day * periodsPerDay + period)
        }
        self.unavailable = unavailable
    }
}

/// Why an instance or solution could not be read.
public struct CBCTTError: Error, CustomStringConvertible, Sendable {
    public var diagnostic: Diagnostic
    public var description: String { diagnostic.description }
}

/// One lecture's place: course, room, period (day × periodsPerDay + period of day).
public struct CBCTTAssignment: Sendable, Hashable {
    public var course: Int
    public var room: Int
    public var period: Int

    public init(course: Int, room: Int, period: Int) {
        self.course = course
        self.room = room
        self.period = period
    }
}

/// The ITC-2007 score of a solution: hard violations (0 for a valid timetable) and the soft cost.
public struct CBCTTScore: Sendable, Hashable, CustomStringConvertible {
    public var lectures = 0
    public var conflicts = 0
    public var availability = 0
    public var roomOccupancy = 0
    public var roomCapacity = 0
    public var minWorkingDays = 0
    public var isolatedLectures = 0
    public var roomStability = 0

    /// Hard violations.
    public var hard: Int { lectures + conflicts + availability + roomOccupancy }
    /// RC + 5·MWD + 2·IL + 1·RS.
    public var soft: Int { roomCapacity + 5 * minWorkingDays + 2 * isolatedLectures + roomStability }

    public var description: String {
        "hard \(hard) (lectures \(lectures), conflicts \(conflicts), availability \(availability), room occupancy \(roomOccupancy)); "
            + "cost \(soft) (room capacity \(roomCapacity), min working days \(minWorkingDays)×5, isolated lectures "
            + "\(isolatedLectures)×2, room stability \(roomStability))"
    }
}

extension CBCTTInstance {
    /// Scores assignments as the ITC-2007 validator does.
    public func score(_ assignments: [CBCTTAssignment]) -> CBCTTScore {
        var score = CBCTTScore()
        var byCourse = [[CBCTTAssignment]](repeating: [], count: courses.count)
        for assignment in assignments { byCourse[assignment.course].append(assignment) }
        var roomPeriod = [Int](repeating: 0, count: rooms.count * periods)
        for (course, placed) in byCourse.enumerated() {
            let periodsUsed = placed.map(\.period)
            score.lectures +=
                abs(courses[course].lectures - placed.count) + (periodsUsed.count - Set(periodsUsed).count)
            score.availability += placed.filter { unavailable[course].contains($0.period) }.count
            for assignment in placed {
                roomPeriod[assignment.room * periods + assignment.period] += 1
                score.roomCapacity += max(0, courses[course].students - rooms[assignment.room].capacity)
            }
            let days = Set(periodsUsed.map { $0 / periodsPerDay }).count
            score.minWorkingDays += max(0, courses[course].minWorkingDays - days)
            score.roomStability += max(0, Set(placed.map(\.room)).count - 1)
        }
        score.roomOccupancy = roomPeriod.map { max(0, $0 - 1) }.reduce(0, +)
        // Conflicts: pairs of courses sharing a curriculum or a teacher, per period where both teach.
        var related = Set<[Int]>()
        for curriculum in curricula {
            for a in curriculum.courses { for b in curriculum.courses where a < b { related.insert([a, b]) } }
        }
        for a in courses.indices {
            for b in courses.indices where a < b && courses[a].teacher == courses[b].teacher { related.insert([a, b]) }
        }
        let periodsOf = byCourse.map { Set($0.map(\.period)) }
        for pair in related { score.conflicts += periodsOf[pair[0]].intersection(periodsOf[pair[1]]).count }
        // Isolated lectures, per curriculum.
        for curriculum in curricula {
            var count = [Int](repeating: 0, count: periods)
            for course in curriculum.courses { for assignment in byCourse[course] { count[assignment.period] += 1 } }
            for period in 0..<periods where count[period] > 0 {
                let ofDay = period % periodsPerDay
                let before = ofDay > 0 && count[period - 1] > 0
                let after = ofDay < periodsPerDay - 1 && count[period + 1] > 0
                if !before && !after { score.isolatedLectures += count[period] }
            }
        }
        return score
    }

    /// Reads a solution (`course room day period` per line).
    public func solution(parsing text: String, file: String = "solution.sol") throws -> [CBCTTAssignment] {
        let courseIndex = Dictionary(uniqueKeysWithValues: courses.enumerated().map { ($1.id, $0) })
        let roomIndex = Dictionary(uniqueKeysWithValues: rooms.enumerated().map { ($1.id, $0) })
        return try text.split(separator: "\n").enumerated().compactMap { number, raw in
            let parts = raw.split(whereSeparator: \.isWhitespace)
            if parts.isEmpty { return nil }
            guard parts.count == 4, let course = courseIndex[String(parts[0])], let room = roomIndex[String(parts[1])],
                let day = Int(parts[2]), let period = Int(parts[3]), (0..<days).contains(day),
                (0..<periodsPerDay).contains(period)
            else {
                throw CBCTTError(
                    diagnostic: .error("a lecture is: course room day period", file: file, line: number + 1))
            }
            return CBCTTAssignment(course: course, room: room, period: day * periodsPerDay + period)
        }
    }

    /// Writes a solution in the standard format.
    public func solutionText(_ assignments: [CBCTTAssignment]) -> String {
        assignments.sorted { ($0.course, $0.period) < ($1.course, $1.period) }.map {
            "\(courses[$0.course].id) \(rooms[$0.room].id) \($0.period / periodsPerDay) \($0.period % periodsPerDay)"
        }.joined(separator: "\n") + "\n"
    }
}
