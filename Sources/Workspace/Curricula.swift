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

/// A curriculum with the documents the workspace stores for it already encoded, so that encoding can
/// happen on the thread that reads the files while another one writes.
public struct PreparedCurriculum: Sendable {
    /// The curriculum.
    public let curriculum: Curriculum
    /// Its own document: everything but modules and instances, which have rows of their own.
    let head: [UInt8]
    let modules: [[UInt8]]
    let instances: [[UInt8]]

    /// Writes the documents (``StoredJSON``; decoded with `JSONDecoder` when read).
    public init(_ curriculum: Curriculum) {
        self.curriculum = curriculum
        head = curriculum.storedHeadJSONBytes
        modules = curriculum.modules.map(\.storedJSONBytes)
        instances = curriculum.instances.map(\.storedJSONBytes)
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
    @discardableResult
    public func importPrepared(
        _ body: (_ save: (PreparedCurriculum) throws -> Void) throws -> Void
    ) throws -> CurriculumImportSummary {
        let now = ISO8601DateFormatter().string(from: Date())
        return try transaction { db in
            // A catalogue is written in one transaction: a 64 MiB page cache (the default is 2 MiB) keeps
            // SQLite from spilling pages to the journal and dirtying them again before the commit.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            var summary = CurriculumImportSummary()
            let writer = try CurriculumWriter(db, folder: folder, importedAt: now)
            try body { prepared in
                if try writer.upsert(prepared) {
                    summary.updated.append(prepared.curriculum.id)
                } else {
                    summary.created.append(prepared.curriculum.id)
                }
            }
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
    let exists: BoundStatement
    let moduleOwner: BoundStatement
    let upsertCurriculum: BoundStatement
    let upsertModule: BoundStatement
    let insertInstance: BoundStatement
    let history: BoundStatement

    init(_ db: Database, folder: URL?, importedAt now: String) throws {
        self.db = db
        self.folder = folder
        self.now = now
        exists = try BoundStatement(db, sql: "SELECT 1 FROM curriculum WHERE id = ?")
        moduleOwner = try BoundStatement(db, sql: "SELECT curriculum_id FROM module WHERE id = ?")
        upsertCurriculum = try BoundStatement(
            db,
            sql: """
                INSERT INTO curriculum (id, format, source, title, provider, qualification, document, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET format = excluded.format, source = excluded.source,
                    title = excluded.title, provider = excluded.provider,
                    qualification = excluded.qualification, document = excluded.document,
                    imported_at = excluded.imported_at
                """)
        upsertModule = try BoundStatement(
            db,
            sql: """
                INSERT INTO module (id, curriculum_id, position, title, hours, document)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET position = excluded.position, title = excluded.title,
                    hours = excluded.hours, document = excluded.document
                """)
        insertInstance = try BoundStatement(
            db,
            sql: """
                INSERT INTO curriculum_instance (curriculum_id, position, identifier, start_date, end_date, document)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        history = try BoundStatement(
            db, sql: "INSERT INTO history (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)")
    }

    /// Writes one curriculum; returns whether it existed before.
    func upsert(_ prepared: PreparedCurriculum) throws -> Bool {
        let curriculum = prepared.curriculum
        try exists.bind(1, curriculum.id)
        let existed = try exists.firstRow().found
        for module in curriculum.modules {
            try moduleOwner.bind(1, module.id)
            if let owner = try moduleOwner.firstRow().text, owner != curriculum.id {
                throw WorkspaceError(
                    .conflict, folder: folder,
                    detail: "module '\(module.id)' of curriculum '\(curriculum.id)' (\(curriculum.source)) "
                        + "already belongs to curriculum '\(owner)'; module identifiers must be unique")
            }
        }
        try upsertCurriculum.bind(1, curriculum.id)
        try upsertCurriculum.bind(2, curriculum.format.rawValue)
        try upsertCurriculum.bind(3, curriculum.source)
        try upsertCurriculum.bind(4, curriculum.title.text() ?? curriculum.id)
        try upsertCurriculum.bind(5, curriculum.provider)
        try upsertCurriculum.bind(6, curriculum.qualification)
        try upsertCurriculum.bind(7, utf8: prepared.head)
        try upsertCurriculum.bind(8, now)
        try upsertCurriculum.step()
        if existed { try removeDroppedModules(of: curriculum) }
        for (position, module) in curriculum.modules.enumerated() {
            try upsertModule.bind(1, module.id)
            try upsertModule.bind(2, curriculum.id)
            try upsertModule.bind(3, position)
            try upsertModule.bind(4, module.title.text() ?? module.id)
            try upsertModule.bind(5, module.hours)
            try upsertModule.bind(6, utf8: prepared.modules[position])
            try upsertModule.step()
        }
        if existed {
            try db.run(sql: "DELETE FROM curriculum_instance WHERE curriculum_id = ?", arguments: [curriculum.id])
        }
        for (position, instance) in curriculum.instances.enumerated() {
            try insertInstance.bind(1, curriculum.id)
            try insertInstance.bind(2, position)
            try insertInstance.bind(3, instance.identifier)
            try insertInstance.bind(4, instance.start?.description)
            try insertInstance.bind(5, instance.end?.description)
            try insertInstance.bind(6, utf8: prepared.instances[position])
            try insertInstance.step()
        }
        try history.bind(1, now)
        try history.bind(2, Workspace.actor)
        try history.bind(3, existed ? "curriculum.update" : "curriculum.create")
        try history.bind(4, curriculum.id)
        try history.bind(5, curriculum.source)
        try history.step()
        return existed
    }

    /// Deletes the modules a re-imported curriculum no longer has, unless offerings use them.
    private func removeDroppedModules(of curriculum: Curriculum) throws {
        let keep = Set(curriculum.modules.map(\.id))
        let gone = try String.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM module WHERE curriculum_id = ?"), arguments: [curriculum.id]
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
                        "module '\(id)' is no longer in curriculum '\(curriculum.id)' but offerings use it; "
                        + "remove those offerings first")
            }
            try db.run(sql: "DELETE FROM module WHERE id = ?", arguments: [id])
        }
    }
}
