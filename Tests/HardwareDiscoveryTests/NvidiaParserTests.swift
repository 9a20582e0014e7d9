import Foundation
import Testing
import HardwareDiscovery

/// Every real nvidia-smi output in the repository's fixtures (Tests/Fixtures/nvidia), parsed.
@Suite("nvidia-smi parsers")
struct NvidiaParserTests {
    struct XMLCase: Sendable, CustomTestStringConvertible {
        var file: String
        var names: [String]
        var uuids: [String]
        var busIDs: [String]
        var memoryMiB: [Int]
        var minors: [Int]
        var migDevices: Int = 0
        var testDescription: String { file }
    }

    // Values read from the files themselves (see fixtures/nvidia/README.md for their origin).
    static let xmlCases: [XMLCase] = [
        XMLCase(file: "telegraf-a100-sxm4-80gb-mig-1of4.nvidia-smi-q-x.xml", names: ["NVIDIA A100-SXM4-80GB"],
                uuids: ["GPU-513536b6-7d19-9063-b049-1e69664bb298"], busIDs: ["0000:01:00.0"], memoryMiB: [81920],
                minors: [1], migDevices: 4),
        XMLCase(file: "telegraf-a10g.nvidia-smi-q-x.xml", names: ["NVIDIA A10G"],
                uuids: ["GPU-9a9a6c50-2a47-2f51-a902-b82c3b127e94"], busIDs: ["0000:00:1e.0"], memoryMiB: [23028], minors: [0]),
        XMLCase(file: "telegraf-pr18176-dual-rtx-2070.nvidia-smi-q-x.xml",
                names: ["NVIDIA GeForce RTX 2070", "NVIDIA GeForce RTX 2070"],
                uuids: ["GPU-12345678-aaaa-bbbb-cccc-0123456789ab", "GPU-12345678-aaaa-bbbb-cccc-0123456789cd"],
                busIDs: ["0000:01:00.0", "0000:02:00.0"], memoryMiB: [8192, 8192], minors: [0, 1]),
        XMLCase(file: "telegraf-pr18176-dual-rtx-2080.nvidia-smi-q-x.xml",
                names: ["NVIDIA GeForce RTX 2080", "NVIDIA GeForce RTX 2080"],
                uuids: ["GPU-12345678-aaaa-bbbb-cccc-0123456789ab", "GPU-12345678-aaaa-bbbb-cccc-0123456789ab"],
                busIDs: ["0000:01:00.0", "0000:02:00.0"], memoryMiB: [8192, 8192], minors: [0, 1]),
        XMLCase(file: "telegraf-pr18176-dual-rtx-a5000.nvidia-smi-q-x.xml", names: ["NVIDIA RTX A5000", "NVIDIA RTX A5000"],
                uuids: ["GPU-12345678-aaaa-bbbb-cccc-0123456789ab", "GPU-12345678-aaaa-bbbb-cccc-0123456789cd"],
                busIDs: ["0000:81:00.0", "0000:c1:00.0"], memoryMiB: [24564, 24564], minors: [1, 0]),
        XMLCase(file: "telegraf-pr18176-rtx-pro-6000-blackwell-maxq.nvidia-smi-q-x.xml",
                names: ["NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition"],
                uuids: ["GPU-12345678-aaaa-bbbb-cccc-0123456789ab"], busIDs: ["0000:61:00.0"], memoryMiB: [97887], minors: [0]),
        XMLCase(file: "telegraf-quadro-p2000.nvidia-smi-q-x.xml", names: ["Quadro P2000"],
                uuids: ["GPU-396caaed-39ca-3199-2e68-717cdb786ec6"], busIDs: ["0000:17:00.0"], memoryMiB: [5120], minors: [0]),
        XMLCase(file: "telegraf-rtx-4000-sff-ada.nvidia-smi-q-x.xml", names: ["NVIDIA RTX 4000 SFF Ada Generation"],
                uuids: ["GPU-37037c3f-65c8-ec4d-24a9-420204ad8026"], busIDs: ["0000:06:00.0"], memoryMiB: [20475], minors: [0]),
        XMLCase(file: "telegraf-tesla-t4.nvidia-smi-q-x.xml", names: ["Tesla T4"],
                uuids: ["GPU-d37e67a5-91dd-3774-a5cb-99096249601a"], busIDs: ["0000:00:1e.0"], memoryMiB: [15360], minors: [0]),
        XMLCase(file: "yarn-2x-p100-pcie.nvidia-smi-q-x.xml", names: ["Tesla P100-PCIE-12GB", "Tesla P100-PCIE-12GB_2"],
                uuids: ["GPU-28604e81-21ec-cc48-6759-bf2648b22e16", "GPU-46915a82-3fd2-8e11-ae26-a80b607c04f3"],
                busIDs: ["0000:04:00.0", "0000:82:00.0"], memoryMiB: [11567, 12290], minors: [0, 1]),
    ]

    @Test("every XML fixture has a case")
    func everyXMLFileCovered() {
        #expect(Set(Fixtures.files(in: Fixtures.nvidia, suffix: ".xml")) == Set(Self.xmlCases.map(\.file)))
    }

    @Test("nvidia-smi -q -x", arguments: xmlCases)
    func xml(_ testCase: XMLCase) throws {
        let records = try NvidiaSMIXMLParser.parse(Fixtures.nvidiaText(testCase.file))
        #expect(records.map(\.index) == Array(0..<testCase.names.count))
        #expect(records.map(\.name) == testCase.names)
        #expect(records.map(\.uuid) == testCase.uuids)
        #expect(records.map(\.pciBusID) == testCase.busIDs)
        #expect(records.map(\.memoryTotalMiB) == testCase.memoryMiB)
        #expect(records.map(\.minorNumber) == testCase.minors)
        #expect(records.reduce(0) { $0 + $1.migDevices.count } == testCase.migDevices)
    }

