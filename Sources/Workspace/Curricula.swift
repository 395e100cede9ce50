import Foundation
import GRDB
import PlannerCore

/// What one import changed.
public struct CurriculumImportSummary: Sendable, Equatable {
    /// Curricula created.
    public var created: [String] = []
    /// Curricula that existed and were updated.
    public var updated: [String] = []
}

/// A curriculum ready to be written: the texts the workspace stores for it (its documents included), one
/// after the other in a single buffer, so that the thread that reads the files prepares it while another
/// writes. (Handing over the curriculum itself, its strings allocated by one thread and freed by the other,
/// made the two threads contend for the allocator's lock: `perf`.)
public struct PreparedCurriculum: Sendable {
    /// The curriculum's identifier.
    public var id: String { field(0) ?? "" }
    fileprivate let bytes: [UInt8]
    /// Per field, its bytes (`start..<end`), or `nil` (start -1), or a number (`start`, with end -2).
    fileprivate let fields: [(start: Int, end: Int)]

    /// Prepares a curriculum. Layout: id, format, source, title, provider, qualification, document,
    /// module count, instance count; per module id, title, hours, document; per instance identifier,
    /// start, end, document.
    public init(_ curriculum: Curriculum) {
        var bytes: [UInt8] = []
        // Room for a typical course (about 2 KB of fields and documents), so that it rarely grows.
        bytes.reserveCapacity(4_096)
        var fields: [(start: Int, end: Int)] = []
        fields.reserveCapacity(9 + 4 * (curriculum.modules.count + curriculum.instances.count))
        func text(_ value: String?) {
            guard let value else { return fields.append((-1, -1)) }
            let start = bytes.count
            bytes.append(contentsOf: value.utf8)
            fields.append((start, bytes.count))
        }
        func number(_ value: Int?) {
            guard let value else { return fields.append((-1, -1)) }
            fields.append((value, -2))
        }
        func document(_ write: (inout StoredJSON) -> Void) {
            let start = bytes.count
            var json = StoredJSON(appendingTo: bytes)
            bytes = []
            write(&json)
            bytes = json.bytes
            fields.append((start, bytes.count))
        }
        text(curriculum.id)
        text(curriculum.format.rawValue)
        text(curriculum.source)
        text(curriculum.title.text() ?? curriculum.id)
        text(curriculum.provider)
        text(curriculum.qualification)
        document { curriculum.writeStoredHeadJSON(to: &$0) }
        number(curriculum.modules.count)
        number(curriculum.instances.count)
        for module in curriculum.modules {
            text(module.id)
            text(module.title.text() ?? module.id)
            number(module.hours)
            document { module.writeStoredJSON(to: &$0) }
        }
        for instance in curriculum.instances {
            text(instance.identifier)
            text(instance.start?.description)
            text(instance.end?.description)
            document { instance.writeStoredJSON(to: &$0) }
        }
        self.bytes = bytes
        self.fields = fields
    }

    fileprivate func field(_ index: Int) -> String? {
        let field = fields[index]
        guard field.start >= 0, field.end >= 0 else { return nil }
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[field.start..<field.end]), as: UTF8.self)
        }
    }

    fileprivate func number(_ index: Int) -> Int? {
        let field = fields[index]
        return field.end == -2 ? field.start : nil
    }

    /// Binds field `index` to parameter `parameter` of `statement`.
    fileprivate func bind(_ index: Int, to parameter: Int32, of statement: BoundStatement) throws {
        let field = fields[index]
        if field.end == -2 {
            try statement.bind(parameter, field.start)
        } else if field.start < 0 {
            try statement.bind(parameter, nil as Int?)
        } else {
            try bytes.withUnsafeBufferPointer {
                try statement.bind(parameter, utf8: UnsafeBufferPointer(rebasing: $0[field.start..<field.end]))
            }
        }
    }
}

extension Workspace {
    /// Saves curricula in one transaction: new identifiers are created, known ones updated, never duplicated.
    ///
    /// - Throws: ``WorkspaceError`` (`conflict`) when a module identifier already belongs to another
    ///   curriculum, or a module still used by an offering would disappear; nothing is written then.
    @discardableResult
    public func save(_ curricula: [Curriculum]) throws -> CurriculumImportSummary {
        try importCurricula { save in
            for curriculum in curricula { try save(curriculum) }
        }
    }

    /// Runs `body` inside one write transaction, handing it a function that saves one curriculum.
    ///
    /// Lets an importer stream a large catalogue into the workspace without holding it in memory;
    /// if `body` or any save throws, nothing is written.
    @discardableResult
    public func importCurricula(
        _ body: (_ save: (Curriculum) throws -> Void) throws -> Void
    ) throws -> CurriculumImportSummary {
        try importPrepared { save in
            try withoutActuallyEscaping(save) { save in
                try body { try save(PreparedCurriculum($0)) }
            }
        }
    }

