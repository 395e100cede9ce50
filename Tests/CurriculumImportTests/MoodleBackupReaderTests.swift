import Foundation
import PlannerCore
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
                "moodle-backup/moodle_backup.xml:4:1: warning: 'COOP-GOV': Moodle records no contact hours; 2 "
                    + "section(s) need them (set them with `planner curriculum set-hours MODULE HOURS`)"
            ])
    }

    @Test func aBackupThatNamesNoCourseIsAnError() throws {
        let (report, curricula) = try read(
            bytes: Data("<moodle_backup><information><contents/></information></moodle_backup>".utf8))
        #expect(curricula.isEmpty)
        #expect(report.errors.first?.contains("names no course") == true, "\(report.errors)")
    }
}
