public import Foundation

/// A fresh temporary folder, removed when the test ends.
public struct TemporaryFolder: ~Copyable {
    /// The folder.
    public let url: URL

    /// Creates the folder.
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("planner-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Files of the repository the tests read: the sample curricula, fixtures, the test virtual environment.
public enum Repository {
    /// The repository's root folder.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The sample curricula.
    public static let curricula = root.appendingPathComponent("Curricula")
    /// The curriculum reader's fixtures.
    public static let fixtures = root.appendingPathComponent("Tests/CurriculumImportTests/Fixtures")
    /// A small programme's planning files (calendar, venues, trainers, funders, offerings, tracks).
    public static let planning = root.appendingPathComponent("Tests/PlannerCommandsTests/Fixtures/planning")
    /// Eight participants with monitoring data.
    public static let participants = root.appendingPathComponent("Tests/PlannerCommandsTests/Fixtures/participants.csv")
        .path
    /// The Python of the test virtual environment (the oracles).
    public static let python = root.appendingPathComponent(".venv/bin/python").path

    /// The sample curricula's paths, sorted.
    public static var sampleFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: curricula.path)) ?? [])
            .filter { $0.hasSuffix(".xml") }.sorted().map { curricula.appendingPathComponent($0).path }
    }

    /// The published schemas of the formats (XCRI-CAP 1.2 …), which the repository does not copy: from
    /// `$PLANNER_STANDARDS`, else `../shared/standards` beside the repository, else `/work/shared/standards`
    /// (this machine's); nil when none is there.
    public static var standards: URL? {
        let candidates =
            [ProcessInfo.processInfo.environment["PLANNER_STANDARDS"]].compactMap { $0 }
            + [
                root.deletingLastPathComponent().appendingPathComponent("shared/standards").path,
                "/work/shared/standards",
            ]
        return candidates.map { URL(fileURLWithPath: $0) }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("xcri-cap/xsd/xcri_cap_1_2.xsd").path)
        }
    }
    /// An XML catalog that resolves the w3.org schemas the XCRI-CAP XSDs import to local files.
    public static let schemaCatalog = root.appendingPathComponent("Tests/oracles/xsd/catalog.xml")

    /// The planning files' paths, in the order they are imported.
    public static var planningFiles: [String] {
        ["calendar", "venues", "trainers", "funders", "offerings", "tracks"].map {
            planning.appendingPathComponent("\($0).csv").path
        }
    }
}

/// Runs a program and returns what it printed to standard output (oracles, `pdftotext`, `zbarimg`).
public func runText(_ path: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = Pipe()
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return text
}
