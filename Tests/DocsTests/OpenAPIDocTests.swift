import AischedClient
import Foundation
import SchedulerProtocol
import Testing

/// docs/openapi.yaml lists exactly the fields the API sends: the keys `JobJSON`, `NodeJSON`, `UsageJSON` and the
/// accounting encoders write (the encoders of `aisubmit --json` too). A field added to the JSON without the OpenAPI file fails here.
@Suite struct OpenAPIDocTests {
    /// The property names of `components.schemas.NAME` (8-space-indented keys under its `properties:`).
    static func documentedFields(of schema: String) throws -> Set<String> {
        let text = try String(contentsOf: DocumentedCommandTests.packageRoot.appendingPathComponent("docs/openapi.yaml"),
                              encoding: .utf8)
        var fields = Set<String>()
        var inSchema = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("    ") && !line.hasPrefix("     ") {
                inSchema = line == "    \(schema):"
                continue
            }
            guard inSchema, line.hasPrefix("        "), !line.hasPrefix("         "),
                  let colon = line.firstIndex(of: ":") else { continue }
            let name = line.dropFirst(8)[..<colon].trimmingCharacters(in: .whitespaces)
            if !["type", "description", "properties", "required"].contains(name) { fields.insert(name) }
        }
        return fields
    }

    static func encodedKeys(_ value: some Encodable) throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(value)) as? [String: Any]
        return Set(object?.keys.map { $0 } ?? [])
    }

    @Test func theJobNodeAndUsageSchemasListTheEncodedFields() throws {
        #expect(try Self.documentedFields(of: "Job") == Self.encodedKeys(JobJSON(info: JobInfo())))
        #expect(try Self.documentedFields(of: "Node") == Self.encodedKeys(NodeJSON(NodeInfo())))
        #expect(try Self.documentedFields(of: "Usage") == Self.encodedKeys(UsageJSON(info: ProjectUsageInfo())))
    }

    @Test func theAccountingSchemasListTheEncodedFields() throws {
        #expect(try Self.documentedFields(of: "SchemeUsage") == Self.encodedKeys(SchemeUsageJSON(info: SchemeUsageInfo())))
        #expect(try Self.documentedFields(of: "UsageSeries") == Self.encodedKeys(UsageSeriesJSON(UsageSeries())))
        #expect(try Self.documentedFields(of: "FairShareLevel") == Self.encodedKeys(FairShareLevelJSON(FairShareLevelInfo())))
        #expect(try Self.documentedFields(of: "FundingRow") == Self.encodedKeys(FundingRowJSON(FundingReportRow())))
        #expect(try Self.documentedFields(of: "AuditEntry") == Self.encodedKeys(AuditEntryJSON(AuditEntryInfo())))
        #expect(try Self.documentedFields(of: "QueueSample") == Self.encodedKeys(QueueSampleJSON(QueueSampleInfo())))
    }
}
