// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "tama",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tama", targets: ["tama"]),
        .executable(name: "tama-bench-bare-route", targets: ["tama-bench-bare-route"]),
        .executable(name: "tama-bench-store", targets: ["tama-bench-store"]),
        .executable(name: "tama-bench-dispatch", targets: ["tama-bench-dispatch"]),
        .executable(name: "tama-bench-broadcast", targets: ["tama-bench-broadcast"]),
        .executable(name: "tama-bench-quiz", targets: ["tama-bench-quiz"]),
        .executable(name: "tama-fuzz", targets: ["tama-fuzz"]),
        .executable(name: "tama-chaos", targets: ["tama-chaos"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        .target(name: "TamaCore"),
        .target(name: "TamaMenus", dependencies: [
            "TamaCore",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "TamaStore", dependencies: [
            "TamaCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "TamaAggregators", dependencies: [
            "TamaCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "TamaDispatch", dependencies: [
            "TamaCore",
            "TamaStore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "TamaFakeAggregator", dependencies: [
            "TamaAggregators",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // glibc's allocator statistics for `/metrics`, which Swift's Glibc module leaves out.
        .target(name: "CHeap"),
        .target(name: "TamaServer", dependencies: [
            "CHeap",
            "TamaDispatch",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Mustache", package: "swift-mustache"),
            "TamaCore",
            "TamaMenus",
            "TamaStore",
            "TamaAggregators",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(name: "tama", dependencies: [
            "TamaAggregators",
            "TamaFakeAggregator",
            "TamaCore",
            "TamaMenus",
            "TamaServer",
            "TamaStore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(
            name: "tama-bench-bare-route",
            dependencies: [
                "TamaAggregators", "TamaStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Benchmarks/BareRoute"
        ),
        .executableTarget(
            name: "tama-bench-store",
            dependencies: ["TamaCore", "TamaMenus", "TamaStore"],
            path: "Benchmarks/StoreHops"
        ),
        .executableTarget(
            name: "tama-bench-dispatch",
            dependencies: [
                "TamaAggregators", "TamaCore", "TamaDispatch", "TamaFakeAggregator", "TamaStore", "TamaTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/Dispatch"
        ),
        .executableTarget(
            name: "tama-bench-broadcast",
            dependencies: [
                "TamaCore", "TamaDispatch", "TamaStore", "TamaTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/Broadcast"
        ),
        .executableTarget(
            name: "tama-bench-quiz",
            dependencies: [
                "TamaStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/Quiz"
        ),
        .executableTarget(
            name: "tama-chaos",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/Chaos"
        ),
        .target(name: "TamaFuzzTargets", dependencies: ["TamaAggregators", "TamaCore", "TamaMenus"], path: "Fuzz/Targets"),
        .executableTarget(name: "tama-fuzz", dependencies: ["TamaFuzzTargets"], path: "Fuzz/Main"),
        .target(
            name: "TamaTestSupport", dependencies: ["TamaCore", "TamaStore", .product(name: "GRDB", package: "GRDB.swift")], path: "Tests/TamaTestSupport"
        ),
        .testTarget(name: "TamaCoreTests", dependencies: ["TamaCore", "TamaMenus", "TamaTestSupport"]),
        .testTarget(name: "TamaAggregatorsTests", dependencies: ["TamaAggregators", "TamaCore"]),
        .testTarget(name: "TamaFuzzTargetsTests", dependencies: ["TamaFuzzTargets"]),
        .testTarget(name: "TamaMenusTests", dependencies: ["TamaCore", "TamaMenus"], exclude: ["Fixtures"]),
        .testTarget(name: "TamaStoreTests", dependencies: [
            "TamaCore",
            "TamaStore",
            "TamaTestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "TamaDispatchTests", dependencies: [
            "TamaCore",
            "TamaDispatch",
            "TamaStore",
            "TamaTestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "TamaServerTests", dependencies: [
            "TamaAggregators",
            "TamaFakeAggregator",
            "TamaCore",
            "TamaMenus",
            "TamaServer",
            "TamaStore",
            "TamaTestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "WSClient", package: "swift-websocket"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
    ]
)
