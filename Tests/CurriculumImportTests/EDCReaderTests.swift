import Foundation
import PlannerCore
import Testing

@testable import CurriculumImport

/// Europass Digital Credentials (ELM v2 XML): a diploma supplement inside a signed presentation, on a fixture the
/// team wrote from the element set of the Europass examples; each rule of the mapping, and the hostile cases.
@Suite struct EDCReaderTests {
    @Test func theTopAchievementsSpecificationIsTheCurriculumAndItsPartsLeavesTheModules() throws {
        let (report, curricula) = try read("edc-diploma-supplement.xml")
        #expect(report.format == .elmLoq)
        #expect(report.errors == [])
        // The intermediate specification (financing) is neither a module nor a curriculum of its own.
        #expect(curricula.map(\.id) == ["urn:test:spec:du"])
        let diploma = try #require(curricula.first)
        #expect(diploma.title.text(in: "fr") == "Diplôme universitaire Coopérer dans l'économie sociale")
        #expect(diploma.title.text(in: "en") == "University diploma in social economy cooperation")
        #expect(diploma.description.text() == "One year, part time, for elected officials and entrepreneurs.")
        #expect(diploma.modules.map(\.id) == ["urn:test:spec:law", "urn:test:spec:grants", "urn:test:spec:equity"])
        #expect(diploma.modules.map(\.hours) == [24, 30, nil])
        #expect(diploma.modules.map { $0.credits.map(\.value) } == [["4"], ["2.5"], []])
        #expect(diploma.modules[0].credits.first?.scheme == "ECTS")
        #expect(diploma.modules[0].delivery.language == "fra")
        #expect(diploma.modules[0].title.text(in: "fr") == "Droit des coopératives")
    }

    @Test func learningOutcomesComeFromTheReferencesByLabelOrElseDescription() throws {
        let (_, curricula) = try read("edc-diploma-supplement.xml")
        #expect(
            curricula.first?.modules.first?.learningOutcomes.map { $0.text.text() } == [
                "Draft the statutes of a cooperative society of collective interest.",
                "Run a general assembly with several colleges of members.",
            ])
    }

    @Test func theSignatureIsNotedAsNotVerifiedAndABadDurationIsAWarning() throws {
        let (report, _) = try read("edc-diploma-supplement.xml")
        let notes = report.diagnostics.filter { $0.severity == .note }.map(\.description)
        #expect(notes.count == 1)
        #expect(
            notes.first?.hasPrefix(
                "edc-diploma-supplement.xml:90:5: note: the signature (ds:Signature) is not verified") == true)
        #expect(
            report.warnings == [
                "edc-diploma-supplement.xml:73:9: warning: volumeOfLearning 'twelve hours' is not an ISO 8601 duration"
            ])
    }

    @Test func aCredentialAloneIsReadAndDanglingReferencesArePositioned() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <europassCredential xmlns="http://data.europa.eu/snb">
              <credentialSubject id="urn:p">
                <achievements>
                  <learningAchievement id="urn:a:1">
                    <title><text lang="en">Mediation</text></title>
                    <specifiedBy idref="urn:spec:missing"/>
                  </learningAchievement>
                </achievements>
              </credentialSubject>
              <learningSpecificationReferences>
                <learningSpecification id="urn:spec:1">
                  <title><text lang="en">Mediation for town halls</text></title>
                  <volumeOfLearning>PT14H</volumeOfLearning>
                  <learningOutcomes><learningOutcome idref="urn:lo:404"/></learningOutcomes>
                </learningSpecification>
                <learningSpecification id="urn:spec:1">
                  <title><text lang="en">Again</text></title>
                </learningSpecification>
              </learningSpecificationReferences>
            </europassCredential>
            """
        let (report, curricula) = try read(bytes: Data(xml.utf8), file: "credential.xml")
        #expect(report.format == .elmLoq)
        #expect(
            report.errors == [
                "credential.xml:7:9: error: dangling reference: <specifiedBy idref=\"urn:spec:missing\"> names no "
                    + "learning specification in this credential",
                "credential.xml:15:25: error: dangling reference: <learningOutcome idref=\"urn:lo:404\"> names no "
                    + "learning outcome in this credential",
                "credential.xml:17:5: error: duplicate id 'urn:spec:1' (first used at line 12)",
            ])
        // The achievement without its specification is a curriculum of itself; the specification nobody names
        // is one too.
        #expect(curricula.map(\.id) == ["urn:a:1", "urn:spec:1"])
        #expect(curricula[0].title.text() == "Mediation")
        #expect(curricula[1].modules.map(\.hours) == [14])
    }
}
