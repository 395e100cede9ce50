import Foundation
import GRDB
public import PlannerCore

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
        let now = stamp()
        // Foreign keys unchecked: the writer inserts every curriculum before its modules and instances, and
        // checks itself that a module it deletes is no offering's (SQLite's checks would make every insert
        // of several rows keep a statement journal, `ChunkedInsert`).
        return try self.bulk(bulk, foreignKeys: false) { db in
            // A catalogue is written in one transaction: a 16 MiB page cache (the default is 2 MiB) keeps
            // SQLite from spilling pages to the journal and dirtying them again before the commit.
            try db.execute(sql: "PRAGMA cache_size = -16384")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            var writer = try CurriculumWriter(db, folder: folder, importedAt: now, by: actor)
            try body { try writer.add($0) }
            try writer.finish()
            let summary = writer.summary
            return summary
        }
    }

    /// Every curriculum, ordered by identifier.
    public func curricula() throws -> [Curriculum] {
        var curricula: [Curriculum] = []
        try forEachCurriculum { curricula.append($0) }
        return curricula
    }

    /// Hands over every curriculum, ordered by identifier, a few hundred read at a time: memory stays flat
    /// however large the catalogue (listing 100,000 courses held 540 MB when they were all read first).
    public func forEachCurriculum(_ body: (Curriculum) throws -> Void) throws {
        try writer.read { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM curriculum ORDER BY id")
            for start in stride(from: 0, to: ids.count, by: 500) {
                for curriculum in try Workspace.curricula(ids: ids[start..<min(start + 500, ids.count)], in: db) {
                    try body(curriculum)
                }
            }
        }
    }

    /// One curriculum by identifier, or the curriculum owning a module of that identifier.
    public func curriculum(id: String) throws -> Curriculum? {
        try writer.read { db in
            let owner =
                try String.fetchOne(db, sql: "SELECT id FROM curriculum WHERE id = ?", arguments: [id])
                ?? String.fetchOne(db, sql: "SELECT curriculum_id FROM module WHERE id = ?", arguments: [id])
            return try owner.flatMap { try Workspace.curricula(ids: [$0], in: db).first }
        }
    }

    /// The curricula of these identifiers that exist, in the order given, each assembled from its row, its
    /// modules' rows and its instances' rows (three queries for them all).
    private static func curricula(ids: some Collection<String>, in db: Database) throws -> [Curriculum] {
        guard !ids.isEmpty else { return [] }
        let list = "(" + Array(repeating: "?", count: ids.count).joined(separator: ", ") + ")"
        let arguments = StatementArguments(Array(ids))
        let decoder = JSONDecoder()
        var modules: [String: [Module]] = [:]
        let moduleRows = try Row.fetchCursor(
            db, sql: "SELECT curriculum_id, document FROM module WHERE curriculum_id IN \(list) ORDER BY position",
            arguments: arguments)
        while let row = try moduleRows.next() {
            modules[row["curriculum_id"], default: []].append(
                try decoder.decode(Module.self, from: Data((row["document"] as String).utf8)))
        }
        var instances: [String: [CurriculumInstance]] = [:]
        let instanceRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT curriculum_id, document FROM curriculum_instance WHERE curriculum_id IN \(list)
                ORDER BY position
                """,
            arguments: arguments)
        while let row = try instanceRows.next() {
            instances[row["curriculum_id"], default: []].append(
                try decoder.decode(CurriculumInstance.self, from: Data((row["document"] as String).utf8)))
        }
        // Texts read as bytes: GRDB reads a text column as a C string, which would end it at a NUL character
        // (the JSON documents escape it).
        var curricula: [String: Curriculum] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, format, CAST(source AS BLOB) AS source, CAST(provider AS BLOB) AS provider,
                    CAST(qualification AS BLOB) AS qualification, document
                FROM curriculum WHERE id IN \(list)
                """,
            arguments: arguments)
        while let row = try rows.next() {
            let id: String = row["id"]
            func text(_ column: String) -> String? {
                (row[column] as Data?).map { String(decoding: $0, as: UTF8.self) }
            }
            let formatName: String = row["format"]
            guard let format = CurriculumFormat(rawValue: formatName) else {
                throw WorkspaceError(
                    .unreadable, folder: nil, detail: "curriculum '\(id)' has an unknown format '\(formatName)'")
            }
            let head = try decoder.decode(StoredHead.self, from: Data((row["document"] as String).utf8))
            let texts = head.texts(firstModule: modules[id]?.first)
            curricula[id] = Curriculum(
                id: id, title: texts.title, description: texts.description, provider: text("provider"),
                format: format, source: text("source") ?? "", modules: modules[id] ?? [],
                instances: instances[id] ?? [], qualification: text("qualification"), codes: head.codes ?? [])
        }
        return ids.compactMap { curricula[$0] }
    }
}