    /// Like ``importCurricula(_:)`` for curricula whose documents were encoded beforehand (on the thread
    /// that reads the files, while this one writes).
    ///
    /// - Parameter bulk: the import is large (a national catalogue): its pages are written once, through
    ///   a rollback journal, instead of to the write-ahead log and then again into the database (see
    ///   ``bulk(_:_:)``).
    @discardableResult
    public func importPrepared(
        bulk: Bool = false, _ body: (_ save: (PreparedCurriculum) throws -> Void) throws -> Void
    ) throws -> CurriculumImportSummary {
        let now = ISO8601DateFormatter().string(from: Date())
        return try self.bulk(bulk) { db in
            // A catalogue is written in one transaction: a 16 MiB page cache (the default is 2 MiB) keeps
            // SQLite from spilling pages to the journal and dirtying them again before the commit.
            try db.execute(sql: "PRAGMA cache_size = -16384")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            var summary = CurriculumImportSummary()
            var writer = try CurriculumWriter(db, folder: folder, importedAt: now)
            try body { prepared in
                if try writer.upsert(prepared) {
                    summary.updated.append(prepared.id)
                } else {
                    summary.created.append(prepared.id)
                }
            }
            try writer.finish()
            return summary
        }
    }

    /// Every curriculum, ordered by identifier.
    public func curricula() throws -> [Curriculum] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM curriculum ORDER BY id").compactMap {
                try Workspace.curriculum(id: $0, in: db)
            }
        }
    }

    /// One curriculum by identifier, or the curriculum owning a module of that identifier.
    public func curriculum(id: String) throws -> Curriculum? {
        try writer.read { db in
            let owner =
                try String.fetchOne(db, sql: "SELECT id FROM curriculum WHERE id = ?", arguments: [id])
                ?? String.fetchOne(db, sql: "SELECT curriculum_id FROM module WHERE id = ?", arguments: [id])
            return try owner.flatMap { try Workspace.curriculum(id: $0, in: db) }
        }
    }

    /// Assembles a curriculum from its row, its modules' rows and its instances' rows.
    private static func curriculum(id: String, in db: Database) throws -> Curriculum? {
        let decoder = JSONDecoder()
        guard
            let document = try String.fetchOne(
                db.cachedStatement(sql: "SELECT document FROM curriculum WHERE id = ?"), arguments: [id])
        else { return nil }
        var curriculum = try decoder.decode(Curriculum.self, from: Data(document.utf8))
        curriculum.modules = try String.fetchAll(
            db.cachedStatement(sql: "SELECT document FROM module WHERE curriculum_id = ? ORDER BY position"),
            arguments: [id]
        ).map { try decoder.decode(Module.self, from: Data($0.utf8)) }
        curriculum.instances = try String.fetchAll(
            db.cachedStatement(
                sql: "SELECT document FROM curriculum_instance WHERE curriculum_id = ? ORDER BY position"),
            arguments: [id]
        ).map { try decoder.decode(CurriculumInstance.self, from: Data($0.utf8)) }
        return curriculum
    }
}

/// Writes curricula inside one transaction, through statements prepared once and bound through SQLite's
/// C interface (``BoundStatement``): on a 100,000-course import, GRDB's argument boxing and statement
/// cache lookups were most of the writing thread's time (`perf`).
private struct CurriculumWriter {
    let db: Database
    let folder: URL?
    let now: String
    let moduleOwner: BoundStatement
    let insertCurriculum: BoundStatement
    let updateCurriculum: BoundStatement
    let insertModule: BoundStatement
    let updateModule: BoundStatement
    let insertInstance: BoundStatement
    /// History lines, 64 to a statement.
    var history: ChunkedInsert<(action: String, subject: String, detail: String)>

