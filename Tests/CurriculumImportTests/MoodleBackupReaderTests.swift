import Foundation
import PlannerCore
import TestSupport
import Testing

@testable import CurriculumImport

/// Moodle course backups, read by their `moodle_backup.xml`: each rule of the mapping on a backup the team
/// wrote from the format.
@Suite struct MoodleBackupReaderTests {
    @Test func aBackupIsACurriculumAndItsSectionsWithActivitiesAreModules() throws {
        let (report, curricula) = try read("moodle-backup/moodle_backup.xml")
        #expect(report.format == .moodle)
        #expect(report.errors.isEmpty, "\(report.errors)")
        let course = try #require(curricula.first)
        #expect(course.id == "COOP-GOV" && course.title.text() == "Cooperative governance for councillors")
        #expect(course.provider == "https://formation.example.org")
        // From course/course.xml beside it, escaped HTML and entities made plain.
        #expect(
            course.description.text()
                == "For councillors who sit on the boards of local cooperatives — duties, rules, votes.")
        #expect(course.instances.first?.start == LocalDate(iso: "2026-09-01"))
        #expect(course.instances.first?.end == LocalDate(iso: "2026-11-01"))
        // The announcements section and the empty one are not modules; an unnamed section takes its number.
        #expect(course.modules.map(\.id) == ["COOP-GOV/section-91", "COOP-GOV/section-93"])
        #expect(course.modules.map { $0.title.text() } == ["Boards and assemblies", "Section 3"])
        #expect(course.modules[0].description.text() == "Contents: Board duties; Check yourself")
        #expect(course.modules.allSatisfy { $0.hours == nil })
        #expect(
            report.warnings == [
                "moodle-backup/moodle_backup.xml:4:1: warning: 'COOP-GOV': 2 of 2 sections give no contact hours "
                    + "(set them with `planner curriculum set-hours MODULE HOURS`)"
            ])
    }

    @Test func aBackupThatNamesNoCourseIsAnError() throws {
        let (report, curricula) = try read(
            bytes: Data("<moodle_backup><information><contents/></information></moodle_backup>".utf8))
        #expect(curricula.isEmpty)
        #expect(report.errors.first?.contains("names no course") == true, "\(report.errors)")
    }
}

/// Course packages read as they are exported: the `.mbz` and `.imscc` archives, through libarchive.
@Suite struct CoursePackageTests {
    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(tool) \(arguments)")
    }

    private func readPackage(_ url: URL) throws -> (CurriculumFileReport, [Curriculum]) {
        var curricula: [Curriculum] = []
        let report = try CurriculumReader.read(.file(url), file: url.lastPathComponent) { curricula.append($0) }
        return (report, curricula)
    }

    @Test func aMoodleArchiveReadsLikeItsUnpackedFolder() throws {
        let folder = try TemporaryFolder()
        let archive = folder.url.appendingPathComponent("coop.mbz")
        try run(
            "/usr/bin/tar",
            ["-czf", archive.path, "-C", Repository.fixtures.appendingPathComponent("moodle-backup").path, "."])
        let (report, curricula) = try readPackage(archive)
        let (_, unpacked) = try read("moodle-backup/moodle_backup.xml")
        #expect(report.format == .moodle && report.file == "coop.mbz")
        #expect(curricula.count == 1)
        var expected = try #require(unpacked.first)
        expected.source = "coop.mbz"
        #expect(curricula.first == expected, "the summary from course/course.xml inside the archive too")
        #expect(report.warnings.first?.hasPrefix("coop.mbz/moodle_backup.xml:4:1: warning: 'COOP-GOV'") == true)
    }

    @Test func aCommonCartridgeZipReadsLikeItsManifest() throws {
        let folder = try TemporaryFolder()
        let archive = folder.url.appendingPathComponent("clauses.imscc")
        let manifest = Repository.fixtures.appendingPathComponent("imscc-manifest.xml").path
        try run(
            "/usr/bin/python3",
            [
                "-c",
                "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED); "
                    + "z.write(sys.argv[2], 'imsmanifest.xml'); z.writestr('reading.html', '<p>Read</p>'); z.close()",
                archive.path, manifest,
            ])
        let (report, curricula) = try readPackage(archive)
        #expect(report.format == .imsCommonCartridge && report.errors.isEmpty)
        #expect(curricula.first?.modules.count == 3 && curricula.first?.source == "clauses.imscc")
    }

    @Test func aCanvasCartridgeZipCarriesItsLearningOutcomes() throws {
        let folder = try TemporaryFolder()
        let archive = folder.url.appendingPathComponent("clauses.imscc")
        let unpacked = Repository.fixtures.appendingPathComponent("canvas-cartridge")
        try run(
            "/usr/bin/python3",
            [
                "-c",
                "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED); "
                    + "[z.write(sys.argv[2] + '/' + n, n) for n in ('imsmanifest.xml', sys.argv[3])]; z.close()",
                archive.path, unpacked.path, CommonCartridgeReader.canvasOutcomesFile,
            ])
        let (report, curricula) = try readPackage(archive)
        #expect(report.errors.isEmpty, "\(report.diagnostics)")
        #expect(curricula.first?.modules.first?.learningOutcomes.count == 3)
        #expect(curricula.first?.modules.last?.learningOutcomes.first?.text.text()?.hasPrefix("CLO 1: Explain") == true)
    }

    @Test func aPackageWithoutAManifestOrDamagedIsAnErrorNamingTheFile() throws {
        let folder = try TemporaryFolder()
        let empty = folder.url.appendingPathComponent("other.zip")
        try run(
            "/usr/bin/python3",
            [
                "-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], 'w'); z.writestr('a.txt', 'x'); z.close()",
                empty.path,
            ])
        let (none, nothing) = try readPackage(empty)
        #expect(nothing.isEmpty)
        #expect(
            none.errors.first?.hasPrefix("other.zip: error: a package without imsmanifest.xml") == true,
            "\(none.errors)")
        let damaged = folder.url.appendingPathComponent("damaged.mbz")
        try Data([0x1F, 0x8B, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x01]).write(to: damaged)
        let (broken, _) = try readPackage(damaged)
        #expect(broken.errors.count == 1 && broken.errors[0].hasPrefix("damaged.mbz: error:"), "\(broken.errors)")
    }
}