/// Writes curricula inside one transaction, through statements prepared once and bound through SQLite's
/// C interface (``BoundStatement``): on a 100,000-course import, GRDB's argument boxing and statement
/// cache lookups were most of the writing thread's time (`perf`).
///
/// Curricula are written 64 at a time: one statement finds which of them exist, and the rows of the new
/// ones (nearly all, in a first import) go in with one statement per table, SQLite keeping its place in
/// each b-tree from one row to the next (one statement per row: 0.15 s more of the import's work on
/// 100,000 courses, `time`). A curriculum that exists is updated on its own.
private struct CurriculumWriter {
    let db: Database
    let folder: URL?
    let now: String
    private(set) var summary = CurriculumImportSummary()
    private var pending: [PreparedCurriculum] = []
    private var pendingIDs: Set<String> = []
    static let chunk = 64
    let moduleOwner: BoundStatement
    let updateCurriculum: BoundStatement
    let insertModule: BoundStatement
    let updateModule: BoundStatement
    let insertInstance: BoundStatement
    /// Which of a full chunk's curricula exist.
    let existing: BoundStatement
    var newCurricula: ChunkedInsert<PreparedCurriculum>
    /// A new curriculum's module: the curriculum, and the module's first field.
    var newModules: ChunkedInsert<(curriculum: PreparedCurriculum, field: Int, position: Int)>
    var newInstances: ChunkedInsert<(curriculum: PreparedCurriculum, field: Int, position: Int)>
    /// Who imports, for the history.
    let actor: String
    /// History lines, 64 to a statement.
    var history: ChunkedInsert<(action: String, subject: String, detail: String)>

    init(_ db: Database, folder: URL?, importedAt now: String, by actor: String) throws {
        self.db = db
        self.folder = folder
        self.now = now
        self.actor = actor
        moduleOwner = try BoundStatement(db, sql: "SELECT curriculum_id FROM module WHERE id = ?")
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
        existing = try BoundStatement(
            db,
            sql:
                "SELECT id FROM curriculum WHERE id IN (\(Array(repeating: "?", count: Self.chunk).joined(separator: ", ")))"
        )
        newCurricula = ChunkedInsert(
            db, into: "curriculum",
            columns: ["id", "format", "source", "title", "provider", "qualification", "document", "imported_at"]
        ) { prepared, statement, base in
            for field in 0..<7 { try prepared.bind(field, to: base + Int32(field + 1), of: statement) }
            try statement.bind(base + 8, now)
        }
        newModules = ChunkedInsert(
            db, into: "module", columns: ["id", "curriculum_id", "position", "title", "hours", "document"],
            // A module of another curriculum is left as it is here, and found afterwards (`refuseModulesOfPending`).
            suffix: "ON CONFLICT(id) DO NOTHING"
        ) { module, statement, base in
            try module.curriculum.bind(module.field, to: base + 1, of: statement)
            try module.curriculum.bind(0, to: base + 2, of: statement)
            try statement.bind(base + 3, module.position)
            for offset in 1...3 {
                try module.curriculum.bind(module.field + offset, to: base + Int32(3 + offset), of: statement)
            }
        }
        newInstances = ChunkedInsert(
            db, into: "curriculum_instance",
            columns: ["curriculum_id", "position", "identifier", "start_date", "end_date", "document"]
        ) { instance, statement, base in
            try instance.curriculum.bind(0, to: base + 1, of: statement)
            try statement.bind(base + 2, instance.position)
            for offset in 0..<4 {
                try instance.curriculum.bind(instance.field + offset, to: base + Int32(3 + offset), of: statement)
            }
        }
        history = ChunkedInsert(
            db, into: "history", columns: ["at", "actor", "action", "subject", "detail"]
        ) { line, statement, base in
            try statement.bind(base + 1, now)
            try statement.bind(base + 2, actor)
            try statement.bind(base + 3, line.action)
            try statement.bind(base + 4, line.subject)
            try statement.bind(base + 5, line.detail)
        }
    }

