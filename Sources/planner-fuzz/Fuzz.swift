// libFuzzer targets for the readers of untrusted files: each XML reader (through `CurriculumReader`, as an
// import reads a file), the course packages' archive layer (an `.imscc` zip or `.mbz` tar read by libarchive,
// then the manifests it holds) and the CSV scanner of the planning and participant files.
//
// Built by `make fuzz` with `-sanitize=fuzzer,address -D FUZZING`: libFuzzer calls `LLVMFuzzerTestOneInput`
// with each input, and `PLANNER_FUZZ_TARGET` (native, xcri, elm, ewp, lheo, cdmfr, imscc, moodle, package, csv)
// names the reader. Built normally, `planner-fuzz TARGET FILE...` runs the same harness once over each file: how a crash that
// the fuzzer found is replayed, and how the tests keep every such file as a fixture.
import CurriculumImport
import Foundation
import PlannerCore
import Workspace

/// The readers to fuzz, by name.
enum FuzzTarget: String, CaseIterable {
    case native, xcri, elm, ewp, lheo, cdmfr, imscc, moodle, package, csv

    /// The curriculum format an XML target is about (nil for CSV and packages).
    var format: CurriculumFormat? {
        switch self {
        case .native: .native
        case .xcri: .xcriCap
        case .elm: .elmLoq
        case .ewp: .ewpCourses
        case .lheo: .lheo
        case .cdmfr: .cdmFr
        case .imscc: .imsCommonCartridge
        case .moodle: .moodle
        case .csv, .package: nil
        }
    }

    /// Reads `data` as this target's reader does; returns whether the input was of this target's format
    /// (inputs of another format are not kept in the corpus).
    func run(_ data: Data) -> Bool {
        if self == .package { return readPackage(data) }
        guard let format else {
            let (table, diagnostics) = CSVTable.parse(data, file: "fuzz.csv")
            // Whatever the bytes, a table or a positioned reason: never both missing.
            precondition(table != nil || !diagnostics.isEmpty, "no table and no diagnostic")
            return true
        }
        do {
            var count = 0
            let report = try CurriculumReader.read(.bytes(data), file: "fuzz.xml") { _ in count += 1 }
            check(report, handedOver: count)
            return report.format == format
        } catch {
            return false
        }
    }

    /// What every read must give: a report that counts what was handed over, no position before the file.
    private func check(_ report: CurriculumFileReport, handedOver count: Int) {
        precondition(report.count == count, "the report counts \(report.count), \(count) were handed over")
        for diagnostic in report.diagnostics {
            precondition(diagnostic.line >= 0 && diagnostic.column >= 0, "a position before the file")
        }
    }

    /// The package's file, rewritten for each input: libarchive reads packages from a file, as an import does.
    private static let packageFile = FileManager.default.temporaryDirectory.appendingPathComponent(
        "planner-fuzz-\(ProcessInfo.processInfo.processIdentifier).pkg")

    /// Reads `data` as a course package file; whether it was one (a zip or gzip stream).
    private func readPackage(_ data: Data) -> Bool {
        guard CurriculumReader.looksLikePackage(data) else { return false }
        let url = Self.packageFile
        guard (try? data.write(to: url)) != nil else { return false }
        do {
            var count = 0
            let report = try CurriculumReader.read(.file(url), file: "fuzz.imscc") { _ in count += 1 }
            check(report, handedOver: count)
            // A package is read or refused with a reason: never silently empty.
            precondition(count > 0 || !report.diagnostics.isEmpty, "nothing read and no diagnostic")
            return true
        } catch {
            return false
        }
    }
}

#if FUZZING
    /// The target of this run, from the environment (read once).
    let fuzzTarget: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["PLANNER_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            fatalError("set PLANNER_FUZZ_TARGET to one of \(names)")
        }
        return target
    }()

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
        return fuzzTarget.run(data) ? 0 : -1
    }

    /// libFuzzer's driver, for programs that have a `main` of their own (SwiftPM names an executable's
    /// entry point `planner_fuzz_main` and links `main` to it, so libFuzzer's own `main` is not used).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    @_cdecl("planner_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments, fuzzOneInput)
    }
#else
    @main struct ReplayFuzzInputs {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
                let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
                FileHandle.standardError.write(Data("usage: planner-fuzz \(names) FILE...\n".utf8))
                exit(2)
            }
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("planner-fuzz: cannot read \(path)\n".utf8))
                    exit(1)
                }
                _ = target.run(data)
                print("\(path): read")
            }
        }
    }
#endif
