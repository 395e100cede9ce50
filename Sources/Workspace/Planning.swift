import Foundation
import GRDB
public import PlannerCore

extension Workspace {
    private static var planningEncoder: JSONEncoder { JSONEncoder() }

    /// Checks planning inputs against the workspace: modules exist, prerequisites and track cohorts name
    /// known offerings, session counts can be derived. Returns every problem, positioned.
    public func check(_ inputs: PlanningInputs) throws -> [Diagnostic] {
        try writer.read { db in
            var findings: [Diagnostic] = []
            let calendar = try inputs.calendar ?? Workspace.calendar(in: db)
            let knownOfferings = Set(try String.fetchAll(db, sql: "SELECT id FROM offering")).union(
                inputs.offerings.map(\.id))
            for offering in inputs.offerings {
                let at = inputs.offeringRows[offering.id] ?? ("offerings.csv", 0, 0)
                guard
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM module WHERE id = ?)", arguments: [offering.moduleID])
                        ?? false
                else {
                    findings.append(
                        .error(
                            "module '\(offering.moduleID)' is not in the workspace; import its curriculum first "
                                + "(planner curriculum import)", file: at.file, line: at.row, column: at.column))
                    continue
                }
                for prerequisite in offering.prerequisites where !knownOfferings.contains(prerequisite) {
                    findings.append(
                        .error(
                            "prerequisite offering '\(prerequisite)' is unknown", file: at.file, line: at.row,
                            column: at.column))
                }
                if offering.prerequisites.contains(offering.id) {
                    findings.append(
                        .error(
                            "offering '\(offering.id)' is its own prerequisite", file: at.file, line: at.row,
                            column: at.column))
                }
                if offering.sessionsPerCohort == 0 && calendar == nil {
                    findings.append(
                        .error(
                            "'sessions' is empty and there is no calendar to derive it from module hours ÷ slot length; "
                                + "import calendar.csv with the offerings", file: at.file, line: at.row,
                            column: at.column))
                }
                if let calendar {
                    for slot in offering.allowedSlots where calendar.slot(named: slot) == nil {
                        findings.append(
                            .error(
                                "slot '\(slot)' is not in the calendar (\(calendar.slots.map(\.name).joined(separator: ", ")))",
                                file: at.file, line: at.row, column: at.column))
                    }
                }
            }
            for track in inputs.tracks {
                for cohort in track.cohorts where !knownOfferings.contains(cohort.offeringID) {
                    findings.append(
                        .error("track '\(track.id)' names unknown offering '\(cohort.offeringID)'", file: "tracks.csv"))
                }
            }
            return findings
        }
    }

    /// Stores planning inputs in one transaction: known ids are updated, new ones added; cohorts follow
    /// each offering's cohort count; an offering's missing session count is derived from its module's hours.
    @discardableResult
    public func importPlanning(_ inputs: PlanningInputs) throws -> PlanningImportSummary {
        let now = stamp()
        return try transaction { db in
            var summary = PlanningImportSummary()
            let encoder = Workspace.planningEncoder
            func json(_ value: some Encodable) throws -> String {
                String(decoding: try encoder.encode(value), as: UTF8.self)
            }
            if let calendar = inputs.calendar {
                try db.upsert(
                    into: "calendar", key: ["id"],
                    ["id": 1, "time_zone": calendar.timeZone.identifier, "document": try json(calendar)])
                summary.counts["calendar"] = 1
            }
            for venue in inputs.venues {
                try db.upsert(
                    into: "venue", key: ["id"],
                    [
                        "id": venue.id, "name": venue.name, "territory": venue.territory, "address": venue.address,
                        "capacity": venue.capacity, "equipment": venue.equipment.joined(separator: "|"),
                        "step_free": venue.stepFreeAccess, "cost_minor": venue.costPerSlot.minorUnits,
                        "currency": venue.costPerSlot.currency.code, "provider": venue.provider,
                        "document": try json(venue),
                    ])
            }
            for trainer in inputs.trainers {
                try db.upsert(
                    into: "trainer", key: ["id"],
                    [
                        "id": trainer.id, "name": trainer.name, "fee_minor": trainer.feePerSession.minorUnits,
                        "currency": trainer.feePerSession.currency.code, "in_house": trainer.inHouse,
                        "document": try json(trainer),
                    ])
            }
            let firstPosition = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM funder") ?? 0) + 1
            for (offset, funder) in inputs.funders.enumerated() {
                try db.upsert(
                    into: "funder", key: ["id"],
                    [
                        "id": funder.id, "name": funder.name, "budget_minor": funder.budget.minorUnits,
                        "currency": funder.budget.currency.code, "max_rate_bp": funder.maxRateBasisPoints,
                        "document": try json(funder), "position": firstPosition + offset,
                    ])
            }
            let calendar = try inputs.calendar ?? Workspace.calendar(in: db)
            for var offering in inputs.offerings {
                let moduleDocument = try String.fetchOne(
                    db, sql: "SELECT document FROM module WHERE id = ?", arguments: [offering.moduleID])
                let module = try moduleDocument.map { try JSONDecoder().decode(Module.self, from: Data($0.utf8)) }
                offering.curriculumID =
                    try String.fetchOne(
                        db, sql: "SELECT curriculum_id FROM module WHERE id = ?", arguments: [offering.moduleID]) ?? ""
                if let module {
                    offering.equipment = Array(Set(offering.equipment).union(module.delivery.equipment)).sorted()
                    if offering.language == nil { offering.language = module.delivery.language }
                    if offering.sessionsPerCohort == 0 {
                        offering.sessionsPerCohort = Workspace.sessions(
                            for: module, offering: offering, calendar: calendar)
                    }
                }
                offering.sessionsPerCohort = max(1, offering.sessionsPerCohort)
                try db.upsert(
                    into: "offering", key: ["id"],
                    [
                        "id": offering.id, "module_id": offering.moduleID, "audience": offering.audience.rawValue,
                        "cohorts": offering.cohorts, "sessions_per_cohort": offering.sessionsPerCohort,
                        "window_start": offering.window.lowerBound.description,
                        "window_end": offering.window.upperBound.description, "priority": offering.priority,
                        "document": try json(offering),
                    ])
                for number in 1...offering.cohorts {
                    try db.run(
                        sql: "INSERT OR IGNORE INTO cohort (offering_id, number) VALUES (?, ?)",
                        arguments: [offering.id, number])
                }
                try db.run(
                    sql: "DELETE FROM cohort WHERE offering_id = ? AND number > ?",
                    arguments: [offering.id, offering.cohorts])
            }
            for track in inputs.tracks {
                try db.upsert(into: "track", key: ["id"], ["id": track.id, "document": try json(track)])
            }
            for (kind, count) in [
                ("venues", inputs.venues.count), ("trainers", inputs.trainers.count), ("funders", inputs.funders.count),
                ("offerings", inputs.offerings.count), ("tracks", inputs.tracks.count),
            ] where count > 0 {
                summary.counts[kind] = count
            }
            try record(
                "planning.import", subject: "planning",
                detail: summary.counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                    separator: " "),
                at: now, in: db)
            return summary
        }
    }

    /// Sessions a module needs when the offering does not say: hours ÷ the shortest allowed slot, rounded up.
    static func sessions(for module: Module, offering: Offering, calendar: ProgrammeCalendar?) -> Int {
        guard let hours = module.hours, let calendar else { return module.suggestedSessions ?? 1 }
        let slots = calendar.slots.filter { offering.allowedSlots.isEmpty || offering.allowedSlots.contains($0.name) }
        guard let minutes = slots.map(\.minutes).min(), minutes > 0 else { return module.suggestedSessions ?? 1 }
        return max(1, (hours * 60 + minutes - 1) / minutes)
    }

    static func calendar(in db: Database) throws -> ProgrammeCalendar? {
        try String.fetchOne(db, sql: "SELECT document FROM calendar WHERE id = 1").map {
            try JSONDecoder().decode(ProgrammeCalendar.self, from: Data($0.utf8))
        }
    }

    /// Everything the solver needs.
    public func planningData() throws -> PlanningData {
        try writer.read { db in
            let decoder = JSONDecoder()
            func all<T: Decodable>(_ type: T.Type, _ sql: String) throws -> [T] {
                try String.fetchAll(db, sql: sql).map { try decoder.decode(T.self, from: Data($0.utf8)) }
            }
            return PlanningData(
                calendar: try Workspace.calendar(in: db),
                venues: try all(Venue.self, "SELECT document FROM venue ORDER BY id"),
                trainers: try all(Trainer.self, "SELECT document FROM trainer ORDER BY id"),
                funders: try all(Funder.self, "SELECT document FROM funder ORDER BY position, id"),
                offerings: try all(Offering.self, "SELECT document FROM offering ORDER BY id"),
                tracks: try all(Track.self, "SELECT document FROM track ORDER BY id"))
        }
    }

    /// Replaces the schedule in one transaction. A session that moved (another day, slot, venue or
    /// trainer) gets its SEQUENCE raised; one that stays keeps it and its pin.
    public func saveSchedule(
        _ sessions: [Session], funding: [FundingAllocation], unscheduled: [(cohort: Cohort, reasons: [String])],
        seed: UInt64, score: Int, moved: Int
    ) throws {
        let now = stamp()
        try transaction { db in
            guard let calendar = try Workspace.calendar(in: db) else {
                throw WorkspaceError(.notFound, folder: folder, detail: "no calendar in the workspace")
            }
            var previous: [String: (Row)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM session") {
                previous["\(row["offering_id"] as String)#\(row["cohort_number"] as Int)/\(row["idx"] as Int)"] = row
            }
            // Sessions that stay are updated in place; those no longer planned are removed, unless attendance
            // was recorded for them (then the cohort has started and the solver kept it as it was).
            let planned = Set(sessions.map { "\($0.cohort.label)/\($0.index)" })
            for (key, row) in previous where !planned.contains(key) {
                let marked =
                    try Bool.fetchOne(
                        db,
                        sql:
                            "SELECT EXISTS (SELECT 1 FROM attendance_mark WHERE offering_id = ? AND cohort_number = ? AND session_index = ?)",
                        arguments: [row["offering_id"] as String, row["cohort_number"] as Int, row["idx"] as Int])
                    ?? false
                if marked { continue }
                try db.execute(
                    sql: "DELETE FROM session WHERE offering_id = ? AND cohort_number = ? AND idx = ?",
                    arguments: [row["offering_id"] as String, row["cohort_number"] as Int, row["idx"] as Int])
            }
            try db.execute(sql: "DELETE FROM funding_allocation")
            try db.execute(sql: "DELETE FROM unscheduled_cohort")
            let utc = ISO8601DateFormatter()
            for session in sessions {
                let key = "\(session.cohort.label)/\(session.index)"
                let start = calendar.timeZone.instant(on: session.date, at: session.slot.start)
                let end = calendar.timeZone.instant(on: session.date, at: session.slot.end)
                var sequence = 0
                var pinned = false
                if let old = previous[key] {
                    let same =
                        (old["date"] as String) == session.date.description
                        && (old["slot"] as String) == session.slot.name
                        && (old["venue_id"] as String) == session.venueID
                        && (old["trainer_id"] as String) == session.trainerID
                        && (old["starts_at"] as String) == utc.string(from: start)
                    sequence = (old["sequence"] as Int) + (same ? 0 : 1)
                    pinned = (old["pinned"] as Bool) && same
                }
                try db.upsert(
                    into: "session", key: ["offering_id", "cohort_number", "idx"],
                    [
                        "offering_id": session.cohort.offeringID, "cohort_number": session.cohort.number,
                        "idx": session.index, "date": session.date.description, "slot": session.slot.name,
                        "starts_at": utc.string(from: start), "ends_at": utc.string(from: end),
                        "venue_id": session.venueID, "trainer_id": session.trainerID, "sequence": sequence,
                        "pinned": pinned,
                    ])
            }
            for allocation in funding {
                try db.run(
                    sql: """
                        INSERT INTO funding_allocation (offering_id, cohort_number, funder_id, kind, amount_minor, currency)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        allocation.cohort.offeringID, allocation.cohort.number, allocation.funderID,
                        allocation.kind.rawValue, allocation.amount.minorUnits, allocation.amount.currency.code,
                    ])
            }
            for item in unscheduled {
                try db.run(
                    sql: "INSERT INTO unscheduled_cohort (offering_id, cohort_number, reasons) VALUES (?, ?, ?)",
                    arguments: [
                        item.cohort.offeringID, item.cohort.number,
                        String(decoding: try JSONEncoder().encode(item.reasons), as: UTF8.self),
                    ])
            }
            try db.run(
                sql: "INSERT INTO schedule_run (at, seed, score, placed, unscheduled, moved) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    now, Int64(bitPattern: seed), score, Set(sessions.map(\.cohort)).count, unscheduled.count, moved,
                ])
            try record(
                "schedule.solve", subject: "schedule",
                detail: "sessions=\(sessions.count) unscheduled=\(unscheduled.count) moved=\(moved) seed=\(seed)",
                at: now,
                in: db)
        }
    }

    /// Pins every session: re-planning will keep them where they are when it can.
    @discardableResult
    public func publishSchedule() throws -> Int {
        let now = stamp()
        return try transaction { db in
            try db.execute(sql: "UPDATE session SET pinned = 1")
            let count = db.changesCount
            try record("schedule.publish", subject: "schedule", detail: "sessions=\(count)", at: now, in: db)
            return count
        }
    }

    /// The stored schedule.
    public func schedule() throws -> StoredSchedule {
        try writer.read { db in
            let calendar = try Workspace.calendar(in: db)
            let slots = Dictionary((calendar?.slots ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let utc = ISO8601DateFormatter()
            let sessions = try Row.fetchAll(db, sql: "SELECT * FROM session ORDER BY offering_id, cohort_number, idx")
                .compactMap {
                    row -> StoredSession? in
                    guard let slot = slots[row["slot"] as String], let date = LocalDate(iso: row["date"] as String),
                        let start = utc.date(from: row["starts_at"] as String),
                        let end = utc.date(from: row["ends_at"] as String)
                    else { return nil }
                    return StoredSession(
                        session: Session(
                            cohort: Cohort(offeringID: row["offering_id"], number: row["cohort_number"]),
                            index: row["idx"],
                            date: date, slot: slot, venueID: row["venue_id"], trainerID: row["trainer_id"]),
                        start: start, end: end, sequence: row["sequence"], pinned: row["pinned"])
                }
            let unscheduled = try Row.fetchAll(
                db, sql: "SELECT * FROM unscheduled_cohort ORDER BY offering_id, cohort_number"
            ).map {
                row in
                (
                    cohort: Cohort(offeringID: row["offering_id"], number: row["cohort_number"]),
                    reasons: try JSONDecoder().decode([String].self, from: Data((row["reasons"] as String).utf8))
                )
            }
            let funding = try Row.fetchAll(
                db, sql: "SELECT * FROM funding_allocation ORDER BY offering_id, cohort_number, funder_id, kind"
            ).map { row in
                FundingAllocation(
                    cohort: Cohort(offeringID: row["offering_id"], number: row["cohort_number"]),
                    funderID: row["funder_id"],
                    kind: CostKind(rawValue: row["kind"]) ?? .trainerFees,
                    amount: Money(minorUnits: row["amount_minor"], currency: Currency(code: row["currency"]) ?? .euro))
            }
            return StoredSchedule(
                sessions: sessions, unscheduled: unscheduled, funding: funding, timeZone: calendar?.timeZone)
        }
    }
}

extension Workspace {
    /// Module titles by module id (first language).
    public func moduleTitles() throws -> [String: String] {
        try writer.read { db in
            Dictionary(
                try Row.fetchAll(db, sql: "SELECT id, title FROM module").map {
                    ($0["id"] as String, $0["title"] as String)
                },
                uniquingKeysWith: { a, _ in a })
        }
    }

    /// The score of the last solve, if any.
    public func lastScore() throws -> Int? {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT score FROM schedule_run ORDER BY id DESC LIMIT 1") }
    }
}
