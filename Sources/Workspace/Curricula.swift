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
    let head: String
    let modules: [String]
    let instances: [String]

    /// Encodes the documents (one encoder may serve many curricula on one thread).
    public init(_ curriculum: Curriculum, encoder: JSONEncoder) throws {
        self.curriculum = curriculum
        var head = curriculum
        head.modules = []
        head.instances = []
        self.head = String(decoding: try encoder.encode(head), as: UTF8.self)
        modules = try curriculum.modules.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        instances = try curriculum.instances.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
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
        let encoder = JSONEncoder()
        return try importPrepared { save in
            try withoutActuallyEscaping(save) { save in
                try body { try save(PreparedCurriculum($0, encoder: encoder)) }
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
            var summary = CurriculumImportSummary()
            try body { prepared in
                if try upsert(prepared, importedAt: now, in: db) {
                    summary.updated.append(prepared.curriculum.id)
                } else {
                    summary.created.append(prepared.curriculum.id)
                }
            }
            return summary
        }
    }

    /// Writes one curriculum; returns whether it existed before.
    private func upsert(_ prepared: PreparedCurriculum, importedAt now: String, in db: Database) throws -> Bool {
        let curriculum = prepared.curriculum
        let exists =
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM curriculum WHERE id = ?)"),
                arguments: [curriculum.id])
            ?? false
        for module in curriculum.modules {
            if let owner = try String.fetchOne(
                db.cachedStatement(sql: "SELECT curriculum_id FROM module WHERE id = ?"), arguments: [module.id]),
                owner != curriculum.id
            {
                throw WorkspaceError(
                    .conflict, folder: folder,
                    detail: "module '\(module.id)' of curriculum '\(curriculum.id)' (\(curriculum.source)) "
                        + "already belongs to curriculum '\(owner)'; module identifiers must be unique")
            }
        }
        let document = prepared.head
        try db.run(
            sql: """
                INSERT INTO curriculum (id, format, source, title, provider, qualification, document, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET format = excluded.format, source = excluded.source,
                    title = excluded.title, provider = excluded.provider,
                    qualification = excluded.qualification, document = excluded.document,
                    imported_at = excluded.imported_at
                """,
            arguments: [
                curriculum.id, curriculum.format.rawValue, curriculum.source,
                curriculum.title.text() ?? curriculum.id, curriculum.provider, curriculum.qualification,
                document, now,
            ])
        let keep = Set(curriculum.modules.map(\.id))
        let gone =
            !exists
            ? []
            : try String.fetchAll(
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
        for (position, module) in curriculum.modules.enumerated() {
            try db.run(
                sql: """
                    INSERT INTO module (id, curriculum_id, position, title, hours, document)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET position = excluded.position, title = excluded.title,
                        hours = excluded.hours, document = excluded.document
                    """,
                arguments: [
                    module.id, curriculum.id, position, module.title.text() ?? module.id, module.hours,
                    prepared.modules[position],
                ])
        }
        if exists {
            try db.run(sql: "DELETE FROM curriculum_instance WHERE curriculum_id = ?", arguments: [curriculum.id])
        }
        for (position, instance) in curriculum.instances.enumerated() {
            try db.run(
                sql: """
                    INSERT INTO curriculum_instance (curriculum_id, position, identifier, start_date, end_date, document)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    curriculum.id, position, instance.identifier, instance.start?.description,
                    instance.end?.description,
                    prepared.instances[position],
                ])
        }
        try Workspace.record(
            exists ? "curriculum.update" : "curriculum.create", subject: curriculum.id,
            detail: curriculum.source, at: now, in: db)
        return exists
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
