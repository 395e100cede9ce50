import Foundation
import GRDB
import PlannerCore
import TestSupport
import Testing

@testable import Workspace

func sampleCurriculum(_ id: String, modules: [String]) -> Curriculum {
    Curriculum(
        id: id, title: LocalizedText("Programme \(id)", language: "en"), format: .native, source: "\(id).xml",
        modules: modules.map { Module(id: $0, title: LocalizedText("Module \($0)"), hours: 6) })
}

@Suite struct WorkspaceTests {
    @Test func createsAWorkspaceOnceAndReopensIt() throws {
        let folder = try TemporaryFolder()
        let target = folder.url.appendingPathComponent("programme-2027")
        let (workspace, created) = try Workspace.create(at: target, actor: "test")
        #expect(created)
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("planner.sqlite").path))
        let status = try workspace.status()
        #expect(status.curricula == 0 && status.certificates == 0)
        #expect(status.schemaVersion == Workspace.knownMigrations.last)
        let again = try Workspace.create(at: target, actor: "test")
        #expect(!again.created)
        #expect(try Workspace.open(at: target, actor: "test").status() == status)
    }

    @Test func aFolderWithoutDatabaseIsNotAWorkspaceAndSaysHowToCreateOne() throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: WorkspaceError.self) { try Workspace.open(at: folder.url, actor: "test") }
        #expect(error?.code == .notAWorkspace)
        #expect(String(describing: error!).contains("planner init"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("planner.sqlite").path))
    }

    @Test func anOlderWorkspaceMigratesForwardKeepingItsData() throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("planner.sqlite")
        do {
            // What version 0.0 of planner wrote: only the first migration, and one curriculum.
            let queue = try DatabaseQueue(path: file.path)
            try Schema.migrator.migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO curriculum (id, format, source, title, document, imported_at)
                        VALUES ('OLD', 'native', 'old.xml', 'Old programme', '{}', '2026-01-01T00:00:00Z');
                        INSERT INTO module (id, curriculum_id, position, title, hours, document)
                        VALUES ('OLD-M', 'OLD', 0, 'Old module', 6, '{"id":"OLD-M","title":"Old module"}');
                        """)
                #expect(try !db.tableExists("history"))
            }
        }
        let workspace = try Workspace.open(at: folder.url, actor: "test")
        let status = try workspace.status()
        #expect(status.schemaVersion == Workspace.knownMigrations.last)
        #expect(status.curricula == 1)
        #expect(try workspace.history().isEmpty)
        // The curriculum table made anew for the formats read since (v8) keeps its rows, its modules and the
        // modules' link to it.
        #expect(try workspace.curriculum(id: "OLD")?.modules.map(\.id) == ["OLD-M"])
        try workspace.writer.write { db in
            try db.execute(sql: "UPDATE curriculum SET format = 'lheo' WHERE id = 'OLD'")
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE curriculum SET format = 'x' WHERE id = 'OLD'")
            }
            try db.execute(sql: "DELETE FROM curriculum WHERE id = 'OLD'")
            #expect(
                try Int.fetchOne(db, sql: "SELECT count(*) FROM module") == 0, "deleting a curriculum still cascades")
        }
        // It keeps the pages it was made with; new workspaces get larger ones.
        #expect(try workspace.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 4_096)
        let fresh = try Workspace.create(at: folder.url.appendingPathComponent("new"), actor: "test").workspace
        #expect(try fresh.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == Workspace.pageSize)
    }

    @Test func marksRecordedBeforeVersionsKeepTheirAuthorAndHistoryLinesOnce() throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("planner.sqlite")
        do {
            // What planner wrote before marks had versions: a mark, and its history line.
            let queue = try DatabaseQueue(path: file.path)
            try Schema.migrator.migrate(queue, upTo: "v5-credentials")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO curriculum (id, format, source, title, document, imported_at)
                            VALUES ('C', 'native', 'c.xml', 'C', '{}', '2027-01-01T00:00:00Z');
                        INSERT INTO module (id, curriculum_id, position, title, hours, document)
                            VALUES ('M', 'C', 1, 'M', 6, '{}');
                        INSERT INTO offering (id, module_id, audience, cohorts, sessions_per_cohort, window_start, window_end, document)
                            VALUES ('SEM', 'M', 'administrators', 1, 1, '2027-03-01', '2027-03-31', '{}');
                        INSERT INTO cohort (offering_id, number) VALUES ('SEM', 1);
                        INSERT INTO venue (id, name, territory, address, capacity, equipment, step_free, cost_minor, currency, provider, document)
                            VALUES ('V', 'V', 'T', '', 10, '', 1, 0, 'EUR', '', '{}');
                        INSERT INTO trainer (id, name, fee_minor, currency, in_house, document)
                            VALUES ('T', 'T', 0, 'EUR', 1, '{}');
                        INSERT INTO session (offering_id, cohort_number, idx, date, slot, starts_at, ends_at, venue_id, trainer_id)
                            VALUES ('SEM', 1, 1, '2027-03-01', 'morning', '2027-03-01T08:00:00Z', '2027-03-01T11:30:00Z', 'V', 'T');
                        INSERT INTO participant (id, family_name, given_name, organisation, organisation_type, audience)
                            VALUES ('P01', 'Dupont', 'Claire', 'Ville', 'public-administration', 'administrators');
                        INSERT INTO registration (participant_id, offering_id, cohort_number, status, requested_at)
                            VALUES ('P01', 'SEM', 1, 'registered', '2027-01-01T00:00:00Z');
                        INSERT INTO attendance_mark (participant_id, offering_id, cohort_number, session_index, status, minutes, remark, marked_by, marked_at)
                            VALUES ('P01', 'SEM', 1, 1, 'absent', 0, NULL, 'Ana Costa', '2027-03-01T12:00:00Z');
                        INSERT INTO history (at, actor, action, subject, detail)
                            VALUES ('2027-03-01T12:00:00Z', 'Ana Costa', 'mark.set', 'mark:SEM#1/1:P01', 'none → absent 0min');
                        """)
            }
        }
        let workspace = try Workspace.open(at: folder.url, actor: "test")
        let marks = try workspace.marks()
        #expect(marks.map(\.markedBy) == ["Ana Costa"])
        #expect(marks.map(\.markedAt) == ["2027-03-01T12:00:00Z"])
        #expect(try workspace.markHistory().map(\.detail) == ["none → absent 0min"])
        // A correction after the upgrade keeps the old version and adds one line.
        let key = SessionKey(cohort: Cohort(offeringID: "SEM", number: 1), index: 1)
        let changed = try workspace.recordMarks(
            [MarkEntry(participantID: "P01", status: "excused", remark: "doctor")], for: key, by: "Claire Dupont",
            at: Date(timeIntervalSince1970: 1_804_000_000))
        #expect(changed == 1)
        let history = try workspace.markHistory(participant: "P01")
        #expect(history.map(\.detail) == ["none → absent 0min", "absent 0min → excused 0min (doctor)"])
        #expect(history.map(\.actor) == ["Ana Costa", "Claire Dupont"])
    }

    @Test func aNewerWorkspaceIsRefusedAndLeftUntouched() throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("planner.sqlite")
        do {
            let (workspace, _) = try Workspace.create(at: folder.url, actor: "test")
            try workspace.save([sampleCurriculum("P1", modules: ["P1-M1"])])
            try workspace.writer.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
        }
        let before = try Data(contentsOf: file)
        let error = #expect(throws: WorkspaceError.self) { try Workspace.open(at: folder.url, actor: "test") }
        #expect(error?.code == .newerSchema)
        #expect(String(describing: error!).contains("v99-from-the-future"))
        #expect(String(describing: error!).contains("newer version"))
        #expect(try Data(contentsOf: file) == before)
    }

    @Test func twoWritersAtTheSameTimeBothSucceed() async throws {
        let folder = try TemporaryFolder()
        _ = try Workspace.create(at: folder.url, actor: "test")
        let path = folder.url
        // Two independent connections, as two planner processes would have.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let workspace = try Workspace.open(at: path, actor: "test")
                    for index in 0..<40 {
                        let id = "W\(writer)-\(index)"
                        try workspace.save([sampleCurriculum(id, modules: ["\(id)-M"])])
                    }
                }
            }
            try await group.waitForAll()
        }
        let status = try Workspace.open(at: path, actor: "test").status()
        #expect(status.curricula == 80)
        #expect(status.modules == 80)
    }

    /// A server's log is copied into the database in the background while it keeps writing, well before
    /// SQLite's own checkpoint (1,000 pages) would have run on a commit.
    @Test func aServersWritesReachTheDatabaseFileWithoutAStop() async throws {
        let folder = try TemporaryFolder()
        _ = try Workspace.create(at: folder.url, actor: "test")
        let file = folder.url.appendingPathComponent(Workspace.databaseFileName)
        let before = try Data(contentsOf: file)
        let server = try Workspace.openPooled(at: folder.url, actor: "test")
        let value = String(repeating: "x", count: 70_000)  // two pages and more a commit
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<120 {
            try server.setWebSession(hash: "h\(index)", value: value, expires: nil, create: true, at: now)
        }
        var copied = false
        for _ in 0..<100 where !copied {
            try await Task.sleep(for: .milliseconds(50))
            copied = try Data(contentsOf: file) != before
        }
        #expect(copied, "the database file is as it was: nothing left the log")
        #expect(try Workspace.open(at: folder.url, actor: "test").webSession(hash: "h119", at: now)?.value == value)
    }

    /// A bulk import goes through a rollback journal (pages written once) and leaves the workspace in WAL
    /// mode, whether it lands or is rolled back; with another connection open it goes through the log.
    @Test func aBulkImportLandsOrLeavesEveryTableAsItWasAndTheWorkspaceInWALMode() throws {
        struct Refused: Error {}
        let folder = try TemporaryFolder()
        let (workspace, _) = try Workspace.create(at: folder.url, actor: "test")
        try workspace.save([sampleCurriculum("P1", modules: ["P1-M1"])])
        func journal() throws -> String? {
            try workspace.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        }
        /// The journal in use while a transaction writes, as the files beside the database show it.
        func journalFiles() -> String {
            let base = folder.url.appendingPathComponent("planner.sqlite").path
            return ["-journal", "-wal"].filter { FileManager.default.fileExists(atPath: base + $0) }.joined()
        }
        func contents() throws -> [String] {
            try workspace.writer.read { db in
                try ["curriculum", "module", "curriculum_instance", "history"].flatMap { table in
                    try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map(\.description)
                }
            }
        }
        let before = try contents()
        var modeDuringImport: String?
        #expect(throws: Refused.self) {
            try workspace.importPrepared(bulk: true) { save in
                for index in 0..<500 {
                    try save(PreparedCurriculum(sampleCurriculum("B\(index)", modules: ["B\(index)-M"])))
                    // (Curricula are written 64 at a time.)
                    if index == 100 { modeDuringImport = journalFiles() }
                }
                throw Refused()
            }
        }
        #expect(modeDuringImport == "-journal")
        #expect(try contents() == before)
        #expect(try journal() == "wal")

        let summary = try workspace.importPrepared(bulk: true) { save in
            for index in 0..<500 {
                try save(PreparedCurriculum(sampleCurriculum("B\(index)", modules: ["B\(index)-M"])))
            }
        }
        #expect(summary.created.count == 500)
        #expect(try journal() == "wal")
        #expect(try Workspace.open(at: folder.url, actor: "test").status().curricula == 501)

        // Another process has the workspace open: the import goes through the log, and lands.
        let other = try Workspace.open(at: folder.url, actor: "test")
        _ = try other.status()
        try workspace.importPrepared(bulk: true) { save in
            for index in 0..<100 {
                try save(PreparedCurriculum(sampleCurriculum("Q\(index)", modules: ["Q\(index)-M"])))
            }
            modeDuringImport = journalFiles()
        }
        #expect(modeDuringImport == "-wal")
        #expect(try other.status().curricula == 601)
    }

    /// Curricula are written 64 at a time, the new ones a table at a time: the outcome is that of writing
    /// them one by one, in order.
    @Test func chunksOfNewAndKnownCurriculaEndAsIfWrittenOneByOne() throws {
        let workspace = try Workspace.inMemory()
        try workspace.save((0..<50).map { sampleCurriculum("K\($0)", modules: ["K\($0)-M"]) })
        // 100 curricula, every other one known; K0 gives its module to N1, created right after it; N2
        // comes twice (the second updates the first).
        var batch: [Curriculum] = []
        for index in 0..<50 {
            batch.append(
                sampleCurriculum("K\(index)", modules: index == 0 ? ["K0-X"] : ["K\(index)-M", "K\(index)-M2"]))
            batch.append(sampleCurriculum("N\(index)", modules: index == 1 ? ["K0-M"] : ["N\(index)-M"]))
        }
        batch.insert(sampleCurriculum("N2", modules: ["N2-M", "N2-M2"]), at: 70)
        let summary = try workspace.save(batch)
        #expect(summary.created == (0..<50).map { "N\($0)" })
        #expect(summary.updated.count == 51 && summary.updated.filter { $0 == "N2" }.count == 1)
        #expect(try workspace.curriculum(id: "K0")?.modules.map(\.id) == ["K0-X"])
        #expect(try workspace.curriculum(id: "N1")?.modules.map(\.id) == ["K0-M"])
        #expect(try workspace.curriculum(id: "N2")?.modules.map(\.id) == ["N2-M", "N2-M2"])
        #expect(try workspace.curriculum(id: "K7")?.modules.map(\.id) == ["K7-M", "K7-M2"])
        let status = try workspace.status()
        #expect(status.curricula == 100)
        #expect(status.modules == 1 + 49 * 2 + 1 + 48 + 2)
        #expect(try workspace.history(subject: "N2").map(\.action) == ["curriculum.create", "curriculum.update"])
        #expect(try workspace.history(subject: "K3").map(\.action) == ["curriculum.create", "curriculum.update"])

        // The 70th of 100 new curricula has a module another one owns: nothing is written.
        let before = try workspace.status()
        let clash = (0..<100).map { sampleCurriculum("C\($0)", modules: [$0 == 69 ? "K5-M" : "C\($0)-M"]) }
        let error = #expect(throws: WorkspaceError.self) { try workspace.save(clash) }
        #expect(String(describing: error!).contains("module 'K5-M' of curriculum 'C69'"))
        #expect(String(describing: error!).contains("already belongs to curriculum 'K5'"))
        #expect(try workspace.status() == before)
    }

    @Test func reimportUpdatesInsteadOfDuplicating() throws {
        let workspace = try Workspace.inMemory()
        let first = try workspace.save([sampleCurriculum("P1", modules: ["A", "B"])])
        #expect(first.created == ["P1"])
        let second = try workspace.save([sampleCurriculum("P1", modules: ["A", "C"])])
        #expect(second.updated == ["P1"])
        let stored = try #require(try workspace.curriculum(id: "P1"))
        #expect(stored.modules.map(\.id) == ["A", "C"])
        #expect(try workspace.status().modules == 2)
        #expect(try workspace.history(subject: "P1").map(\.action) == ["curriculum.create", "curriculum.update"])
    }

    @Test func aModuleIdentifierOwnedByAnotherCurriculumIsRefusedAndNothingIsWritten() throws {
        let workspace = try Workspace.inMemory()
        try workspace.save([sampleCurriculum("P1", modules: ["SHARED"])])
        let error = #expect(throws: WorkspaceError.self) {
            try workspace.save([sampleCurriculum("P2", modules: ["X"]), sampleCurriculum("P3", modules: ["SHARED"])])
        }
        #expect(String(describing: error!).contains("already belongs to curriculum 'P1'"))
        // The whole save is one transaction: P2 did not land either.
        #expect(try workspace.curricula().map(\.id) == ["P1"])
    }

    @Test func aModuleAnOfferingUsesCannotDisappearOnReimport() throws {
        let workspace = try Workspace.inMemory()
        try workspace.save([sampleCurriculum("P1", modules: ["A", "B"])])
        try workspace.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO offering (id, module_id, audience, cohorts, sessions_per_cohort, window_start,
                        window_end, document)
                    VALUES ('O1', 'B', 'administrators', 1, 2, '2027-03-01', '2027-06-30', '{}')
                    """)
        }
        let error = #expect(throws: WorkspaceError.self) {
            try workspace.save([sampleCurriculum("P2", modules: ["X"]), sampleCurriculum("P1", modules: ["A"])])
        }
        #expect(String(describing: error!).contains("module 'B' is no longer in curriculum 'P1' but offerings use it"))
        // Nothing was written: P2 is not there, and P1 still has both modules.
        #expect(try workspace.curricula().map(\.id) == ["P1"])
        #expect(try workspace.curriculum(id: "P1")?.modules.map(\.id) == ["A", "B"])
        #expect(try workspace.history(subject: "P1").map(\.action) == ["curriculum.create"])
    }

    @Test func historyIsAppendOnly() throws {
        let workspace = try Workspace.inMemory()
        try workspace.save([sampleCurriculum("P1", modules: ["A"])])
        #expect(throws: DatabaseError.self) {
            try workspace.writer.write { db in try db.execute(sql: "UPDATE history SET actor = 'someone else'") }
        }
        #expect(throws: DatabaseError.self) {
            try workspace.writer.write { db in try db.execute(sql: "DELETE FROM history") }
        }
        #expect(try workspace.history().count == 1)
    }
}
