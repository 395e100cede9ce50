public import Foundation
import GRDB
public import PlannerCore

/// Why marks were refused; nothing was recorded.
public struct MarkingError: Error, Sendable, CustomStringConvertible {
    /// Every problem found.
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

extension Workspace {
    /// The workspace's attendance statuses.
    public func statuses() throws -> [StoredStatus] {
        try writer.read { db in try Workspace.statuses(in: db) }
    }

    static func statuses(in db: Database) throws -> [StoredStatus] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM attendance_status ORDER BY rowid")).map {
            StoredStatus(
                name: $0["name"], countsAsAttended: $0["counts_as_attended"],
                fullMinutesByDefault: ($0["default_minutes"] as String) == "full", key: $0["key"])
        }
    }

    /// Every scheduled session with its length, or the one session `key`.
    public func sessionFacts(_ key: SessionKey? = nil) throws -> [SessionFacts] {
        try writer.unsafeRead { db in
            let columns = "offering_id, cohort_number, idx, date, slot, starts_at, ends_at, venue_id, trainer_id"
            let rows =
                try key.map {
                    try Row.fetchAll(
                        db.cachedStatement(
                            sql:
                                "SELECT \(columns) FROM session WHERE offering_id = ? AND cohort_number = ? AND idx = ?"
                        ),
                        arguments: [$0.cohort.offeringID, $0.cohort.number, $0.index])
                }
                ?? Row.fetchAll(db, sql: "SELECT \(columns) FROM session ORDER BY offering_id, cohort_number, idx")
            return rows.compactMap { row in
                guard let start = try? Date(row[5] as String, strategy: .iso8601),
                    let end = try? Date(row[6] as String, strategy: .iso8601),
                    let date = LocalDate(iso: row[3] as String)
                else { return nil }
                return SessionFacts(
                    key: SessionKey(cohort: Cohort(offeringID: row[0], number: row[1]), index: row[2]),
                    date: date, slot: row[4], start: start, minutes: Int(end.timeIntervalSince(start) / 60),
                    venueID: row[7], trainerID: row[8])
            }
        }
    }

    /// Records marks for one session, all or nothing. Refused: a session not yet started, someone not
    /// registered for its cohort, an unknown status, more minutes than the session lasts.
    /// - Returns: how many marks were new or changed.
    @discardableResult
    public func recordMarks(
        _ entries: [MarkEntry], for key: SessionKey, by actor: String, at now: Date, from source: String? = nil
    ) throws -> Int {
        try recordMarks(batch: [key: entries], by: actor, at: now, from: source)
    }

    /// Records marks for several sessions in one transaction: every entry is checked, and nothing is
    /// written if any is refused (``MarkingError`` lists them all). A mark that changes moves its
    /// previous version to `mark_version`, so its whole history stays (see ``markHistory(session:participant:)``).
    ///
    /// Sessions are taken in the order of the primary key, and the marks of each in participant order,
    /// so that inserts append to the b-tree; they are written as they are checked and rolled back if any
    /// is refused. SQLite's foreign-key checks are off for the transaction: every key they would look up
    /// (session, status, registered participant) is checked here first, against the same tables, inside
    /// the same transaction.
    /// `source` says where they come from (a file name, `roll call`), for the history.
    @discardableResult
    public func recordMarks(
        batch: [SessionKey: [MarkEntry]], by actor: String, at now: Date, from source: String? = nil
    ) throws -> Int {
        var runs = batch.sorted(by: { Workspace.precedes($0.key, $1.key) }).makeIterator()
        return try recordMarks(
            stream: { runs.next().map { ($0.key, $0.value) } }, labelled: batch.count > 1, by: actor, at: now,
            from: source)
    }

    /// Records marks handed over session by session by `next` (nil at the end), checking and writing
    /// each run as it comes, all in one transaction: if `next` throws, or any entry is refused, nothing
    /// is written. A session may come in several runs; someone marked twice for a session is refused,
    /// also across runs. Lets a reader on
    /// another thread feed the writer.
    @discardableResult
    public func recordMarks(
        stream next: () throws -> (key: SessionKey, entries: [MarkEntry])?, labelled: Bool = true, by actor: String,
        at now: Date, from source: String? = nil
    ) throws -> Int {
        let stamp = now.formatted(.iso8601)
        return try transaction(foreignKeys: false) { db in
            try writeMarks(in: db, stream: next, labelled: labelled, by: actor, at: now, stamp: stamp, from: source)
        }
    }

    /// Records the marks of one session like ``recordMarks(_:for:by:at:from:)``; a server's taps arriving
    /// together share one commit (``GroupCommit``), each still all or nothing.
    @discardableResult
    public func recordMarks(
        grouping entries: [MarkEntry], for key: SessionKey, by actor: String, at now: Date, from source: String? = nil
    ) async throws -> Int {
        guard let commits else { return try recordMarks(entries, for: key, by: actor, at: now, from: source) }
        let stamp = now.formatted(.iso8601)
        return try await commits.perform { db in
            var runs = [(key: key, entries: entries)].makeIterator()
            return try writeMarks(
                in: db, stream: { runs.next() }, labelled: false, by: actor, at: now, stamp: stamp, from: source)
        }
    }

    /// The work of ``recordMarks(stream:labelled:by:at:from:)``, inside the caller's transaction.
    private func writeMarks(
        in db: Database, stream next: () throws -> (key: SessionKey, entries: [MarkEntry])?, labelled: Bool,
        by actor: String, at now: Date, stamp: String, from source: String?
    ) throws -> Int {
        let statuses = Dictionary(uniqueKeysWithValues: try Workspace.statuses(in: db).map { ($0.name, $0) })
        var problems: [String] = []
        // Registered participants of each cohort, numbered (for the bit sets below).
        var registeredByCohort: [Cohort: [String: Int]] = [:]
        // Who has been marked for each session in this call, one bit per registered participant: a
        // second mark for someone is refused however the session's runs are spread over the file,
        // also when the first left a stored mark as it was (a few bytes per session).
        var markedInCall: [SessionKey: [UInt64]] = [:]
        let prefix = labelled
        let sessionStatement = try db.cachedStatement(
            sql:
                "SELECT date, slot, starts_at, ends_at FROM session WHERE offering_id = ? AND cohort_number = ? AND idx = ?"
        )
        let existingStatement = try db.cachedStatement(
            sql: """
                SELECT participant_id, status, minutes, remark FROM attendance_mark
                WHERE offering_id = ? AND cohort_number = ? AND session_index = ?
                """)
        // Who, when and from what: one row for everything this call records, made at the first change.
        var recording: Int64?
        func recordingID() throws -> Int64 {
            if let recording { return recording }
            try db.execute(
                sql: "INSERT INTO mark_recording (at, actor, source) VALUES (?, ?, ?)",
                arguments: [stamp, actor, source])
            recording = db.lastInsertedRowID
            return db.lastInsertedRowID
        }
        typealias NewMark = (
            key: SessionKey, participant: String, status: String, minutes: Int, remark: String?, recording: Int64
        )
        var insert = ChunkedInsert<NewMark>(
            db, into: "attendance_mark",
            columns: [
                "offering_id", "cohort_number", "session_index", "participant_id", "status", "minutes", "remark",
                "recording_id",
            ]
        ) { mark, statement, base in
            try statement.bind(base + 1, mark.key.cohort.offeringID)
            try statement.bind(base + 2, mark.key.cohort.number)
            try statement.bind(base + 3, mark.key.index)
            try statement.bind(base + 4, mark.participant)
            try statement.bind(base + 5, mark.status)
            try statement.bind(base + 6, mark.minutes)
            try statement.bind(base + 7, mark.remark)
            try statement.bind(base + 8, Int(mark.recording))
        }
        let keep = try db.cachedStatement(
            sql: """
                INSERT INTO mark_version SELECT * FROM attendance_mark
                WHERE offering_id = ? AND cohort_number = ? AND session_index = ? AND participant_id = ?
                """)
        let update = try db.cachedStatement(
            sql: """
                UPDATE attendance_mark SET status = ?, minutes = ?, remark = ?, recording_id = ?, logged = 0
                WHERE offering_id = ? AND cohort_number = ? AND session_index = ? AND participant_id = ?
                """)
        var changed = 0
        var sessionsChanged = Set<SessionKey>()
        var lastStatus: StoredStatus?
        while let (key, entries) = try next() {
            let label = prefix ? "\(key): " : ""
            let offering = key.cohort.offeringID
            guard
                let session = try Row.fetchOne(
                    sessionStatement, arguments: [offering, key.cohort.number, key.index])
            else {
                problems.append("no session \(key) in the schedule (see planner schedule show)")
                continue
            }
            let start = try Date(session["starts_at"] as String, strategy: .iso8601)
            let length = Int(
                try Date(session["ends_at"] as String, strategy: .iso8601).timeIntervalSince(start) / 60)
            if start > now {
                problems.append(
                    "session \(key) has not started yet (it starts \(session["date"] as String), "
                        + "\(session["slot"] as String)); marks are recorded once it has")
                continue
            }
            let registered =
                try registeredByCohort[key.cohort]
                ?? {
                    let ids = try String.fetchAll(
                        db.cachedStatement(
                            sql:
                                "SELECT participant_id FROM registration WHERE offering_id = ? AND cohort_number = ? AND status = 'registered'"
                        ),
                        arguments: [offering, key.cohort.number])
                    let numbered = Dictionary(
                        ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
                    registeredByCohort[key.cohort] = numbered
                    return numbered
                }()
            var marked = markedInCall[key] ?? Array(repeating: 0, count: (registered.count + 63) / 64)
            defer { markedInCall[key] = marked }
            // Marks stored before this call (anyone marked earlier in it is refused by `marked` first, so
            // marks still waiting in `insert` need not be found here).
            var existing: [String: (status: String, minutes: Int, remark: String?)] = [:]
            let rows = try Row.fetchCursor(existingStatement, arguments: [offering, key.cohort.number, key.index])
            while let row = try rows.next() { existing[row[0]] = (row[1], row[2], row[3]) }
            let changedBefore = changed
            var previous: MarkEntry?
            for entry in entries.sorted(by: { $0.participantID < $1.participantID }) {
                defer { previous = entry }
                let at = entry.line.map { "line \($0): " } ?? label
                if entry.status != lastStatus?.name {
                    lastStatus = statuses[entry.status] ?? statuses[entry.status.lowercased()]
                }
                guard let status = lastStatus else {
                    problems.append(
                        "\(at)'\(entry.status)' is not a status (\(statuses.keys.sorted().joined(separator: ", ")))"
                    )
                    continue
                }
                guard let number = registered[entry.participantID] else {
                    problems.append("\(at)\(entry.participantID) is not registered for \(key.cohort.label)")
                    continue
                }
                if let previous, previous.participantID == entry.participantID {
                    problems.append(
                        "\(at)\(entry.participantID) is marked twice for \(key)"
                            + (previous.line.map { " (first on line \($0))" } ?? ""))
                    continue
                }
                let bit = UInt64(1) << UInt64(number % 64)
                if marked[number / 64] & bit != 0 {
                    problems.append(
                        "\(at)\(entry.participantID) is marked twice for \(key) (the first earlier in the file)")
                    continue
                }
                marked[number / 64] |= bit
                let minutes = entry.minutes ?? (status.fullMinutesByDefault ? length : 0)
                if minutes > length {
                    problems.append(
                        "\(at)\(entry.participantID): \(minutes) minutes is more than the session lasts (\(length))"
                    )
                    continue
                }
                if minutes < 0 {
                    problems.append("\(at)\(entry.participantID): minutes cannot be negative")
                    continue
                }
                guard problems.isEmpty else { continue }
                let participant = entry.participantID
                if let old = existing[participant] {
                    if old.status == status.name, old.minutes == minutes, old.remark == entry.remark { continue }
                    try keep.execute(arguments: [offering, key.cohort.number, key.index, participant])
                    try update.execute(arguments: [
                        status.name, minutes, entry.remark, try recordingID(), offering, key.cohort.number,
                        key.index, participant,
                    ])
                } else {
                    try insert.append((key, participant, status.name, minutes, entry.remark, try recordingID()))
                }
                changed += 1
            }
            if changed > changedBefore { sessionsChanged.insert(key) }
        }
        try insert.flush()
        if !problems.isEmpty { throw MarkingError(problems: problems) }
        if changed > 0 {
            try record(
                "marks.record", subject: "marks",
                detail: "\(changed) mark(s) for \(sessionsChanged.count) session(s)"
                    + (source.map { " from \($0)" } ?? ""),
                at: stamp, in: db)
        }
        return changed
    }

    /// The order of `attendance_mark`'s primary key: offering id as bytes, cohort, session.
    static func precedes(_ lhs: SessionKey, _ rhs: SessionKey) -> Bool {
        if lhs.cohort.offeringID != rhs.cohort.offeringID {
            return lhs.cohort.offeringID.utf8.lexicographicallyPrecedes(rhs.cohort.offeringID.utf8)
        }
        return (lhs.cohort.number, lhs.index) < (rhs.cohort.number, rhs.index)
    }

    /// Every change to marks, oldest first: each version of a mark (from `mark_version` and the current
    /// one) becomes a `mark.set` or `mark.change` line saying what it replaced, merged with the lines
    /// the general history holds for marks recorded before versions were kept.
    public func markHistory(session: SessionKey? = nil, participant: String? = nil) throws -> [HistoryEntry] {
        try writer.read { db in try Workspace.markHistory(session: session, participant: participant, in: db) }
    }

    static func markHistory(session: SessionKey?, participant: String?, in db: Database) throws -> [HistoryEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let session {
            conditions.append("offering_id = ? AND cohort_number = ? AND session_index = ?")
            _ = arguments.append(contentsOf: [session.cohort.offeringID, session.cohort.number, session.index])
        }
        if let participant {
            conditions.append("participant_id = ?")
            _ = arguments.append(contentsOf: [participant])
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let columns =
            "offering_id, cohort_number, session_index, participant_id, status, minutes, remark, recording_id, logged"
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT v.*, r.at AS marked_at, r.actor AS marked_by FROM (
                    SELECT \(columns), 0 AS current, rowid AS position FROM mark_version \(filter)
                    UNION ALL SELECT \(columns), 1, 0 FROM attendance_mark \(filter)) v
                JOIN mark_recording r ON r.id = v.recording_id
                ORDER BY offering_id, cohort_number, session_index, participant_id, current, position
                """, arguments: arguments + arguments)
        var entries: [HistoryEntry] = []
        var previous: (subject: String, state: String)?
        while let row = try rows.next() {
            let key = SessionKey(
                cohort: Cohort(offeringID: row["offering_id"], number: row["cohort_number"]),
                index: row["session_index"])
            let subject = "mark:\(key):\(row["participant_id"] as String)"
            let state = "\(row["status"] as String) \(row["minutes"] as Int)min"
            let before = previous?.subject == subject ? previous?.state : nil
            if (row["logged"] as Int) == 0 {
                entries.append(
                    HistoryEntry(
                        id: 0, at: row["marked_at"], actor: row["marked_by"],
                        action: before == nil ? "mark.set" : "mark.change",
                        subject: subject,
                        detail: "\(before ?? "none") → \(state)" + ((row["remark"] as String?).map { " (\($0))" } ?? "")
                    ))
            }
            previous = (subject, state)
        }
        var legacy = try HistoryRecord.filter(Column("subject").like("mark:%")).order(Column("id")).fetchAll(db).map(
            \.entry)
        if let session { legacy = legacy.filter { $0.subject.hasPrefix("mark:\(session):") } }
        if let participant { legacy = legacy.filter { $0.subject.hasSuffix(":\(participant)") } }
        // Legacy lines (all older) first, then versions by the time they were recorded, ties in key order.
        let ordered = entries.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
        return legacy + ordered.map(\.element)
    }

    /// Every mark recorded, or those of one session, or of one participant.
    public func marks(session: SessionKey? = nil, participant: String? = nil) throws -> [StoredMark] {
        var filters: [String] = []
        var arguments: StatementArguments = []
        if let session {
            filters.append("m.offering_id = ? AND m.cohort_number = ? AND m.session_index = ?")
            arguments += [session.cohort.offeringID, session.cohort.number, session.index]
        }
        if let participant {
            filters.append("m.participant_id = ?")
            arguments += [participant]
        }
        let condition = filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND ")
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT m.*, r.at AS marked_at, r.actor AS marked_by
                    FROM attendance_mark m JOIN mark_recording r ON r.id = m.recording_id \(condition)
                    ORDER BY offering_id, cohort_number, session_index, participant_id
                    """, arguments: arguments
            ).map {
                StoredMark(
                    participantID: $0["participant_id"],
                    session: SessionKey(
                        cohort: Cohort(offeringID: $0["offering_id"], number: $0["cohort_number"]),
                        index: $0["session_index"]),
                    status: $0["status"], minutes: $0["minutes"], remark: $0["remark"], markedBy: $0["marked_by"],
                    markedAt: $0["marked_at"])
            }
        }
    }

    /// A setting (organiser name, verify URL), if set.
    public func setting(_ key: String) throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
        }
    }

    /// Stores a setting (recorded in history when it changes).
    public func setSetting(_ key: String, to value: String) throws {
        let now = stamp()
        try transaction { db in
            let old = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
            guard old != value else { return }
            try db.upsert(into: "setting", key: ["key"], ["key": key, "value": value])
            try record("setting.set", subject: "setting:\(key)", detail: value, at: now, in: db)
        }
    }
}

