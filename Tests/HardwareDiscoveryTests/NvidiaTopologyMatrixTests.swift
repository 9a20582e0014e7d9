import Foundation
import Testing
import HardwareDiscovery

/// Every real `nvidia-smi topo -m` / `-mp` output in the repository's fixtures (Tests/Fixtures/nvidia).
@Suite("nvidia-smi topo -m")
struct NvidiaTopologyMatrixTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        /// GPU columns of the matrix (empty for `topo -mp`).
        var gpuColumns: [Int]
        /// (gpu, gpu, expected link) checks.
        var links: [(Int, Int, GPULinkKind)]
        /// Rows with affinity columns.
        var rows: Int
        /// (gpu, CPU affinity, NUMA affinity) checks.
        var affinities: [(Int, String, Int)]
        var nics: Int
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "hgx-a100-pleiades-gpu21.topo-m.txt", gpuColumns: Array(0...7),
             links: [(0, 7, .nvlink(12)), (3, 4, .nvlink(12)), (5, 5, .selfLink)], rows: 8,
             affinities: [(0, "48-63", 3), (2, "16-31", 1), (4, "112-127", 7), (6, "80-95", 5)], nics: 1),
        Case(file: "pcie-8x-rtx4090-2numa.go-gpuallocator-17.topo-m.txt", gpuColumns: Array(0...7),
             links: [(0, 1, .sys), (3, 4, .sys), (6, 7, .sys)], rows: 8,
             affinities: [(0, "0-55,112-167", 0), (7, "56-111,168-223", 1)], nics: 2),
        Case(file: "pcie-8x-a40-nvlink-pairs.nccl-1343.topo-m.partial.txt", gpuColumns: Array(0...7),
             links: [(0, 1, .nvlink(4)), (2, 3, .nvlink(4)), (6, 7, .nvlink(4)), (0, 2, .node), (5, 7, .node), (0, 4, .sys)],
             rows: 8, affinities: [(0, "0-95", 0), (5, "96-191", 1)], nics: 2),
        Case(file: "hgx-h100-8gpu.vllm-13855.topo-m.partial.txt", gpuColumns: Array(0...7),
             links: [(0, 7, .nvlink(18)), (4, 5, .nvlink(18))], rows: 8,
             affinities: [(0, "0-55,112-167", 0), (4, "56-111,168-223", 1), (7, "56-111,168-223", 1)], nics: 12),
        Case(file: "dgx-a100-slurm-2gpu.dask-cuda-1358.topo-m.partial.txt", gpuColumns: [0, 1],
             links: [(0, 1, .nvlink(12))], rows: 2, affinities: [(0, "48-63,176-191", 3), (1, "48-63,176-191", 3)], nics: 10),
        Case(file: "dgx-a100.transformerengine-readme.topo-mp.txt", gpuColumns: [], links: [], rows: 8,
             affinities: [(0, "48-63,176-191", 3), (2, "16-31,144-159", 1), (4, "112-127,240-255", 7), (7, "80-95,208-223", 5)],
             nics: 0),
        Case(file: "hgx-h100-8gpu-nonic.thunderkittens-167.topo-m.partial.txt", gpuColumns: Array(0...7),
             links: [(0, 1, .nvlink(18)), (6, 7, .nvlink(18))], rows: 8,
             affinities: [(0, "0-47,96-143", 0), (4, "48-95,144-191", 1)], nics: 0),
        // Rows for GPU6 and GPU7 are missing: their pair is unknown, their links to GPU0-5 come from symmetry.
        Case(file: "hgx-h100-4numa-uneven.sglang-13973.topo-m.partial.txt", gpuColumns: Array(0...7),
             links: [(6, 7, .unknown), (7, 6, .unknown), (6, 0, .nvlink(18)), (2, 3, .nvlink(18))], rows: 6,
             affinities: [(2, "0-23,96-119", 0), (3, "24-47,120-143", 1), (5, "48-71,144-167", 2)], nics: 9),
        Case(file: "hgx-h100-cpuset-restricted.mooncake-2039.topo-m.partial.txt", gpuColumns: Array(0...7),
             links: [(0, 4, .nvlink(18)), (5, 6, .unknown), (7, 1, .nvlink(18))], rows: 5,
             affinities: [(0, "4,6,8,10,12", 0), (4, "1,3,5,7,9,11", 1)], nics: 12),
        Case(file: "pcie-6gpu-pix-node-sys.pytorch-47885.topo-m.partial.txt", gpuColumns: Array(0...5),
             links: [(0, 1, .pix), (3, 4, .pix), (0, 2, .node), (4, 5, .node), (0, 3, .sys), (2, 5, .sys)], rows: 6,
             affinities: [(0, "0-17,36-53", 0), (5, "18-35,54-71", 1)], nics: 0),
    ]

    @Test("every topo fixture has a case")
    func everyFileCovered() {
        let files = Fixtures.files(in: Fixtures.nvidia, suffix: ".txt").filter { $0.contains(".topo-m") }
        #expect(Set(files) == Set(Self.cases.map(\.file)))
    }

    @Test("parse", arguments: cases)
    func parse(_ testCase: Case) throws {
        let topology = try NvidiaTopologyMatrixParser.parse(Fixtures.nvidiaText(testCase.file))
        #expect(topology.gpuLinks?.gpuIndices ?? [] == testCase.gpuColumns)
        for (first, second, kind) in testCase.links {
            #expect(topology.gpuLinks?.link(first, second) == kind, "GPU\(first)-GPU\(second)")
        }
        #expect(topology.affinities.count == testCase.rows)
        for (gpu, cpus, node) in testCase.affinities {
            let affinity = try #require(topology.affinities.first { $0.gpuIndex == gpu })
            #expect(affinity.cpus == (try CPUList(parsing: cpus)), "GPU\(gpu) CPU affinity")
            #expect(affinity.numaNode == node, "GPU\(gpu) NUMA affinity")
            #expect(affinity.gpuNUMANode == nil)
        }
        #expect(topology.nicNames.count == testCase.nics)
        if let links = topology.gpuLinks {
            for (row, index) in links.gpuIndices.enumerated() {
                #expect(links.links[row][row] == .selfLink, "diagonal of GPU\(index)")
            }
        }
    }

    @Test("glued header and cells of the vLLM paste are split")
    func gluedCells() throws {
        let topology = try NvidiaTopologyMatrixParser.parse(Fixtures.nvidiaText("hgx-h100-8gpu.vllm-13855.topo-m.partial.txt"))
        #expect(topology.nicNames == (0...11).map { "NIC\($0)" })
        #expect(topology.gpuLinks?.links.allSatisfy { $0.count == 8 } == true)
    }

    @Test("link ranking: NVLink > PIX > PXB > PHB > NODE > SYS")
    func ranking() throws {
        let ordered: [GPULinkKind] = [.unknown, .sys, .node, .phb, .pxb, .pix, .nvlink(1), .nvlink(4), .nvlink(18), .selfLink]
        #expect(ordered.shuffled().sorted() == ordered)
        let pairs = try NvidiaTopologyMatrixParser.parse(Fixtures.nvidiaText("pcie-8x-a40-nvlink-pairs.nccl-1343.topo-m.partial.txt"))
        let links = try #require(pairs.gpuLinks)
        #expect(links.weakestLink(among: [0, 1]) == .nvlink(4))
        #expect(links.weakestLink(among: [0, 1, 2, 3]) == .node)
        #expect(links.weakestLink(among: [0, 4]) == .sys)
        #expect(GPULinkKind(cell: "SOC") == .sys)
        #expect(GPULinkKind(cell: "bogus") == nil)
    }

    @Test("output without a header is a typed error")
    func noHeader() {
        #expect(throws: DiscoveryError.invalidTopologyMatrix(line: 1, reason: "no header line with GPU columns or 'CPU Affinity'")) {
            try NvidiaTopologyMatrixParser.parse("No devices were found\n")
        }
    }
}
