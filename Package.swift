// swift-tools-version:6.1
import PackageDescription

/// Strict settings shared by every Swift target of the package.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // A module's imports are internal unless it says `public import`, and a member is visible only where its
    // module is imported: C and storage types cannot leak through a public API by accident.
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "TrainingPlanner",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "planner", targets: ["planner"]),
        .library(name: "PlannerCore", targets: ["PlannerCore"]),
        .plugin(name: "ValidateCurricula", targets: ["ValidateCurricula"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C system libraries: each is imported by exactly one Swift module.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"]), .brew(["cairo", "pango"])]
        ),
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]
        ),

        // Value types shared by all modules.
        .target(name: "PlannerCore", swiftSettings: strict),

        // Pure modules.
        .target(
            name: "CurriculumImport", dependencies: ["PlannerCore", "CLibXML2", "CArchive"], swiftSettings: strict),
        .target(name: "Scheduling", dependencies: ["PlannerCore"], swiftSettings: strict),
        .target(name: "Documents", dependencies: ["CCairo", "CQREncode"], swiftSettings: strict),
        .target(name: "Attendance", dependencies: ["PlannerCore", "Documents"], swiftSettings: strict),
        .target(
            name: "Certificates",
            dependencies: [
                "PlannerCore", "Documents", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),

        // The system of record.
        .target(
            name: "Workspace",
            dependencies: [
                "PlannerCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),

        // The application layer: one type per use case, called by every front end.
        .target(
            name: "PlannerServices",
            dependencies: [
                "PlannerCore", "Workspace", "CurriculumImport", "Scheduling", "Attendance", "Certificates", "Documents",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.embedInCode("Demo/Curricula")],
            swiftSettings: strict
        ),

        // The web application: routes that call the same services, server-rendered pages.
        .target(
            name: "PlannerWeb",
            dependencies: [
                "PlannerServices", "PlannerCore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.embedInCode("Templates")],
            swiftSettings: strict
        ),

        // The command-line shell: parses arguments, calls one service, prints.
        .target(
            name: "PlannerCommands",
            dependencies: [
                "PlannerServices", "PlannerWeb", "PlannerCore", "Scheduling", "Certificates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "planner",
            dependencies: [
                "PlannerCommands", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ], swiftSettings: strict),
        // Benchmarks of the engine (CB-CTT); not part of the user CLI.
        .executableTarget(
            name: "planner-bench",
            dependencies: [
                "PlannerCore", "Scheduling", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // libFuzzer targets of the readers (`make fuzz`); built normally, it replays inputs.
        .executableTarget(
            name: "planner-fuzz", dependencies: ["CurriculumImport", "PlannerCore", "Workspace"],
            swiftSettings: strict
        ),

        // `swift package validate-curricula [PATH...]`
        .plugin(
            name: "ValidateCurricula",
            capability: .command(
                intent: .custom(verb: "validate-curricula", description: "Validate curriculum XML files like the CLI"),
                permissions: []
            ),
            dependencies: ["planner"]
        ),

        // Tests: one target per module, plus the end-to-end CLI tests, over one support library.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .target(
            name: "ServicesTestSupport", dependencies: ["PlannerServices", "PlannerCore", "TestSupport"],
            path: "Tests/ServicesTestSupport", swiftSettings: strict
        ),
        .testTarget(name: "PlannerCoreTests", dependencies: ["PlannerCore"], swiftSettings: strict),
        .testTarget(
            name: "WorkspaceTests",
            dependencies: ["Workspace", "PlannerCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CurriculumImportTests",
            dependencies: ["CurriculumImport", "PlannerCore", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"], swiftSettings: strict),
        .testTarget(
            name: "PlannerWebTests",
            dependencies: [
                "PlannerWeb", "PlannerServices", "PlannerCore", "TestSupport", "ServicesTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PlannerServicesTests",
            dependencies: [
                "PlannerServices", "PlannerCore", "Scheduling", "Attendance", "Certificates", "TestSupport",
                "ServicesTestSupport", "CurriculumImport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CertificatesTests", dependencies: ["Certificates", "PlannerCore", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AttendanceTests", dependencies: ["Attendance", "PlannerCore", "TestSupport"], swiftSettings: strict
        ),
        .testTarget(name: "SchedulingTests", dependencies: ["Scheduling", "PlannerCore"], swiftSettings: strict),
        .testTarget(
            name: "PlannerCommandsTests",
            dependencies: ["PlannerCommands", "PlannerCore", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
