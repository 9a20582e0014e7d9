import Testing
@testable import Simulation

/// The SWF header reader on the archive's layout: fields, repeated keys, free text, the end of the header.
@Suite struct SWFHeaderTests {
    static let text = """
        ; Version: 2.2
        ; MaxJobs: 60332
        ; UnixStartTime: 1163199901
        ; MaxNodes: 1152
        ; MaxProcs: 9216
        ; Partition:  1  pbatch
        ; Partition:  2  pdebug
        ;
        ; Note: THIS IS A CLEANED VERSION OF THE LOG!
        ;         submit<=2006-12-18 00:00:00 (1434 jobs removed)
         1435  3273240     -1      0   -1     -1    -1   -1     -1    -1  5  14  -1 184 -1  1 -1 -1
        ; MaxNodes: 7
        """

    @Test func readsTheArchiveFields() {
        let header = SWFHeader(Self.text)
        #expect(header.maxJobs == 60332)
        #expect(header.unixStartTime == 1163199901)
        #expect(header.maxNodes == 1152)   // the comment after the first job is not header
        #expect(header.maxProcs == 9216)
        #expect(header.processorsPerNode == 8)
        #expect(header.values["Partition"] == ["1  pbatch", "2  pdebug"])
        #expect(header.values["Note"] == ["THIS IS A CLEANED VERSION OF THE LOG!"])
        // The cleaning filter has colons (a time of day) but is free text, not a field.
        #expect(header.values.keys.allSatisfy { !$0.contains(" ") && !$0.contains("<") })
    }

    @Test func processorsPerNodeOnlyWhenTheMachineSaysEvenly() {
        #expect(SWFHeader("; MaxNodes: 128\n; MaxProcs: 128\n").processorsPerNode == 1)
        #expect(SWFHeader("; MaxNodes: 100\n; MaxProcs: 250\n").processorsPerNode == nil)
        #expect(SWFHeader("; MaxProcs: 9216\n").processorsPerNode == nil)
        #expect(SWFHeader("; MaxNodes: -1\n; MaxProcs: 9216\n").processorsPerNode == nil)
        #expect(SWFHeader("1 0 -1 10 4 -1 -1 4 -1 -1 -1 1 1 -1 -1 -1 -1 -1\n").values.isEmpty)
    }
}