    /// Takes one curriculum; it is written with its chunk.
    mutating func add(_ prepared: PreparedCurriculum) throws {
        // The same identifier twice in a chunk (two files): the second one updates the first.
        if pendingIDs.contains(prepared.id) { try flush() }
        pending.append(prepared)
        pendingIDs.insert(prepared.id)
        if pending.count == Self.chunk { try flush() }
    }

    /// Writes what is pending.
    mutating func finish() throws {
        try flush()
        try history.flush()
    }

    private static func modules(of prepared: PreparedCurriculum) -> [Int] {
        (0..<(prepared.number(7) ?? 0)).map { 9 + 4 * $0 }
    }

    private static func instances(of prepared: PreparedCurriculum) -> [Int] {
        let modules = prepared.number(7) ?? 0
        return (0..<(prepared.number(8) ?? 0)).map { 9 + 4 * modules + 4 * $0 }
    }

    /// Writes the pending curricula: a table at a time when they are all new, else one by one, in order
    /// (a module may move from a curriculum updated to one created, or the other way round).
    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
            pendingIDs.removeAll(keepingCapacity: true)
        }
        let known = try existingIDs()
        if !known.isEmpty {
            for prepared in pending {
                let existed = known.contains(prepared.id)
                if existed {
                    try update(prepared)
                    summary.updated.append(prepared.id)
                } else {
                    try insert(prepared)
                    summary.created.append(prepared.id)
                }
                try history.append(
                    (existed ? "curriculum.update" : "curriculum.create", prepared.id, prepared.field(2) ?? ""))
            }
            return
        }
        let modulesBefore = newModules.rowsInserted
        var modules = 0
        for prepared in pending {
            try newCurricula.append(prepared)
            for (position, field) in Self.modules(of: prepared).enumerated() {
                try newModules.append((prepared, field, position))
                modules += 1
            }
            for (position, field) in Self.instances(of: prepared).enumerated() {
                try newInstances.append((prepared, field, position))
            }
        }
        try newCurricula.flush()
        try newModules.flush()
        try newInstances.flush()
        if newModules.rowsInserted - modulesBefore < modules { try refuseModulesOfPending() }
        for prepared in pending {
            summary.created.append(prepared.id)
            try history.append(("curriculum.create", prepared.id, prepared.field(2) ?? ""))
        }
    }

    /// The pending curricula already in the workspace.
    private func existingIDs() throws -> Set<String> {
        for index in 0..<Self.chunk {
            // A chunk not full repeats its first identifier.
            try pending[index < pending.count ? index : 0].bind(0, to: Int32(index + 1), of: existing)
        }
        return Set(try existing.allRows())
    }

    /// Inserts one new curriculum, its modules and instances (the rows of a chunk that has curricula to
    /// update as well, written in order).
    private mutating func insert(_ prepared: PreparedCurriculum) throws {
        try newCurricula.append(prepared)
        try newCurricula.flush()
        try writeModules(of: prepared)
        try writeInstances(of: prepared)
    }

    /// Updates a curriculum that exists: its row, its modules (those it no longer has deleted), its
    /// instances.
    private func update(_ prepared: PreparedCurriculum) throws {
        let id = prepared.id
        for field in 0..<7 { try prepared.bind(field, to: Int32(field + 1), of: updateCurriculum) }
        try updateCurriculum.bind(8, now)
        try updateCurriculum.step()
        try removeDroppedModules(of: id, keeping: Set(Self.modules(of: prepared).compactMap { prepared.field($0) }))
        try writeModules(of: prepared)
        try db.run(sql: "DELETE FROM curriculum_instance WHERE curriculum_id = ?", arguments: [id])
        try writeInstances(of: prepared)
    }

    /// Inserts a curriculum's modules, or updates those it owns already; refuses one another owns.
    private func writeModules(of prepared: PreparedCurriculum) throws {
        /// Runs a module statement (id, curriculum, position, title, hours, document); rows changed.
        func run(_ statement: BoundStatement, module: Int, position: Int) throws -> Int {
            try prepared.bind(module, to: 1, of: statement)
            try prepared.bind(0, to: 2, of: statement)
            try statement.bind(3, position)
            for offset in 1...3 { try prepared.bind(module + offset, to: Int32(3 + offset), of: statement) }
            return try statement.stepCountingChanges()
        }
        for (position, module) in Self.modules(of: prepared).enumerated() {
            if try run(insertModule, module: module, position: position) == 0,
                try run(updateModule, module: module, position: position) == 0
            {
                try refuseModule(module, of: prepared)
            }
        }
    }

    private func writeInstances(of prepared: PreparedCurriculum) throws {
        for (position, instance) in Self.instances(of: prepared).enumerated() {
            try prepared.bind(0, to: 1, of: insertInstance)
            try insertInstance.bind(2, position)
            for offset in 0..<4 { try prepared.bind(instance + offset, to: Int32(3 + offset), of: insertInstance) }
            try insertInstance.step()
        }
    }

    /// A module of the new curricula pending was not inserted: its identifier belongs to another
    /// curriculum.
    private func refuseModulesOfPending() throws {
        for prepared in pending {
            for module in Self.modules(of: prepared) {
                try moduleOwner.bind(1, prepared.field(module) ?? "")
                if try moduleOwner.firstRow().text != prepared.id { try refuseModule(module, of: prepared) }
            }
        }
    }

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

extension Workspace {
    /// Sets one module's contact hours: formats that do not carry them (CDM-fr, IMS Common Cartridge,
    /// Moodle) import modules without. Recorded in history with the old value; re-importing the curriculum
    /// later replaces what it carries.
    public func setModuleHours(_ moduleID: String, to hours: Int) throws {
        guard (1...10_000).contains(hours) else {
            throw WorkspaceError(.conflict, folder: folder, detail: "hours must be a whole number from 1 to 10000")
        }
        let now = stamp()
        try transaction { db in
            guard
                let document = try String.fetchOne(
                    db, sql: "SELECT document FROM module WHERE id = ?", arguments: [moduleID])
            else {
                throw WorkspaceError(.notFound, folder: folder, detail: "no module '\(moduleID)' in the workspace")
            }
            var module = try JSONDecoder().decode(Module.self, from: Data(document.utf8))
            let before = module.hours
            module.hours = hours
            try db.execute(
                sql: "UPDATE module SET hours = ?, document = ? WHERE id = ?",
                arguments: [hours, module.storedJSON, moduleID])
            try record(
                "curriculum.set-hours", subject: "module:\(moduleID)",
                detail: "hours \(before.map(String.init) ?? "none") → \(hours)", at: now, in: db)
        }
    }
}