extension Workspace {
    /// Adds a status to the workspace's status set (names and keys unique).
    public func addStatus(_ status: StoredStatus) throws {
        try transaction { db in
            if try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM attendance_status WHERE name = ? OR key = ?)",
                arguments: [status.name, status.key]) ?? false
            {
                throw WorkspaceError(
                    .conflict, folder: folder,
                    detail: "a status named '\(status.name)' or on key '\(status.key)' exists")
            }
            try db.run(
                sql:
                    "INSERT INTO attendance_status (name, counts_as_attended, default_minutes, key) VALUES (?, ?, ?, ?)",
                arguments: [
                    status.name, status.countsAsAttended, status.fullMinutesByDefault ? "full" : "none", status.key,
                ])
        }
    }

    /// Certificates not revoked, as (participant, offering) pairs.
    public func certifiedPairs() throws -> Set<[String]> {
        try writer.read { db in
            Set(
                try Row.fetchAll(
                    db, sql: "SELECT participant_id, offering_id FROM certificate WHERE revoked_at IS NULL"
                ).map {
                    [$0["participant_id"] as String, $0["offering_id"] as String]
                })
        }
    }
}

extension Workspace {
    /// Attended minutes and sessions per participant and cohort, summed by SQLite (statuses that count
    /// as attended only): what reports need, without loading every mark.
    public func markAggregates() throws -> [MarkAggregate] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.participant_id, a.offering_id, a.cohort_number, SUM(a.minutes) AS minutes,
                        group_concat(a.session_index) AS sessions
                    FROM attendance_mark a JOIN attendance_status s ON s.name = a.status AND s.counts_as_attended = 1
                    GROUP BY a.participant_id, a.offering_id, a.cohort_number
                    """
            ).map { row in
                MarkAggregate(
                    participantID: row[0], cohort: Cohort(offeringID: row[1], number: row[2]), minutes: row[3],
                    sessions: ((row[4] as String?) ?? "").split(separator: ",").compactMap { Int($0) })
            }
        }
    }
}

extension Workspace {
    /// Cohorts with any attendance recorded (they have started, whatever the clock says).
    public func markedCohorts() throws -> Set<Cohort> {
        try writer.read { db in
            Set(
                try Row.fetchAll(db, sql: "SELECT DISTINCT offering_id, cohort_number FROM attendance_mark").map {
                    Cohort(offeringID: $0[0], number: $0[1])
                })
        }
    }
}
