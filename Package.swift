// swift-tools-version:6.1
import PackageDescription

// Module graph (arrows point at dependencies; nothing points back up):
//
//   aisubmit ─▶ AischedClient ─▶ SchedulerProtocol (NIOCore, SwiftProtobuf); SchedulerCore for Slurm's host lists and the
//               rules of the Slurm option values the server reads too (--signal, --mail-type, --mail-user)
//   nodeagent ─▶ AischedClient, HardwareDiscovery, JobExecution ─▶ CNUMA, ChildProcesses (posix_spawn, also schedd's)
//   schedd ─▶ SchedulerStore ─▶ SchedulerCore (stdlib only: the pure scheduler)
//          ─▶ Simulation ─▶ SchedulerCore (trace replay, also stdlib only)
//          ─▶ SchedulerProtocol, SchedulerAuth (swift-crypto)
//          ─▶ swift-metrics, swift-prometheus, NIOHTTP1 (/metrics for Prometheus, docs/METRICS.md)
//          ─▶ Hummingbird, AischedClient's `--json` shapes (the web dashboard and JSON API, docs/HTTP-API.md)
//   schedbench, tests ─▶ ProtocolFuzzing ─▶ SchedulerProtocol (seeded fuzzing of the decoders and of a real schedd)
//
// SchedulerProtocol never imports SchedulerCore: wire DTOs are mapped to core models in schedd.
let package = Package(
    name: "aisched",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "schedd", targets: ["schedd"]),
        .executable(name: "nodeagent", targets: ["NodeAgent"]),
        .executable(name: "aisubmit", targets: ["aisubmit"]),
        .executable(name: "schedbench", targets: ["schedbench"]),
        .library(name: "SchedulerCore", targets: ["SchedulerCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        // TLS on the RPC port (docs/SECURITY.md).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // schedd's /metrics (docs/METRICS.md): the metrics API and its Prometheus text exposition.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The wire messages, generated from Sources/SchedulerProtocol/aisched.proto (only the runtime library: the
        // generated code is committed, scripts/generate-protocol.sh builds the protoc plugin outside the package).
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // schedd's web dashboard and HTTP API (docs/HTTP-API.md). No traits: neither swift-configuration nor the
        // full-Foundation extras are used, and each would lengthen the build.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // The version and git commit every executable prints for --version, written before each build.
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),
        .target(name: "BuildInfo", plugins: ["BuildInfoPlugin"]),

        .systemLibrary(name: "CNUMA", pkgConfig: "numa", providers: [.apt(["libnuma-dev"])]),

        // Pure scheduling core: state + events + injected clock -> decisions. No Foundation, no I/O.
        .target(name: "SchedulerCore"),

        // Trace-driven simulator: trace readers, replay through the real core on a virtual clock, metrics, reports.
        // Pure like the core (no Foundation, no clock, no threads): the schedd command reads the files.
        .target(name: "Simulation", dependencies: ["SchedulerCore"]),

        // The binary wire format: frames, handshake, message payloads (generated from aisched.proto), the RPC table.
        // No sockets.
        .target(name: "SchedulerProtocol", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ], exclude: ["aisched.proto"]),

        // Seeded fuzzing of the frame and message decoders (tests and `schedbench fuzz`): the kind → message table,
        // hostile byte streams, valid seeds, and what a decoded payload costs.
        .target(name: "ProtocolFuzzing", dependencies: [
            "SchedulerProtocol",
            .product(name: "NIOCore", package: "swift-nio"),
        ]),

        // SQLite adapter: durable job/node/user state (GRDB over the system libsqlite3).
        .target(name: "SchedulerStore", dependencies: [
            "SchedulerCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),

        // Signed bearer tokens (HMAC-SHA256 with the cluster secret).
        .target(name: "SchedulerAuth", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // Reads real hardware (sysfs/procfs trees, nvidia-smi output, topology files). Pure parsing + a root dir.
        .target(name: "HardwareDiscovery"),

        // How a job's process is confined on a node: CPU affinity, NUMA memory policy, cgroup v2, user.
        // Child processes started with posix_spawn and reaped by a thread of their own (no Foundation `Process`).
        .target(name: "ChildProcesses"),
        .target(name: "JobExecution", dependencies: ["CNUMA", "HardwareDiscovery", "ChildProcesses"]),

        // Client side of the RPC: connection, config resolution, batch-script directives.
        .target(name: "AischedClient", dependencies: [
            "SchedulerProtocol", "SchedulerCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),

        .executableTarget(name: "schedd", dependencies: [
            "BuildInfo", "SchedulerCore", "SchedulerProtocol", "SchedulerStore", "SchedulerAuth", "HardwareDiscovery", "Simulation",
            "ChildProcesses", "AischedClient",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .executableTarget(name: "NodeAgent", dependencies: [
            "BuildInfo", "AischedClient", "SchedulerProtocol", "HardwareDiscovery", "JobExecution", "ChildProcesses",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // No HardwareDiscovery: its nvidia-smi XML parser pulls in FoundationXML (libxml2, ICU), which cost every
        // command-line run ~1 ms of dynamic loading.
        .executableTarget(name: "aisubmit", dependencies: [
            "BuildInfo", "AischedClient", "SchedulerProtocol", "SchedulerCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Speed and memory measurements (docs/PERFORMANCE.md): `swift run -c release schedbench all`.
        .executableTarget(name: "schedbench", dependencies: [
            "BuildInfo", "SchedulerCore", "SchedulerStore", "SchedulerProtocol", "ProtocolFuzzing", "AischedClient",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], path: "Benchmarks/schedbench"),

        .testTarget(name: "SchedulerCoreTests", dependencies: ["SchedulerCore"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "SchedulerCore"]),
        .testTarget(name: "SchedulerProtocolTests", dependencies: [
            "SchedulerProtocol", "ProtocolFuzzing",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOTestUtils", package: "swift-nio"),
        ]),
        .testTarget(name: "SchedulerStoreTests", dependencies: [
            "SchedulerStore", "SchedulerCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "SchedulerAuthTests", dependencies: ["SchedulerAuth"]),
        .testTarget(name: "HardwareDiscoveryTests", dependencies: ["HardwareDiscovery"]),
        .testTarget(name: "JobExecutionTests", dependencies: ["JobExecution"]),
        .testTarget(name: "ScheddTests", dependencies: [
            "schedd", "SchedulerCore", "SchedulerProtocol", "SchedulerStore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ]),
        .testTarget(name: "AischedClientTests", dependencies: ["AischedClient", "SchedulerProtocol"]),
        // nodeagent's own logic that needs no processes (the simulated nodes' bookkeeping).
        .testTarget(name: "NodeAgentTests", dependencies: ["NodeAgent", "SchedulerProtocol"]),
        // Every command line shown in README.md and docs/ parses with the real command definitions.
        // docs/PROTOCOL.md's table of message kinds agrees with the RPC table.
        .testTarget(name: "DocsTests", dependencies: ["aisubmit", "schedd", "NodeAgent", "schedbench", "SchedulerProtocol", "AischedClient"]),
        .testTarget(name: "IntegrationTests", dependencies: [
            "AischedClient", "SchedulerProtocol", "ProtocolFuzzing", "HardwareDiscovery", "JobExecution", "SchedulerStore", "SchedulerCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
    ]
)