    init(_ db: Database, folder: URL?, importedAt now: String) throws {
        self.db = db
        self.folder = folder
        self.now = now
        moduleOwner = try BoundStatement(db, sql: "SELECT curriculum_id FROM module WHERE id = ?")
        // New identifiers are inserted; a known one makes the insert do nothing (and so change no row),
        // and is then updated: one statement for a new curriculum instead of a look-up and an upsert.
        insertCurriculum = try BoundStatement(
            db,
            sql: """
                INSERT INTO curriculum (id, format, source, title, provider, qualification, document, imported_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO NOTHING
                """)
        updateCurriculum = try BoundStatement(
            db,
            sql: """
                UPDATE curriculum SET format = ?2, source = ?3, title = ?4, provider = ?5, qualification = ?6,
                    document = ?7, imported_at = ?8
                WHERE id = ?1
                """)
        insertModule = try BoundStatement(
            db,
            sql: """
                INSERT INTO module (id, curriculum_id, position, title, hours, document)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id) DO NOTHING
                """)
        updateModule = try BoundStatement(
            db,
            sql: """
                UPDATE module SET position = ?3, title = ?4, hours = ?5, document = ?6
                WHERE id = ?1 AND curriculum_id = ?2
                """)
        insertInstance = try BoundStatement(
            db,
            sql: """
                INSERT INTO curriculum_instance (curriculum_id, position, identifier, start_date, end_date, document)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        history = ChunkedInsert(
            db, into: "history", columns: ["at", "actor", "action", "subject", "detail"]
        ) { line, statement, base in
            try statement.bind(base + 1, now)
            try statement.bind(base + 2, Workspace.actor)
            try statement.bind(base + 3, line.action)
            try statement.bind(base + 4, line.subject)
            try statement.bind(base + 5, line.detail)
        }
    }

    /// Writes one curriculum; returns whether it existed before.
    mutating func upsert(_ prepared: PreparedCurriculum) throws -> Bool {
        let id = prepared.id
        let moduleCount = prepared.number(7) ?? 0
        let instanceCount = prepared.number(8) ?? 0
        let modules = (0..<moduleCount).map { 9 + 4 * $0 }
        let instances = (0..<instanceCount).map { 9 + 4 * moduleCount + 4 * $0 }
        for field in 0..<7 { try prepared.bind(field, to: Int32(field + 1), of: insertCurriculum) }
        try insertCurriculum.bind(8, now)
        let existed = try insertCurriculum.stepCountingChanges() == 0
        if existed {
            for field in 0..<7 { try prepared.bind(field, to: Int32(field + 1), of: updateCurriculum) }
            try updateCurriculum.bind(8, now)
            try updateCurriculum.step()
            try removeDroppedModules(of: id, keeping: Set(modules.compactMap { prepared.field($0) }))
        }
        /// Runs a module statement (id, curriculum, position, title, hours, document); rows changed.
        func run(_ statement: BoundStatement, module: Int, position: Int) throws -> Int {
            try prepared.bind(module, to: 1, of: statement)
            try statement.bind(2, id)
            try statement.bind(3, position)
            for offset in 1...3 { try prepared.bind(module + offset, to: Int32(3 + offset), of: statement) }
            return try statement.stepCountingChanges()
        }
        for (position, module) in modules.enumerated() {
            // Inserted, or else updated if this curriculum owns it.
            if try run(insertModule, module: module, position: position) == 0,
                try run(updateModule, module: module, position: position) == 0
            {
                try refuseModule(module, of: prepared)
            }
        }
        if existed {
            try db.run(sql: "DELETE FROM curriculum_instance WHERE curriculum_id = ?", arguments: [id])
        }
        for (position, instance) in instances.enumerated() {
            try insertInstance.bind(1, id)
            try insertInstance.bind(2, position)
            for offset in 0..<4 { try prepared.bind(instance + offset, to: Int32(3 + offset), of: insertInstance) }
            try insertInstance.step()
        }
        try history.append((existed ? "curriculum.update" : "curriculum.create", id, prepared.field(2) ?? ""))
        return existed
    }

    /// Writes the history lines still pending.
    mutating func finish() throws { try history.flush() }

    /// A module of this identifier belongs to another curriculum.
    private func refuseModule(_ module: Int, of prepared: PreparedCurriculum) throws {
        let moduleID = prepared.field(module) ?? ""
        try moduleOwner.bind(1, moduleID)
        let owner = try moduleOwner.firstRow().text ?? "?"
        throw WorkspaceError(
            .conflict, folder: folder,
            detail: "module '\(moduleID)' of curriculum '\(prepared.id)' (\(prepared.field(2) ?? "")) "
                + "already belongs to curriculum '\(owner)'; module identifiers must be unique")
    }

    /// Deletes the modules a re-imported curriculum no longer has, unless offerings use them.
    private func removeDroppedModules(of curriculum: String, keeping keep: Set<String>) throws {
        let gone = try String.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM module WHERE curriculum_id = ?"), arguments: [curriculum]
        ).filter { !keep.contains($0) }
        for id in gone {
            let used =
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM offering WHERE module_id = ?)"),
                    arguments: [id])
                ?? false
            if used {
                throw WorkspaceError(
                    .conflict, folder: folder,
                    detail:
                        "module '\(id)' is no longer in curriculum '\(curriculum)' but offerings use it; "
                        + "remove those offerings first")
            }
            try db.run(sql: "DELETE FROM module WHERE id = ?", arguments: [id])
        }
    }
}
