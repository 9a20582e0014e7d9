// swift-tools-version:6.1
// Only the store and the core of this old commit, and a program that writes a fixture database with them
// (Tests/Fixtures/store/README.md on branch seams).
import PackageDescription

let package = Package(
    name: "aisched-fixtures",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(name: "SchedulerCore"),
        .target(name: "SchedulerStore", dependencies: [
            "SchedulerCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .executableTarget(name: "FixtureWriter", dependencies: ["SchedulerCore", "SchedulerStore"], path: "FixtureWriter"),
    ]
)
