import Foundation
import PlannerCore
import TestSupport
import Testing

@testable import CurriculumImport

/// The folder of fixture files, and the repository's sample curricula.
/// Reads a fixture and returns what came out.
func read(_ name: String) throws -> (report: CurriculumFileReport, curricula: [Curriculum]) {
    var curricula: [Curriculum] = []
    let report = try CurriculumReader.read(.file(Repository.fixtures.appendingPathComponent(name)), file: name) {
        curricula.append($0)
    }
    return (report, curricula)
}

/// Reads XML given as bytes.
func read(bytes: Data, file: String = "inline.xml") throws -> (report: CurriculumFileReport, curricula: [Curriculum]) {
    var curricula: [Curriculum] = []
    let report = try CurriculumReader.read(.bytes(bytes), file: file) { curricula.append($0) }
    return (report, curricula)
}

extension CurriculumFileReport {
    var errors: [String] { diagnostics.filter { $0.severity == .error }.map(\.description) }
    var warnings: [String] { diagnostics.filter { $0.severity == .warning }.map(\.description) }
}

@Suite struct NativeFormatTests {
    @Test func everySampleCurriculumValidatesAndHasWhatACoordinatorNeeds() throws {
        let files = try FileManager.default.contentsOfDirectory(
            at: Repository.curricula, includingPropertiesForKeys: nil
        )
        .filter { $0.pathExtension == "xml" }
        #expect(files.count >= 6)
        var languages = Set<String>()
        var nativeCount = 0
        for url in files {
            let report = CurriculumReader.validate(.file(url), file: url.lastPathComponent)
            #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
            var curricula: [Curriculum] = []
            _ = try CurriculumReader.read(.file(url), file: url.lastPathComponent) { curricula.append($0) }
            for curriculum in curricula where curriculum.format == .native {
                nativeCount += 1
                languages.formUnion(curriculum.title.values.map(\.language))
                for module in curriculum.modules {
                    #expect((module.hours ?? 0) > 0, "\(module.id) has hours")
                    #expect(!module.learningOutcomes.isEmpty, "\(module.id) has outcomes")
                    #expect(!module.audiences.isEmpty, "\(module.id) has audiences")
                }
            }
        }
        #expect(nativeCount >= 5)
        #expect(languages.count >= 2)
    }