    @Test("MIG instances keep their own memory, not the GPU's")
    func migMemory() throws {
        let gpu = try #require(try NvidiaSMIXMLParser.parse(Fixtures.nvidiaText("telegraf-a100-sxm4-80gb-mig-1of4.nvidia-smi-q-x.xml")).first)
        #expect(gpu.migEnabled == true)
        #expect(gpu.migDevices.map(\.index) == [0, 1, 2, 3])
        #expect(gpu.migDevices.allSatisfy { $0.memoryTotalMiB == 19968 })
        #expect(gpu.memoryTotalMiB == 81920)
    }

    @Test("malformed XML is a typed error")
    func malformedXML() {
        #expect(throws: DiscoveryError.invalidNvidiaXML(reason: "output ends inside <gpu>")) {
            try NvidiaSMIXMLParser.parse("<nvidia_smi_log><gpu>")
        }
        #expect(throws: DiscoveryError.self) { try NvidiaSMIXMLParser.parse("<nvidia_smi_log><gpu></nvidia_smi_log>") }
        #expect(throws: DiscoveryError.invalidNvidiaXML(reason: "no <nvidia_smi_log> root element")) {
            try NvidiaSMIXMLParser.parse("<other/>")
        }
    }

    @Test("nvidia-smi -L with MIG instances, consistent with the same host's -q -x")
    func list() throws {
        let records = try NvidiaSMIListParser.parse(Fixtures.nvidiaText("telegraf-a100-4gpu-mig.nvidia-smi-L.txt"))
        #expect(records.map(\.index) == [0, 1, 2, 3])
        #expect(records.allSatisfy { $0.name == "NVIDIA A100-SXM4-80GB" })
        #expect(records.map(\.uuid) == ["GPU-513536b6-7d19-9063-b049-1e69664bb298", "GPU-d8594bd4-0fc3-8595-e355-7c98138f3b95",
                                        "GPU-5e375e7e-b41f-155b-dcdc-534524c356fc", "GPU-69ec2344-ebac-b028-f88f-452abb3d7f11"])
        #expect(records[0].migDevices.map(\.profile) == Array(repeating: "1g.20gb", count: 4))
        #expect(records[0].migDevices.map(\.index) == [0, 1, 2, 3])
        #expect(records[0].migDevices.first?.uuid == "MIG-ce861fb0-a248-58ce-a9a8-f9adbc22a66a")
        #expect(records[1...].allSatisfy { $0.migDevices.isEmpty })
        let xml = try NvidiaSMIXMLParser.parse(Fixtures.nvidiaText("telegraf-a100-sxm4-80gb-mig-1of4.nvidia-smi-q-x.xml"))
        #expect(xml.first?.uuid == records[0].uuid)
    }

    @Test("--query-gpu CSV (name, pci.bus, index, uuid)")
    func csv() throws {
        let records = try NvidiaSMICSVParser.parse(Fixtures.nvidiaText("mixed-5gpu-gtx1060-1080ti.nuxhash-pr10.query-gpu-name-bus-index-uuid.csv"))
        #expect(records.map(\.index) == [0, 1, 2, 3, 4])
        #expect(records.map(\.name) == ["GeForce GTX 1060 6GB", "GeForce GTX 1080 Ti", "GeForce GTX 1060 6GB",
                                        "GeForce GTX 1060 6GB", "GeForce GTX 1060 6GB"])
        #expect(records.map(\.pciBus) == [0x01, 0x02, 0x03, 0x09, 0x0a])
        #expect(records[0].uuid == "GPU-f3da2e71-6e43-729a-e3ae-f731ed96d50c")
        #expect(records[4].uuid == "GPU-ff3318a7-f0dd-dc57-1fb8-cc95ba35c56e")
        #expect(records.allSatisfy { $0.pciBusID == nil && $0.memoryTotalMiB == nil })
    }

    @Test("CSV with units, noheader and errors")
    func csvVariants() throws {
        let withUnits = """
        index, name, pci.bus_id, uuid, memory.total [MiB]
        0, NVIDIA H100 80GB HBM3, 00000000:1B:00.0, GPU-aaaaaaaa-0000-0000-0000-000000000000, 81559 MiB
        1, NVIDIA H100 80GB HBM3, 00000000:43:00.0, [N/A], 81559 MiB
        """
        let records = try NvidiaSMICSVParser.parse(withUnits)
        #expect(records.map(\.pciBusID) == ["0000:1b:00.0", "0000:43:00.0"])
        #expect(records.map(\.memoryTotalMiB) == [81559, 81559])
        #expect(records[1].uuid == nil)
        let noHeader = try NvidiaSMICSVParser.parse("3, 0000:17:00.0\n", fields: ["index", "pci.bus_id"])
        #expect(noHeader.first?.index == 3 && noHeader.first?.pciBusID == "0000:17:00.0")
        #expect(throws: DiscoveryError.invalidNvidiaCSV(line: 2, reason: "2 values for 3 columns")) {
            try NvidiaSMICSVParser.parse("index, name, uuid\n0, x\n")
        }
        #expect(throws: DiscoveryError.self) { try NvidiaSMICSVParser.parse("foo, bar\n1, 2\n") }
    }
}
