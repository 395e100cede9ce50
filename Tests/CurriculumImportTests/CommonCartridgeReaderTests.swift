import Foundation
import PlannerCore
import TestSupport
import Testing

@testable import CurriculumImport

/// IMS Common Cartridge manifests: each rule of the mapping on a manifest the team wrote from the profile.
@Suite struct CommonCartridgeReaderTests {
    @Test func aCartridgeIsACurriculumAndItsUnitsAreModules() throws {
        let (report, curricula) = try read("imscc-manifest.xml")
        #expect(report.format == .imsCommonCartridge)
        #expect(report.errors.isEmpty && report.warnings.isEmpty, "\(report.diagnostics)")
        let course = try #require(curricula.first)
        #expect(curricula.count == 1 && course.id == "cc-social-clauses")
        #expect(course.title.text(in: "en-GB") == "Social clauses in public procurement")
        #expect(course.description.text() == "How a municipality writes a social clause & checks it.")
        #expect(
            course.modules.map(\.id) == [
                "cc-social-clauses/unit-1", "cc-social-clauses/unit-2", "cc-social-clauses/unit-3",
            ])
        #expect(course.modules[0].title.text() == "Week 1: the legal framework")
        #expect(course.modules[0].description.text() == "Contents: Reading: the directive; Quiz")
        // Unit 2 gives its own 6 hours; the course's 12 are spread over the two others.
        #expect(course.modules.map(\.hours) == [6, 6, 6])
        #expect(course.modules.allSatisfy { $0.delivery.language == "en" })
    }

    @Test func withoutLearningTimesAWarningCountsTheUnitsToComplete() throws {
        let manifest = """
            <manifest identifier="cc1" xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1">
              <organizations><organization identifier="o">
                <item identifier="r"><item identifier="u1"><title>One</title></item>
                <item identifier="u2"><title>Two</title></item></item>
              </organization></organizations>
            </manifest>
            """
        let (report, curricula) = try read(bytes: Data(manifest.utf8))
        #expect(curricula.first?.modules.map(\.hours) == [nil, nil])
        #expect(
            report.warnings == [
                "inline.xml:1:1: warning: the cartridge has no LOM title; its identifier is used",
                "inline.xml:1:1: warning: 'cc1': 2 of 2 units give no contact hours (set them with "
                    + "`planner curriculum set-hours MODULE HOURS`)",
            ])
        let (anonymous, none) = try read(
            bytes: Data(
                #"<manifest xmlns="http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1"><metadata/></manifest>"#.utf8))
        #expect(none.isEmpty && anonymous.errors.count == 1)
    }

    /// A Canvas export's learning outcomes (top-level and in nested groups) become every unit's, with the
    /// statement's HTML made plain.
    @Test func aCanvasExportsLearningOutcomesAreEveryUnits() throws {
        let expected = [
            "CLO 1: Explain when a contracting authority may reserve a contract for social-economy operators",
            "Write a social clause a bidder can meet & a buyer can check",
            "CLO 3",
        ]
        let (report, curricula) = try read("canvas-cartridge/imsmanifest.xml")
        #expect(report.errors.isEmpty && report.warnings.isEmpty, "\(report.diagnostics)")
        let course = try #require(curricula.first)
        #expect(course.modules.count == 3)
        for module in course.modules {
            #expect(module.learningOutcomes.map { $0.text.text() ?? "" } == expected, "\(module.id)")
        }
    }

    @Test func aBrokenOutcomesFileIsAnErrorWithItsPosition() throws {
        let folder = try TemporaryFolder()
        let settings = folder.url.appendingPathComponent("course_settings")
        try FileManager.default.createDirectory(at: settings, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Repository.fixtures.appendingPathComponent("imscc-manifest.xml"),
            to: folder.url.appendingPathComponent("imsmanifest.xml"))
        try Data(
            "<learningOutcomes xmlns=\"http://canvas.instructure.com/xsd/cccv1p0\">\n<learningOutcome><title>A</title>\n</learningOutcomes>\n"
                .utf8
        ).write(to: settings.appendingPathComponent("learning_outcomes.xml"))
        var curricula: [Curriculum] = []
        let report = try CurriculumReader.read(
            .file(folder.url.appendingPathComponent("imsmanifest.xml")), file: "course/imsmanifest.xml"
        ) { curricula.append($0) }
        #expect(
            report.errors.first?.hasPrefix("course/course_settings/learning_outcomes.xml:3:") == true,
            "\(report.errors)")
    }
}
