import Foundation
import PlannerCore
import Testing

@testable import CurriculumImport

/// LHÉO, the French regional training offer: each rule of the mapping, on a fixture the team wrote from the
/// element definitions, and the hostile cases.
@Suite struct LHEOReaderTests {
    @Test func aFormationBecomesACurriculumWithItsCodesProviderHoursAndLanguage() throws {
        let (report, curricula) = try read("lheo-offer.xml")
        #expect(report.format == .lheo)
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(curricula.map(\.id) == ["F-ESS-2027-01", "F-MARCHES-2027"])
        let ess = try #require(curricula.first)
        #expect(ess.title.text() == "Coopérer entre acteurs de l'économie sociale")
        #expect(ess.title.values.first?.language == "fr")
        #expect(ess.provider == "Chambre régionale de l'économie sociale et solidaire")
        #expect(ess.qualification == "RNCP34567")
        #expect(
            ess.codes.map { "\($0.scheme) \($0.code)" } == [
                "FORMACODE 42054", "FORMACODE 32047", "NSF 310", "ROME M1402", "RNCP 34567", "CERTIFINFO 98765",
            ])
        let module = try #require(ess.modules.first)
        #expect(ess.modules.count == 1 && module.id == ess.id)
        #expect(module.hours == 140, "hours in the centre are the contact hours (not the 70 in a company)")
        #expect(module.delivery.language == "fr")
        #expect(module.learningOutcomes.first?.text.text() == "Savoir rédiger une convention de mutualisation.")
        // The second formation's responsible body has an empty raison-sociale: its name is used.
        #expect(curricula[1].provider == "Ville de Lille, service formation")
        #expect(curricula[1].modules.first?.hours == 14, "the total when the centre's hours are not given")
        #expect(curricula[1].codes == [Classification(scheme: "FORMACODE", code: "13254")])
        #expect(curricula[1].qualification == nil)
    }

    @Test func escapedHTMLAndItsEntitiesBecomePlainWords() throws {
        let (_, curricula) = try read("lheo-offer.xml")
        let ess = try #require(curricula.first)
        #expect(ess.description.text() == "Monter un pôle territorial de coopération : statuts financements")
        #expect(ess.modules.first?.description.text() == "Module 1 : diagnostic Module 2 : gouvernance")
        #expect(plainText(fromHTML: "a &lt; b") == "a < b", "an entity with no tag is decoded too")
        #expect(plainText(fromHTML: "<script>alert(1)</script>Texte") == "Texte")
        #expect(plainText(fromHTML: "<b>gras</b>suite") == "grassuite", "inline elements do not separate words")
        #expect(plainText(fromHTML: "Sans balise") == "Sans balise")
    }

    @Test func eachSessionOfEachActionIsADatedInstance() throws {
        let (_, curricula) = try read("lheo-offer.xml")
        let ess = curricula[0].instances
        #expect(ess.map(\.identifier) == ["S-01", "S-02"])
        #expect(ess[0].start == LocalDate(iso: "2027-03-01") && ess[0].end == LocalDate(iso: "2027-06-30"))
        #expect(ess[1].start == LocalDate(iso: "2027-09-01"), "AAAAMM00 is a month: its first day")
        #expect(ess[1].end == nil, "00000000 is unknown")
        #expect(ess[0].venue == "Maison de l'économie sociale, 12 rue des Coopératives, 59000 Lille")
        #expect(ess[0].mode == "blended; Temps partiel, deux jours par semaine")
        #expect(ess[0].cost == "1200.00 EUR TTC")
        let markets = curricula[1].instances
        #expect(markets.map(\.identifier) == ["S-10", "S-11", "S-12"])
        #expect(markets[0].mode == "face to face; Temps plein" && markets[2].mode == "distance; Temps plein")
        #expect(markets[1].start == nil && markets[1].end == nil, "dates that are not AAAAMMJJ are unknown")
    }

    @Test func whatCannotBeReadIsAWarningAtItsPosition() throws {
        let (report, curricula) = try read("lheo-offer.xml")
        #expect(curricula.count == 2)
        #expect(
            report.warnings == [
                "lheo-offer.xml:91:20: warning: formation 'F-MARCHES-2027': date '2027-05-03' is not AAAAMMJJ; read as "
                    + "unknown",
                "lheo-offer.xml:91:45: warning: formation 'F-MARCHES-2027': date '20270231' is not a calendar date; "
                    + "read as unknown",
                "lheo-offer.xml:94:9: warning: formation 'F-MARCHES-2027': duree-indicative '2 mois' contradicts the "
                    + "session's dates (2027-04-05 to 2027-04-06); using the dates",
                "lheo-offer.xml:110:9: warning: formation 'F-MARCHES-2027': duree-indicative 'de 2 à 3 jours' is not one "
                    + "plain duration; not read (set the hours with `planner curriculum set-hours MODULE HOURS`)",
                "lheo-offer.xml:121:5: warning: <formation> has no numero attribute; skipped (a formation needs one to "
                    + "be imported)",
            ])
    }

    @Test func freeTextDurationsAreReadOnlyWhenPlain() {
        #expect(FreeDuration("35 heures") == .hours(35))
        #expect(FreeDuration("35h") == .hours(35))
        #expect(FreeDuration(" 400 H ") == .hours(400))
        #expect(FreeDuration("2 ans") == .span(days: 730))
        #expect(FreeDuration("6 mois") == .span(days: 6 * 30.4))
        #expect(FreeDuration("10 semaines") == .span(days: 70))
        #expect(FreeDuration("de 35 à 70 heures") == .unclear)
        #expect(FreeDuration("variable") == .unclear)
        #expect(FreeDuration("35") == .unclear, "a number without its unit")
        #expect(FreeDuration("1 an et 6 mois") == .unclear)
        #expect(FreeDuration("7,5 heures") == .unclear, "not whole hours")
    }

    @Test func aDuplicateFormationIsAnErrorAndAnUnknownNamespaceIsNotLHEO() throws {
        let formation = """
            <formation numero="F1"><intitule-formation>Un</intitule-formation></formation>
            """
        let (report, _) = try read(
            bytes: Data(
                """
                <lheo xmlns="http://www.lheo.org/2.2"><offres>
                \(formation)
                \(formation)
                </offres></lheo>
                """.utf8))
        #expect(report.errors == ["inline.xml:3:1: error: duplicate identifier 'F1' (first used at line 2)"])
        let (other, curricula) = try read(bytes: Data(#"<lheo xmlns="urn:other"><offres/></lheo>"#.utf8))
        #expect(other.format == nil && curricula.isEmpty)
        #expect(other.errors.first?.contains("LHÉO 2.x (<lheo>)") == true, "\(other.errors)")
        let (versions, _) = try read(
            bytes: Data("<lheo xmlns=\"http://lheo.gouv.fr/2.3\"><offres>\(formation)</offres></lheo>".utf8))
        #expect(versions.format == .lheo && versions.count == 1)
    }
}
