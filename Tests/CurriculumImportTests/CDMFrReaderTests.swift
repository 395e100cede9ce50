import Foundation
import PlannerCore
import Testing

@testable import CurriculumImport

/// CDM-fr, French universities' programmes: each rule of the mapping on a fixture the team wrote from the
/// element set, in both namespaces.
@Suite struct CDMFrReaderTests {
    @Test func programmesReachTheirCoursesThroughSubProgrammesAndReferences() throws {
        let (report, curricula) = try read("cdm-fr-2006.xml")
        #expect(report.format == .cdmFr)
        // DU-MUT is referred to by ME-ESS: part of it, not a curriculum of its own; UE-LIBRE is listed nowhere.
        #expect(curricula.map(\.id) == ["ME-ESS", "LP-COOP", "UE-LIBRE"])
        let master = curricula[0]
        #expect(master.title.text(in: "fr-FR") == "Master Économie sociale et solidaire")
        #expect(master.title.text(in: "en-GB") == "Master's in social and solidarity economy")
        #expect(master.provider == "Université de Lorraine")
        #expect(master.qualification == "Master")
        // Depth first: the programme's own structure, then its sub-programme, which refers to DU-MUT.
        #expect(master.modules.map(\.id) == ["UE-GOUV", "UE-FIN", "UE-MUT"])
        #expect(master.modules.map { $0.credits.first?.value } == ["6", "4,5", "trois"])
        #expect(master.modules[1].delivery.language == "en")
        #expect(master.modules[0].delivery.language == "fr", "the course's language attribute (fr-FR)")
        #expect(
            master.modules[0].learningOutcomes.map { $0.text.text() } == [
                "Animer une assemblée générale.", "Rédiger un règlement intérieur.",
            ])
        // A course shared by two programmes is a module of the first only.
        #expect(curricula[1].modules.map(\.id) == ["UE-DROIT"])
    }

    @Test func mixedContentAndCharacterReferencesBecomePlainText() throws {
        let (_, curricula) = try read("cdm-fr-2006.xml")
        #expect(curricula[0].description.text() == "Former des cadres de l’ESS. Deux ans.")
        #expect(curricula[0].modules[0].description.text() == "Assemblées, conseils, sociétariat.")
    }

    @Test func referencesThatLeadNowhereAreErrorsAndTheRestWarnings() throws {
        let (report, _) = try read("cdm-fr-2006.xml")
        #expect(
            report.errors == [
                "cdm-fr-2006.xml:33:9: error: dangling reference: <refCourse ref=\"UE-404\"> names no <course> in "
                    + "this document"
            ])
        #expect(
            report.warnings == [
                "cdm-fr-2006.xml:11:3: warning: 'ME-ESS': 3 of 3 courses give no contact hours (set them with "
                    + "`planner curriculum set-hours MODULE HOURS`)",
                "cdm-fr-2006.xml:45:3: warning: 'LP-COOP': 1 of 1 courses give no contact hours (set them with "
                    + "`planner curriculum set-hours MODULE HOURS`)",
                "cdm-fr-2006.xml:49:7: warning: course 'UE-GOUV' is shared with programme 'ME-ESS'; it is a module of "
                    + "'ME-ESS' only",
                "cdm-fr-2006.xml:72:5: warning: ECTScredits 'trois' is not a number; kept as text",
                "cdm-fr-2006.xml:78:3: warning: 'UE-LIBRE': 1 of 1 courses give no contact hours (set them with "
                    + "`planner curriculum set-hours MODULE HOURS`)",
            ])
    }

    @Test func the2012NamespaceIsReadAlikeAndADuplicateCourseIsAnError() throws {
        let document = """
            <CDM xmlns="http://cdm-fr.fr/2012/CDM">
              <program id="P"><programName><text language="fr-FR">P</text></programName>
                <programStructure><refCourse ref="C"/></programStructure></program>
              <course id="C"><courseName><text language="fr-FR">C</text></courseName></course>
              <course id="C"><courseName><text language="fr-FR">C again</text></courseName></course>
            </CDM>
            """
        let (report, curricula) = try read(bytes: Data(document.utf8))
        #expect(report.format == .cdmFr)
        #expect(curricula.first?.modules.map(\.title.values.first?.text) == ["C"])
        #expect(report.errors == ["inline.xml:5:3: error: duplicate course id 'C' (first used at line 4)"])
    }
}
