public import Foundation
public import PlannerCore

/// Where curriculum XML comes from.
public enum CurriculumSource: Sendable {
    /// A file, streamed from disk (memory stays flat for large catalogues).
    case file(URL)
    /// Bytes in memory.
    case bytes(Data)

    var xml: XMLSource {
        switch self {
        case .file(let url): .file(url)
        case .bytes(let data): .bytes(data)
        }
    }
}

/// The root elements this reader knows: namespace URI + local name → format.
public enum CurriculumNamespaces {
    /// Our own format, version 1.
    public static let native = "urn:x-trainingplanner:curriculum:1"
    /// XCRI-CAP 1.2.
    public static let xcri12 = "http://xcri.org/profiles/1.2/catalog"
    /// XCRI-CAP 1.1.
    public static let xcri11 = "http://xcri.org/profiles/catalog"
    /// Europass ELM learning opportunities and qualifications.
    public static let elmLoq = "http://data.europa.eu/snb/model/ap/loq-constraints/"
    /// Europass Digital Credentials (ELM v2 XML): a credential, and the verifiable presentation that signs it.
    public static let edcCredential = "http://data.europa.eu/snb"
    public static let edcPresentation = "http://data.europa.eu/snb/vp"
    /// EWP Courses API, stable v1.
    public static let ewpCourses = "https://github.com/erasmus-without-paper/ewp-specs-api-courses/tree/stable-v1"
    /// LHÉO 2.2, and the URIs of the versions around it (2.0, 2.1, 2.3); some catalogues give none.
    public static let lheo22 = "http://www.lheo.org/2.2"
    /// CDM-fr, 2006 and 2012.
    public static let cdmFr2006 = "http://cdm-fr.fr/2006/CDM-frSchema"
    public static let cdmFr2012 = "http://cdm-fr.fr/2012/CDM"
    /// IMS Common Cartridge 1.1, 1.2, 1.3 manifests.
    static let commonCartridge = [
        "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", "http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1",
        "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
    ]
    static let lheo = [lheo22, "http://www.lheo.org/2.0", "http://www.lheo.org/2.1", "http://lheo.gouv.fr/2.3", ""]

    static func format(namespace: String, name: String) -> CurriculumFormat? {
        switch (namespace, name) {
        case (native, "curricula"): .native
        case (xcri12, "catalog"), (xcri11, "catalog"): .xcriCap
        case (elmLoq, "Courses"), (edcCredential, "europassCredential"), (edcPresentation, "verifiablePresentation"):
            .elmLoq
        case (ewpCourses, "courses-response"): .ewpCourses
        case (_, "lheo") where lheo.contains(namespace): .lheo
        case (cdmFr2006, "CDM"), (cdmFr2012, "CDM"): .cdmFr
        case (_, "manifest") where commonCartridge.contains(namespace): .imsCommonCartridge
        case ("", "moodle_backup"): .moodle
        default: nil
        }
    }

    /// How the formats we read are described in messages.
    static let summary = """
        TrainingPlanner curricula (<curricula xmlns="\(native)">), XCRI-CAP 1.1/1.2 (<catalog>), \
        Europass ELM LOQ (<Courses>), Europass Digital Credentials (<europassCredential>, <vp:verifiablePresentation>), EWP Courses (<courses-response>), LHÉO 2.x (<lheo>), CDM-fr 2006/2012 (<CDM>), IMS Common Cartridge 1.1–1.3 (<manifest>), Moodle 2+ backups (<moodle_backup>)
        """
}

/// A curriculum read from a file, with where it starts (for diagnostics about duplicates).
struct Located<Value> {
    var value: Value
    var line: Int
    var column: Int
    /// Where each module was defined, when the reader knows (else the curriculum's position is used).
    var modulePositions: [(line: Int, column: Int)] = []
}

/// One XML dialect's mapping from streamed subtrees to curricula.
protocol DialectReader: AnyObject {
    /// Depth (root = 0) at which elements are handed over as whole subtrees.
    var collectionDepth: Int { get }
    /// Findings so far.
    var diagnostics: [Diagnostic] { get }
    /// Called for every subtree at the collection depth, in document order.
    func read(_ element: XMLElement, ancestors: [XMLElement], emit: (Located<Curriculum>) -> Void)
    /// Called at the end of the document (for formats that refer across the document).
    func finish(emit: (Located<Curriculum>) -> Void)
}