    @Test func semanticErrorsArePinnedToTheirElements() throws {
        let (report, _) = try read("native-errors.xml")
        #expect(
            report.errors == [
                "native-errors.xml:7:7: error: <module id=\"M1\"> needs a positive hours value, not '-3'",
                "native-errors.xml:13:7: error: prerequisites go round in a circle: M1 → M2 → M1",
                "native-errors.xml:18:7: error: module 'M3' needs prerequisite 'NOPE', which this file does not define",
                "native-errors.xml:20:5: error: duplicate module identifier 'M1' (first used at line 5)",
            ])
    }

    @Test func schemaViolationsComeFromLibxml2WithTheirLine() throws {
        let xml = """
            <?xml version="1.0"?>
            <curricula xmlns="urn:x-trainingplanner:curriculum:1">
              <programme id="P">
                <title>T</title>
                <module id="M"><title>t</title><hours>3</hours><colour>blue</colour></module>
              </programme>
            </curricula>
            """
        let (report, _) = try read(bytes: Data(xml.utf8))
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.hasPrefix("inline.xml:5") == true)
        #expect(report.errors.first?.contains("Element 'colour': This element is not expected") == true)
    }

    @Test func thePublishedSchemaIsTheOneCompiledIn() throws {
        let published = try String(
            contentsOf: Repository.curricula.appendingPathComponent("schema/curriculum-1.xsd"), encoding: .utf8)
        #expect(published == NativeSchema.xsd)
    }

    @Test func encodingsAsRealFilesArriveDecodeTheSame() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <curricula xmlns="urn:x-trainingplanner:curriculum:1">
              <programme id="P"><title lang="pl">Równość szans — Łódź</title>
                <module id="M"><title>Caf&#233; &#x141;&#243;d&#378;</title><hours>3</hours></module>
              </programme>
            </curricula>
            """
        let plain = Data(xml.utf8)
        let withBOM = Data([0xEF, 0xBB, 0xBF]) + plain
        let utf16Text = xml.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        let utf16 = Data([0xFF, 0xFE]) + utf16Text.data(using: .utf16LittleEndian)!
        for data in [plain, withBOM, utf16] {
            let (report, curricula) = try read(bytes: data)
            #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
            #expect(curricula.first?.title.text() == "Równość szans — Łódź")
            #expect(curricula.first?.modules.first?.title.text() == "Café Łódź")
        }
    }
}

@Suite struct HostileInputTests {
    @Test func anEntityBombIsRefusedNotExpanded() throws {
        let (report, curricula) = try read("entity-bomb.xml")
        #expect(report.hasErrors)
        #expect(report.errors.contains { $0.contains("entity") })
        #expect(curricula.allSatisfy { !($0.title.text() ?? "").contains("lollol") })
    }

    @Test func anExternalEntityImportsNothingOfTheFileItNames() throws {
        let (report, curricula) = try read("external-entity.xml")
        #expect(report.hasErrors)
        #expect(
            report.errors.contains {
                $0.hasPrefix("external-entity.xml:3:") && $0.contains("entity references are not allowed")
            })
        let everything = curricula.map { "\($0)" }.joined() + report.diagnostics.map(\.description).joined()
        #expect(!everything.contains("root:"))
    }

    @Test func truncatedInputSaysWhereAndWhatIsOpen() throws {
        let (report, _) = try read("truncated.xml")
        #expect(
            report.errors == [
                "truncated.xml:4:21: error: unexpected end of the document: <programme> opened at line 3 is not closed "
                    + "(is the file truncated?)"
            ])
    }

    @Test func mismatchedTagsAreReportedAtTheClosingTag() throws {
        let (report, _) = try read("mismatched-tag.xml")
        #expect(
            report.errors == [
                "mismatched-tag.xml:5:12: error: Opening and ending tag mismatch: programme line 3 and module"
            ])
    }

    @Test func deepNestingIsRefusedWithAPositionNotACrash() throws {
        let (report, _) = try read("deeply-nested.xml")
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.contains("nested deeper than 256 levels") == true)
    }

    @Test func emptyBinaryAndUnknownInputAreErrors() throws {
        #expect(try read(bytes: Data()).report.errors == ["inline.xml:1:1: error: the file is empty"])
        #expect(try read(bytes: Data([0x00, 0x01, 0xFF, 0x12, 0x34])).report.hasErrors)
        let unknown = try read(bytes: Data("<rss version=\"2.0\"><channel/></rss>".utf8)).report
        #expect(unknown.errors.count == 1)
        #expect(unknown.errors.first?.contains("unknown root element <rss>") == true)
        #expect(unknown.errors.first?.contains("XCRI-CAP") == true)
    }
}

@Suite struct PublishedFormatTests {
    @Test func messyXCRIIsReadByNamespaceWithWarningsNotRefused() throws {
        let (report, curricula) = try read("xcri-messy.xml")
        #expect(!report.hasErrors, "\(report.errors)")
        #expect(
            report.warnings == [
                "xcri-messy.xml:10:9: warning: course 'COURSE-1': duration interval 'P4M' contradicts its text "
                    + "'1 month'; using the interval",
                "xcri-messy.xml:11:9: warning: course 'COURSE-1': displayed date '1 October 2014' contradicts @dtf "
                    + "'2014-09-01'; using @dtf",
                "xcri-messy.xml:12:9: warning: course 'COURSE-1': placeholder date 1900-01-01 read as unknown",
                "xcri-messy.xml:19:7: warning: course 'COURSE-1': credit value 'lots' is not a number; kept as text",
                "xcri-messy.xml:26:5: warning: <course> has no <dc:identifier>; skipped (a course needs one to be imported)",
            ])
        let course = try #require(curricula.first)
        #expect(curricula.count == 1)
        #expect(course.id == "COURSE-1")
        #expect(course.provider == "Université de Test")
        #expect(course.title.text() == "Café management for cooperatives")
        #expect(course.description.text() == "Rich escaped text over two lines")
        #expect(course.modules.first?.learningOutcomes.first?.text.text() == "Run a café as a cooperative.")
        #expect(course.modules.first?.credits == [Credit(scheme: "CATS", value: "lots")])
        #expect(course.instances.first?.start == LocalDate(year: 2014, month: 9, day: 1))
        #expect(course.instances.first?.end == nil)
    }

    @Test func theSampleXCRIFeedMapsWhatThePlannerUses() throws {
        var curricula: [Curriculum] = []
        let url = Repository.curricula.appendingPathComponent("xcri-cap-regional-training-catalogue.xml")
        let report = try CurriculumReader.read(.file(url), file: "feed.xml") { curricula.append($0) }
        #expect(report.format == .xcriCap)
        let gdpr = try #require(curricula.first { $0.id == "RC-GDPR" })
        #expect(gdpr.qualification == "Certificate of completion")
        #expect(gdpr.modules.first?.hours == 14)
        #expect(gdpr.modules.first?.credits == [Credit(scheme: "ECTS", value: "1")])
        #expect(gdpr.modules.first?.learningOutcomes.count == 2)
        #expect(gdpr.instances.first?.venue == "Town hall, council chamber")
        #expect(gdpr.instances.first?.cost == "Free for municipal staff")
        #expect(gdpr.instances.first?.end == LocalDate(year: 2027, month: 3, day: 16))
        let coop = try #require(curricula.first { $0.id == "RC-COOP" })
        #expect(coop.instances.count == 2)
        #expect(coop.instances[1].start == LocalDate(year: 2027, month: 9, day: 1))
        #expect(coop.source == "feed.xml")
    }

    @Test func xcri11IsReadLike12() throws {
        let (report, curricula) = try read("xcri-1.1.xml")
        #expect(report.format == .xcriCap)
        #expect(curricula.first?.modules.first?.hours == 30)
        #expect(curricula.first?.provider == "Old Feed College")
    }

    @Test func elmReferencesResolveAndDanglingOnesArePositioned() throws {
        let (report, curricula) = try read("elm-loq.xml")
        #expect(report.format == .elmLoq)
        #expect(
            report.errors == [
                "elm-loq.xml:16:7: error: dangling reference: <learningAchievementSpecification "
                    + "idref=\"urn:epass:las:404\"> names no <learningAchievementSpecification> in this document",
                "elm-loq.xml:38:7: error: dangling reference: <learningOutcome idref=\"urn:epass:lout:missing\"> "
                    + "names no <learningOutcome> in this document",
            ])
        let finance = try #require(curricula.first { $0.id == "urn:epass:lo:1" })
        #expect(finance.title.text() == "Microcredential: Social enterprise finance")
        #expect(finance.modules.map(\.id) == ["urn:epass:las:1a", "urn:epass:las:1b"])
        #expect(finance.modules.map(\.hours) == [12, 8])
        #expect(finance.modules[0].credits.first?.value == "1.5")
        #expect(
            finance.modules[0].learningOutcomes.first?.text.text()
                == "Compare grant, loan and equity offers for a social enterprise.")
        #expect(finance.instances.first?.start == LocalDate(year: 2027, month: 2, day: 1))
    }

    @Test func elmOpportunitiesSharingASpecificationAreDatedRunsOfOneCurriculum() throws {
        let (report, curricula) = try read("elm-shared-specification.xml")
        #expect(
            report.errors == [
                "elm-shared-specification.xml:55:7: error: <hasPart idref=\"urn:las:x\"> makes 'urn:las:x' a part of "
                    + "itself"
            ])
        let governance = try #require(curricula.first { $0.id == "urn:las:governance" }, "\(curricula.map(\.id))")
        #expect(governance.title.text() == "Cooperative governance")
        #expect(governance.instances.map(\.identifier) == ["urn:lo:spring", "urn:lo:autumn"])
        #expect(governance.instances.map(\.start) == [LocalDate(iso: "2027-03-01"), LocalDate(iso: "2027-09-06")])
        // The leaves of the hasPart tree, depth first; a specialisation inherits what it leaves out.
        #expect(governance.modules.map(\.id) == ["urn:las:duties", "urn:las:minutes", "urn:las:assemblies"])
        #expect(governance.modules.map(\.hours) == [6, 3, 4])
        #expect(governance.modules[1].title.text() == "Keeping records")
        #expect(
            governance.modules[1].learningOutcomes.first?.text.text() == "Write minutes that an auditor accepts.")
        // No curriculum per opportunity, so no duplicate module.
        #expect(!curricula.contains { $0.id == "urn:lo:spring" || $0.id == "urn:lo:autumn" })
        #expect(curricula.first { $0.id == "urn:lo:loop" }?.modules.map(\.id) == ["urn:las:y"])
    }

    @Test func ewpProgrammesContainTheirCourses() throws {
        let (report, curricula) = try read("ewp-courses.xml")
        #expect(report.format == .ewpCourses)
        #expect(report.diagnostics.isEmpty)
        #expect(curricula.count == 1)
        let master = try #require(curricula.first)
        #expect(master.id == "DEP/ECON-MA")
        #expect(master.title.text(in: "es") == "Máster en Economía Social")
        #expect(master.modules.map(\.id) == ["CR/COOP-101", "CR/COOP-102"])
        #expect(master.modules.map(\.hours) == [45, 30])
        #expect(master.modules[1].credits == [Credit(scheme: "ECTS", value: "4.5")])
        #expect(master.modules[0].delivery.language == "es")
    }
}

/// The small parsers feeds need, read byte by byte for speed: their edge cases.
@Suite struct FeedValueTests {
    @Test func isoDurationsKeepTheirPartsAndRefuseWhatIsNotOne() throws {
        #expect(ISODuration("PT30H")?.contactHours == 30)
        #expect(ISODuration(" pt90m ")?.contactHours == 2)
        #expect(ISODuration("PT1,5H")?.contactHours == 2)
        #expect(ISODuration("P4M")?.contactHours == nil)
        #expect(ISODuration("P4M")?.approximateDays == 4 * 30.4)
        #expect(ISODuration("P7Y3M8DT1H10M0S")?.days == 8)
        #expect(ISODuration("P1W")?.weeks == 1)
        #expect(ISODuration("PT1.25H")?.hours == 1.25)
        #expect(ISODuration("PT.5H")?.hours == 0.5)
        #expect(ISODuration("P0,75D")?.days == 0.75)
        for bad in ["", "P", "PT", "30H", "P1H", "PT1D", "P1", "PTT1H", "P1MT", "P٣D", "P1.2.3D", "P 1D"] {
            #expect(ISODuration(bad) == nil, "\(bad)")
        }
    }

    @Test func creditValuesAreDecimalsOrText() {
        for good in ["1", " 2.5 ", "4,5", "10"] { #expect(isDecimal(good), "\(good)") }
        for bad in ["", " ", ".5", "1.2.3", "lots", "1e3", "٣", "-1"] { #expect(!isDecimal(bad), "\(bad)") }
    }

    @Test func feedDatesAreFullPartialOrNothing() {
        #expect(parseFeedDate("2027-03-01")?.date == LocalDate(year: 2027, month: 3, day: 1))
        #expect(parseFeedDate(" 2027-03-01T09:00:00Z ")?.partial == false)
        #expect(parseFeedDate("2027-03")?.partial == true)
        #expect(parseFeedDate("2027")?.date == LocalDate(year: 2027, month: 1, day: 1))
        for bad in ["2027-02-30", "2027-3-01", "27-03-01", "2027/03/01", "２０２７-03-01", "", "soon"] {
            #expect(parseFeedDate(bad) == nil, "\(bad)")
        }
    }

    @Test func collapsingWhitespaceKeepsWordsAndOneSpace() {
        #expect(collapsingWhitespace("  a \t b\n\nc  ") == "a b c")
        #expect(collapsingWhitespace("a\u{00A0}\u{00A0}b") == "a b")
        #expect(collapsingWhitespace("Café ©") == "Café ©")
        #expect(collapsingWhitespace("one two") == "one two")
        #expect(collapsingWhitespace(" ") == "")
        #expect(collapsingWhitespace("") == "")
    }
}

@Suite struct WrittenDurationTests {
    @Test func writtenLengthsAreReadInSeveralLanguages() {
        #expect(approximateDays(inText: "1 month") == 30.4)
        #expect(approximateDays(inText: "2 ans") == 730)
        #expect(approximateDays(inText: "2 années") == 730)
        #expect(approximateDays(inText: "10 Weeks, part time") == 70)
        #expect(approximateDays(inText: "about 12 days") == 12)
        #expect(approximateDays(inText: "3 H") == 3.0 / 24)
        #expect(approximateDays(inText: "1.5 Jahre") == 1.5 * 365)
        #expect(approximateDays(inText: "6 Stunden") == 6.0 / 24)
        #expect(approximateDays(inText: "unclear") == nil)
        #expect(approximateDays(inText: "12") == nil)
    }
}

/// The streamed subtrees readers see: text, mixed content, attributes and namespaces as stored flat.
@Suite struct XMLStreamTests {
    /// Parses `xml`, collecting the elements at depth 1 and their ancestors' names.
    private func subtrees(_ xml: String) throws -> (
        elements: [XMLElement], ancestors: [[String]], diagnostics: [Diagnostic]
    ) {
        var elements: [XMLElement] = []
        var ancestors: [[String]] = []
        let parser = XMLStreamParser(
            file: "t.xml", policy: { _, _ in 1 },
            visit: { element, above in
                elements.append(element)
                ancestors.append(above.map(\.name))
            })
        let diagnostics = try parser.parse(.bytes(Data(xml.utf8)), afterChunk: {})
        return (elements, ancestors, diagnostics)
    }

    @Test func mixedContentKeepsWordsApartAtBlocksNotAtInlineElements() throws {
        let (elements, ancestors, diagnostics) = try subtrees(
            """
            <root xmlns="urn:a" xmlns:x="urn:x"><d>Intro<p>first</p><p>second <b>bold</b>er</p>end</d>\
            <d x:kind="k" plain="1&amp;2">  spaced\u{00A0} out\t text  <x:e/> tail </d></root>
            """)
        #expect(diagnostics.isEmpty)
        #expect(elements.count == 2)
        #expect(ancestors == [["root"], ["root"]])
        let rich = elements[0]
        #expect(rich.allText == "Intro first second bolder end")
        #expect(rich.text == "Introend")
        #expect(rich.children.map(\.name) == ["p", "p"])
        #expect(rich.children("p")[1].allText == "second bolder")
        #expect(rich.child("p")?.trimmedText == "first")
        let plain = elements[1]
        #expect(plain.namespace == "urn:a")
        #expect(plain.attribute("kind") == "k")
        #expect(plain.attribute("kind", namespace: "urn:x") == "k")
        #expect(plain.attribute("kind", namespace: "urn:a") == nil)
        #expect(plain.attribute("plain") == "1&2")
        #expect(plain.trimmedText == "spaced out text tail")
        #expect(plain.child("e", in: "urn:x")?.namespace == "urn:x")
        #expect(plain.child("e", in: "urn:a") == nil)
        #expect(plain.line == 1 && plain.column > 1)
        // Two elements of the same namespace share its number; another namespace has another.
        #expect(rich.namespaceIndex == plain.namespaceIndex)
        #expect(plain.child("e")!.namespaceIndex != plain.namespaceIndex)
    }

    @Test func textSplitAcrossChunksAndEntitiesIsWhole() throws {
        // Long enough to cross the 256 KiB chunks the reader feeds libxml2.
        let long = String(repeating: "é", count: 200_000)
        let (elements, _, diagnostics) = try subtrees(
            "<root><d v='&#x41;&#66;&lt;&quot;'>a&amp;b &#233; \(long)<![CDATA[<c>]]></d></root>")
        #expect(diagnostics.isEmpty)
        #expect(elements.first?.text == "a&b é \(long)<c>")
        #expect(elements.first?.attribute("v") == "AB<\"")
    }
}

@Suite struct DisplayDateTests {
    @Test func datesAsPeopleWriteThem() {
        #expect(parseDisplayDate("1 October 2014") == LocalDate(year: 2014, month: 10, day: 1))
        #expect(parseDisplayDate("October 1, 2014") == LocalDate(year: 2014, month: 10, day: 1))
        #expect(parseDisplayDate("1er mars 2027") == LocalDate(year: 2027, month: 3, day: 1))
        #expect(parseDisplayDate("1ER MARS 2027") == LocalDate(year: 2027, month: 3, day: 1))
        #expect(parseDisplayDate("3 DÉC. 2027") == LocalDate(year: 2027, month: 12, day: 3))
        #expect(parseDisplayDate("15 août 2027") == LocalDate(year: 2027, month: 8, day: 15))
        #expect(parseDisplayDate("01/10/2014") == LocalDate(year: 2014, month: 10, day: 1))
        #expect(parseDisplayDate("1/5/2027") == LocalDate(year: 2027, month: 5, day: 1))
        #expect(parseDisplayDate("31.12.2027") == LocalDate(year: 2027, month: 12, day: 31))
        #expect(parseDisplayDate("1/5.2027") == LocalDate(year: 2027, month: 5, day: 1))
        #expect(parseDisplayDate("001/5/2027") == LocalDate(year: 2027, month: 5, day: 1))
        for bad in [
            "", "soon", "1 October", "31 February 2027", "1 Smarch 2014", "1 October 14", "a b c d", "10/13/2027",
            "1/5/27", "1//2027", "1/5/2027/1",
        ] {
            #expect(parseDisplayDate(bad) == nil, "\(bad)")
        }
    }
}
