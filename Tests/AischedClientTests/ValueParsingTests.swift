import Testing
@testable import AischedClient

@Suite("Value syntaxes")
struct ValueParsingTests {
    /// Slurm's six forms; the first field is unbounded (`48:00:00`, `120:00`), the clock fields after it are not.
    /// 0, UNLIMITED and INFINITE are Slurm's "no limit" (0 here, sent as time_unlimited).
    @Test(arguments: [
        ("0", UInt64(0)), ("30", 1800), ("90", 5400), ("10:30", 630), ("0:45", 45), ("120:00", 7200), ("0:59", 59),
        ("1:00:00", 3600), ("12:30:15", 45_015), ("48:00:00", 172_800), ("0:59:59", 3599),
        ("2-0", 172_800), ("1-12", 129_600), ("1-12:30", 131_400), ("1-12:30:15", 131_415), ("7-00:00:00", 604_800),
        ("1-23:59:59", 172_799), ("400-0", 34_560_000),
        ("UNLIMITED", 0), ("unlimited", 0), ("infinite", 0), ("INFINITE", 0), ("0:00", 0),
    ])
    func slurmTimeFormats(text: String, seconds: UInt64) throws {
        #expect(try SlurmTime.seconds(parsing: text) == seconds)
    }

    @Test(arguments: ["", "1:xx:00", "1h", "1:2:3:4", "1-", "1-2-3", "1-1:2:3:4", ":30", "1::2", " 30", "1.5",
                      "1-x", "+5", "٣", "unlimitedx"])
    func badSlurmTimes(text: String) {
        #expect(throws: InvalidValue(expected: SlurmTime.expected)) { try SlurmTime.seconds(parsing: text) }
    }

    /// Out-of-range clock fields and negative limits are mistakes, said as such, with the accepted forms.
    @Test(arguments: [
        ("1-25:61:61", "hours after a day count go from 0 to 23, not 25"),
        ("1-24", "hours after a day count go from 0 to 23, not 24"),
        ("1-0:60", "minutes go from 0 to 59, not 60"),
        ("0:90:00", "minutes go from 0 to 59, not 90"),
        ("1:00:60", "seconds go from 0 to 59, not 60"),
        ("10:75", "seconds go from 0 to 59, not 75"),
        ("-1", "a time limit cannot be negative (write UNLIMITED to ask for no limit)"),
        ("-5", "a time limit cannot be negative"),
        ("-1-00:00:00", "a time limit cannot be negative"),
    ])
    func outOfRangeAndNegativeTimes(text: String, says: String) {
        do {
            _ = try SlurmTime.seconds(parsing: text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.expected.hasPrefix(says), "\(error.expected)")
            #expect(error.expected.hasSuffix(SlurmTime.expected))
        }
    }

    @Test func timeOverflowIsAnError() throws {
        #expect(try SlurmTime.seconds(parsing: "213503982334601-0") == 18_446_744_073_709_526_400)
        #expect(throws: InvalidValue.self) { try SlurmTime.seconds(parsing: "213503982334602-0") }
        #expect(throws: InvalidValue.self) { try SlurmTime.seconds(parsing: "18446744073709551615") }
    }

    @Test(arguments: [
        ("1", UInt64(1)), ("500", 500), ("500M", 500), ("500m", 500), ("1K", 1), ("1024K", 1), ("1025k", 2),
        ("0", 0), ("16G", 16_384), ("16g", 16_384), ("2T", 2_097_152), ("2t", 2_097_152),
        ("16GB", 16_384), ("48Gb", 49_152), ("500MB", 500), ("1875mb", 1875), ("1TB", 1_048_576), ("2048KB", 2),
    ])
    func memorySizes(text: String, megabytes: UInt64) throws {
        #expect(try MemorySize.megabytes(parsing: text) == megabytes)
    }

    @Test(arguments: ["", "G", "16GBB", "16B", "16 G", "1.5G", "-1G", "16P", "x", "99999999999999999999T", "18446744073709551615T"])
    func badMemorySizes(text: String) {
        #expect(throws: InvalidValue.self) { try MemorySize.megabytes(parsing: text) }
    }

    @Test(arguments: [
        ("8", GPURequest(count: 8, scope: .total)), ("a100:8", GPURequest(count: 8, model: "a100", scope: .total)),
        ("0", GPURequest(count: 0, scope: .total)),
    ])
    func gpuCounts(text: String, request: GPURequest) throws {
        #expect(try GPURequest.parse(count: text, scope: .total) == request)
    }

    @Test(arguments: ["", "a100", ":8", "a100:", "a:b:8", "8x", "-1"])
    func badGPUCounts(text: String) {
        #expect(throws: InvalidValue.self) { try GPURequest.parse(count: text, scope: .perNode) }
    }

    @Test(arguments: ["gpu:", "gpu::8", "gpu:a100:x", "gpu:a:b:8", "gpu:8x"])
    func badGresEntries(text: String) {
        #expect(throws: InvalidValue.self) { try GPURequest.parse(gresEntry: Substring(text)) }
    }

    @Test func nonGPUGresIsNotAGPURequest() throws {
        #expect(try GPURequest.parse(gresEntry: "nvme:1") == nil)
        #expect(try GPURequest.parse(gresEntry: "gpus:1") == nil)
    }
}

@Suite("Directive tokenizer")
struct DirectiveTokenizerTests {
    @Test(arguments: [
        (" --a=1  -b 2\t-c3", ["--a=1", "-b", "2", "-c3"]),
        ("", []),
        ("   ", []),
        (" # all comment", []),
        (" -J x # trailing comment", ["-J", "x"]),
        (" -J x# not a comment", ["-J", "x#", "not", "a", "comment"]),
        (" --comment='it''s' ", ["--comment=its"]),
        (" --comment='a \"b\" # c'", ["--comment=a \"b\" # c"]),
        (" --job-name=\"two words\"", ["--job-name=two words"]),
        (" -J \"a \\\"q\\\" \\\\ \\$HOME \\x\"", ["-J", "a \"q\" \\ $HOME \\x"]),
        (" -J two\\ words", ["-J", "two words"]),
        (" -J ''", ["-J", ""]),
        (" -J \"\"x", ["-J", "x"]),
        (" -J 'a'\"b\"c", ["-J", "abc"]),
        (" -J $HOME", ["-J", "$HOME"]),
        (" -J trailing\\", ["-J", "trailing\\"]),
        (" -J '#not-comment'", ["-J", "#not-comment"]),
    ])
    func splitsLikeAShell(text: String, words: [String]) throws {
        #expect(try DirectiveTokenizer.split(Substring(text)) == words)
    }

    @Test(arguments: [(" -J 'open", Character("'")), (" -J \"open", "\""), (" -J \"a\\\"", "\"")])
    func unterminatedQuotes(text: String, quote: Character) {
        #expect(throws: DirectiveTokenizer.UnterminatedQuote(quote: quote)) { try DirectiveTokenizer.split(Substring(text)) }
    }
}