/// Reads curriculum files in every format we know, with compiler-style diagnostics.
public enum CurriculumReader {
    /// Reads one file, handing over each curriculum as soon as it is complete.
    ///
    /// Curricula are handed to `emit` even when the file has errors; callers that import must check
    /// the report first (``validate(_:file:)``) and import only files without errors.
    ///
    /// A course package — an IMS Common Cartridge (`.imscc`, a zip) or a Moodle backup (`.mbz`, a gzip'd tar or
    /// a zip) — is read by the manifest at its top (`imsmanifest.xml`, `moodle_backup.xml`), taken from the
    /// archive by libarchive.
    public static func read(
        _ source: CurriculumSource, file: String, emit: (Curriculum) throws -> Void
    ) throws -> CurriculumFileReport {
        if case .file(let url) = source, PackageArchive.looksLikeArchive(url) {
            return try readPackage(url, file: file, emit: emit)
        }
        // Files a format keeps beside the one named (a Moodle backup's `course/course.xml`).
        let companions: (String) -> CurriculumSource? = { name in
            guard case .file(let url) = source else { return nil }
            let sibling = url.deletingLastPathComponent().appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: sibling.path) ? .file(sibling) : nil
        }
        return try read(source, file: file, sourceName: nil, companions: companions, emit: emit)
    }

    /// Whether a file starting with `head` is read as a course package (a zip or a gzip stream) rather than XML.
    public static func looksLikePackage(_ head: Data) -> Bool { PackageArchive.looksLikeArchive(head: head) }

    /// The files of a package planner reads: the manifest of each kind, and what a manifest refers to.
    private static let packageEntries: Set<String> = [
        "imsmanifest.xml", "moodle_backup.xml", "course/course.xml", CommonCartridgeReader.canvasOutcomesFile,
    ]

    private static func readPackage(
        _ url: URL, file: String, emit: (Curriculum) throws -> Void
    ) throws -> CurriculumFileReport {
        func refused(_ message: String) -> CurriculumFileReport {
            CurriculumFileReport(file: file, format: nil, count: 0, diagnostics: [.error(message, file: file)])
        }
        let entries: [String: Data]
        do {
            entries = try PackageArchive.entries(of: url, named: packageEntries)
        } catch {
            return refused(error.message)
        }
        let manifest = ["imsmanifest.xml", "moodle_backup.xml"].first { entries[$0] != nil }
        guard let manifest, let data = entries[manifest] else {
            return refused(
                "a package without imsmanifest.xml (IMS Common Cartridge) or moodle_backup.xml (Moodle backup) at "
                    + "its top; planner reads \(CurriculumNamespaces.summary)")
        }
        var report = try read(
            .bytes(data), file: "\(file)/\(manifest)", sourceName: URL(fileURLWithPath: file).lastPathComponent,
            companions: { entries[$0].map(CurriculumSource.bytes) }, emit: emit)
        report.file = file
        return report
    }

    static func read(
        _ source: CurriculumSource, file: String, sourceName: String?,
        companions: @escaping (String) -> CurriculumSource?, emit: (Curriculum) throws -> Void
    ) throws -> CurriculumFileReport {
        var dialect: (any DialectReader)?
        var format: CurriculumFormat?
        var count = 0
        // Sized for the file (about one curriculum per kilobyte in real feeds), so that they are not
        // rehashed as they grow (4 % of reading a large feed, `perf`).
        let expected: Int = {
            guard case .file(let url) = source,
                let size = try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize
            else { return 0 }
            return min(size / 1024, 1 << 20)
        }()
        var seenCurricula: [String: (Int, Int)] = Dictionary(minimumCapacity: expected)
        var seenModules: [String: (Int, Int)] = [:]
        var modulesMirrorCurricula = true
        var findings: [Diagnostic] = []
        var pending: [Located<Curriculum>] = []

        let stream = XMLStreamParser(
            file: file,
            policy: { namespace, name in
                format = CurriculumNamespaces.format(namespace: namespace, name: name)
                switch format {
                case .native: dialect = NativeReader(file: file)
                case .xcriCap: dialect = XCRIReader(file: file)
                case .elmLoq where name == "Courses": dialect = ELMReader(file: file)
                case .elmLoq: dialect = EDCReader(file: file, presentation: name == "verifiablePresentation")
                case .ewpCourses: dialect = EWPReader(file: file)
                case .lheo: dialect = LHEOReader(file: file)
                case .cdmFr: dialect = CDMFrReader(file: file)
                case .imsCommonCartridge: dialect = CommonCartridgeReader(file: file, companion: companions)
                case .moodle: dialect = MoodleBackupReader(file: file, companion: companions)
                case nil: return nil
                }
                return dialect?.collectionDepth
            },
            visit: { element, ancestors in
                dialect?.read(element, ancestors: ancestors) { pending.append($0) }
            })

        // Curricula are checked for duplicates, then handed over, one subtree at a time.
        func drain() throws {
            let name = sourceName ?? URL(fileURLWithPath: file).lastPathComponent
            for located in pending {
                var curriculum = located.value
                curriculum.source = name
                // One look-up both checks and enters the identifier (the first position is kept).
                if let first = seenCurricula.updateValue((located.line, located.column), forKey: curriculum.id) {
                    seenCurricula[curriculum.id] = first
                    findings.append(
                        .error(
                            "duplicate identifier '\(curriculum.id)' (first used at line \(first.0))", file: file,
                            line: located.line, column: located.column))
                    continue
                }
                // A curriculum whose only module carries its identifier and position (each XCRI-CAP course):
                // the module's check is the curriculum's. Modules are entered one by one from the first
                // curriculum that is not such (a look-up fewer per course; hashing was 7 % of reading).
                if modulesMirrorCurricula {
                    if curriculum.modules.count == 1, curriculum.modules[0].id == curriculum.id,
                        located.modulePositions.isEmpty
                    {
                        count += 1
                        try emit(curriculum)
                        continue
                    }
                    modulesMirrorCurricula = false
                    seenModules = seenCurricula
                    seenModules[curriculum.id] = nil
                }
                for (index, module) in curriculum.modules.enumerated() {
                    let position =
                        located.modulePositions.indices.contains(index)
                        ? located.modulePositions[index] : (line: located.line, column: located.column)
                    if let first = seenModules[module.id] {
                        findings.append(
                            .error(
                                "duplicate module identifier '\(module.id)' (first used at line \(first.0))",
                                file: file, line: position.line, column: position.column))
                    } else {
                        seenModules[module.id] = (position.line, position.column)
                    }
                }
                count += 1
                try emit(curriculum)
            }
            pending.removeAll(keepingCapacity: true)
        }

        var streamFindings: [Diagnostic] = []
        if case .native = CurriculumReader.peekFormat(source) {
            findings += NativeSchema.validate(source, file: file)
        }
        streamFindings = try stream.parse(source.xml, afterChunk: drain)
        if let root = stream.root, format == nil {
            findings.append(
                .error(
                    "unknown root element <\(root.name)> in namespace '\(root.namespace)'; "
                        + "planner reads \(CurriculumNamespaces.summary)", file: file, line: 1, column: 1))
        }
        if let dialect, !streamFindings.containsErrors {
            dialect.finish { pending.append($0) }
        }
        try drain()
        findings += streamFindings + (dialect?.diagnostics ?? [])
        return CurriculumFileReport(
            file: file, format: format, count: count, diagnostics: deduplicated(findings).sortedByPosition())
    }

    /// Checks one file without keeping what it holds.
    public static func validate(_ source: CurriculumSource, file: String) -> CurriculumFileReport {
        do {
            return try read(source, file: file) { _ in }
        } catch {
            preconditionFailure("reading without keeping cannot fail: \(error)")
        }
    }

    /// The format a source claims by its root element, read without parsing the rest.
    static func peekFormat(_ source: CurriculumSource) -> CurriculumFormat? {
        var found: CurriculumFormat?
        let stream = XMLStreamParser(
            file: "",
            policy: { namespace, name in
                found = CurriculumNamespaces.format(namespace: namespace, name: name)
                return nil
            }, visit: { _, _ in })
        _ = try? stream.parse(source.xml, afterChunk: {})
        return found
    }

    private static func deduplicated(_ findings: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return findings.filter { seen.insert($0).inserted }
    }
}

extension Dictionary where Key == String, Value == XMLElement {
    /// Keeps `element` under `id` and returns true; when another element has that `id` already, reports the
    /// duplicate at `element` (naming the first one's line) and returns false.
    mutating func claim(
        _ id: String, for element: XMLElement, naming attribute: String, file: String,
        into diagnostics: inout [Diagnostic]
    ) -> Bool {
        if let first = self[id] {
            diagnostics.append(
                .error(
                    "duplicate \(attribute) '\(id)' (first used at line \(first.line))", file: file, line: element.line,
                    column: element.column))
            return false
        }
        self[id] = element
        return true
    }
}
