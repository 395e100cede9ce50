import CurriculumImport
import Foundation
import PlannerCore
import PlannerServices
import ServicesTestSupport
import TestSupport
import Testing

/// The scheduled programme published as a feed: valid against the format's published schema where the
/// repository can reach it, and read back by the importer to the same courses and presentations — which are
/// the schedule's cohorts, checked against the stored schedule.
@Suite(.serialized) struct PublishTests {
    @Test(arguments: PublishProgramme.Format.allCases)
    func theScheduledProgrammeIsPublishedAndReadsBackToTheSameCoursesAndPresentations(
        format: PublishProgramme.Format
    ) async throws {
        let folder = try TemporaryFolder()
        let context = try await solvedWorkspace(folder.url)
        let publication = PublishProgramme(
            format: format, cost: "Free of charge", siret: "21590350100017", activityNumber: "31590000059")
        let outcome = try publication.run(in: context)
        let courses = try publication.courses(in: context)

        // The presentations are the schedule's cohorts: first and last day, hours, venue of each.
        let sessions = try ScheduleBook(context).current().schedule.sessions.map(\.session)
        let cohorts = Dictionary(grouping: sessions, by: \.cohort)
        let presentations = courses.flatMap(\.presentations)
        #expect(outcome.presentations == cohorts.count && presentations.count == cohorts.count)
        for presentation in presentations {
            let cohort = try #require(cohorts.first { $0.key.label == presentation.id }?.value)
            #expect(presentation.start == cohort.map(\.date).min() && presentation.end == cohort.map(\.date).max())
            #expect(presentation.sessions == cohort.count)
            #expect(presentation.minutes == cohort.reduce(0) { $0 + $1.slot.minutes })
        }

        // Read back: the same courses, titles, hours, and dated presentations, with no finding.
        var read: [Curriculum] = []
        let report = try CurriculumReader.read(.bytes(outcome.feed), file: "feed.xml") { read.append($0) }
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.format == (format == .lheo ? .lheo : .xcriCap))
        #expect(read.map(\.id) == courses.map(\.id))
        for (curriculum, course) in zip(read, courses) {
            #expect(curriculum.title.text() == course.title.text(in: format == .lheo ? "fr" : nil))
            #expect(curriculum.modules.first?.hours == course.presentations.first?.hours)
            #expect(curriculum.instances.map(\.identifier) == course.presentations.map(\.id))
            #expect(curriculum.instances.map(\.start) == course.presentations.map(\.start))
            #expect(curriculum.instances.map(\.end) == course.presentations.map(\.end))
            #expect(curriculum.instances.allSatisfy { $0.cost == "Free of charge" })
            for (instance, presentation) in zip(curriculum.instances, course.presentations) {
                #expect(instance.venue?.hasPrefix(presentation.venue) == true, "\(instance.venue ?? "")")
            }
        }

        // The published schema (XCRI-CAP 1.2's XSD, validated by xmllint).
        guard format == .xcriCap, let standards = Repository.standards else { return }
        let file = folder.url.appendingPathComponent("feed.xml")
        try outcome.feed.write(to: file)
        let xmllint = Process()
        xmllint.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        xmllint.arguments = [
            "--nonet", "--noout", "--schema", standards.appendingPathComponent("xcri-cap/xsd/xcri_cap_1_2.xsd").path,
            file.path,
        ]
        xmllint.environment = ["XML_CATALOG_FILES": Repository.schemaCatalog.path]
        let errors = Pipe()
        xmllint.standardError = errors
        try xmllint.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        xmllint.waitUntilExit()
        #expect(xmllint.terminationStatus == 0, "\(message)")
    }

    @Test func nothingScheduledIsAnErrorNotAnEmptyFeed() async throws {
        let folder = try TemporaryFolder()
        let context = try await plannedWorkspace(folder.url)
        #expect(throws: ServiceError.self) { try PublishProgramme(format: .xcriCap).run(in: context) }
    }
}
