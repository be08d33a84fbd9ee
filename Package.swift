// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "hnf",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "HighNeeds", targets: ["HighNeeds"]),
        .executable(name: "hnf", targets: ["hnf"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // `hnf serve`, the what-if page (Sources/HNFServer).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        // The GNU Scientific Library, from Debian's libgsl-dev.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // libxlsxwriter, from Debian's libxlsxwriter-dev: Excel workbooks with native charts.
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // Layer 1, core: support, statistics, the workbook writer, national data.
        .target(
            name: "HNFCore",
            dependencies: ["CGSL", "CXlsxWriter", .product(name: "Crypto", package: "swift-crypto")],
            exclude: [
                "README.md", "NationalData/README.md", "Statistics/README.md", "Support/README.md",
                "Workbook/README.md",
            ]
        ),
        // Layer 2, scenario: the YAML format, overlays, validation, the typed `Scenario`.
        .target(
            name: "HNFScenario",
            dependencies: ["HNFCore", .product(name: "Yams", package: "Yams")],
            exclude: ["README.md"]
        ),
        // Layer 3, engine: the compiled plan, the kernels, the projection, the money and the trace.
        // The yearly step's loops over children (leavers, movers, joiners, costs) are all
        // here, so none of them calls across a module boundary; the funding blocks above
        // are called once a block a year, except transition funding's payer, which visits
        // the children it follows (Docs/speed.md).
        .target(
            name: "HNFEngine",
            dependencies: ["HNFCore", "HNFScenario", "CGSL"],
            exclude: ["README.md"]
        ),
        // Layer 4, funding: the formula blocks, each conforming to the protocols the layers
        // below declare, and the registry of them handed to the loader.
        .target(
            name: "HNFFunding",
            dependencies: ["HNFCore", "HNFScenario", "HNFEngine"],
            exclude: ["README.md"]
        ),
        // Layer 5, studies: reports, calibration and backtests, imports, sweeps, solve and fit,
        // the what-if session: everything a command asks of the layers below.
        .target(
            name: "HNFStudies",
            dependencies: [
                "HNFCore", "HNFScenario", "HNFEngine", "HNFFunding", "CGSL",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                // Sweep results in SQLite (Sweep/SweepDatabase.swift).
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // The folders' design notes are documentation, not sources.
            exclude: [
                "README.md", "Calibration/README.md", "Formulas/README.md", "Import/README.md", "Ratios/README.md",
                "Report/README.md", "Report/Document/README.md", "Benchmark/README.md", "Sweep/README.md",
                "WhatIf/README.md",
            ]
        ),
        // The library in one import: the five layers re-exported.
        .target(
            name: "HighNeeds",
            dependencies: ["HNFCore", "HNFScenario", "HNFEngine", "HNFFunding", "HNFStudies"],
            exclude: ["README.md"]
        ),
        // `hnf serve`: the what-if page and its JSON API over HTTP, on Hummingbird.
        .target(
            name: "HNFServer",
            dependencies: [
                "HighNeeds", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"]
        ),
        // The command-line tool: a thin layer of subcommands over HighNeeds.
        .executableTarget(
            name: "hnf",
            dependencies: [
                "HighNeeds",
                "HNFServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime and Foundation linked in: a command starts in a third of the
            // time (no dynamic loading and relocation of Foundation and ICU; Docs/speed.md).
            // Release only: the test bundle links the module with the shared runtime.
            // (Foundation's static archives name none of what they need: they are listed here.)
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-static-stdlib", "-lFoundation", "-lCoreFoundation", "-l_FoundationICU",
                        "-lFoundationEssentials", "-l_FoundationCShims", "-l_FoundationCollections",
                        "-lFoundationInternationalization", "-lswiftSynchronization",
                    ], .when(configuration: .release))
            ]
        ),
        // Micro-benchmark of the yearly step and of whole projections (see Benchmarks/README.md).
        .executableTarget(
            name: "hnf-benchmark",
            dependencies: ["HighNeeds"],
            path: "Benchmarks/StepBenchmark"
        ),
        // Coverage-guided fuzzing of the parsers of user files (Scripts/fuzz builds it with
        // libFuzzer); a normal build replays the corpora in Tests/Fuzz, as the tests do.
        .executableTarget(
            name: "hnf-fuzz",
            dependencies: ["HighNeeds"],
            path: "Sources/hnf-fuzz",
            exclude: ["README.md"]
        ),
        // Helpers shared by the test targets: fixture paths, running the built CLI.
        .target(
            name: "HighNeedsTestSupport",
            dependencies: ["HighNeeds"],
            path: "Tests/HighNeedsTestSupport"
        ),
        .testTarget(
            name: "HighNeedsTests",
            dependencies: ["HighNeeds", "HighNeedsTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "hnfTests",
            dependencies: ["hnf", "HighNeeds", "HighNeedsTestSupport"]
        ),
    ]
)
