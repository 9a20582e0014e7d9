import Foundation

/// A command line shown in the documentation: which file and line, which executable, and its arguments as the
/// shell would split them.
struct DocumentedCommand: CustomStringConvertible, Sendable {
    var file: String
    var line: Int
    var executable: String
    var arguments: [String]

    var description: String { "\(file):\(line): \(executable) \(arguments.joined(separator: " "))" }
}

/// Finds the command lines of our executables in the code blocks of Markdown files.
///
/// A line counts when, after an optional `$ ` prompt, `VAR=value` assignments and `time`/`sudo`/`exec`, its first
/// word is one of `executables` (also as `.build/release/NAME`, `.build/debug/NAME` or `swift run [-c MODE] NAME`).
/// Backslash continuations are joined; words are split with the shell's quoting; the command ends at an unquoted
/// comment, pipe, redirection, `;` or `&&`. Usage synopses (`[--option]`) and diagrams (box-drawing characters)
/// are not commands and are left out.
enum DocumentedCommands {
    static let executables: Set<String> = ["aisubmit", "schedd", "nodeagent", "schedbench"]

    static func extract(markdown: String, file: String) -> [DocumentedCommand] {
        var commands: [DocumentedCommand] = []
        let lines = markdown.components(separatedBy: "\n")
        var inShellBlock = false
        var inBlock = false
        var index = 0
        while index < lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                if inBlock {
                    inBlock = false
                } else {
                    inBlock = true
                    let language = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
                    inShellBlock = ["", "sh", "bash", "shell", "console"].contains(language)
                }
                index += 1
                continue
            }
            let first = index
            var text = trimmed
            while text.hasSuffix("\\"), index + 1 < lines.count {
                index += 1
                text = String(text.dropLast()) + " " + lines[index].trimmingCharacters(in: .whitespaces)
            }
            index += 1
            guard inBlock, inShellBlock, !isSynopsisOrDiagram(text) else { continue }
            if let command = command(in: text) {
                commands.append(DocumentedCommand(file: file, line: first + 1, executable: command.0, arguments: command.1))
            }
        }
        return commands
    }

    /// The executable and its arguments, when the line runs one of ours.
    static func command(in text: String) -> (String, [String])? {
        var words = shellWords(text.hasPrefix("$ ") ? String(text.dropFirst(2)) : text)[...]
        while let word = words.first, isAssignment(word) || ["time", "sudo", "exec"].contains(word) {
            words = words.dropFirst()
        }
        if words.first == "swift", words.dropFirst().first == "run" {
            words = words.dropFirst(2)
            while let word = words.first, word.hasPrefix("-") {
                words = words.dropFirst(word == "-c" || word == "--configuration" ? 2 : 1)
            }
        }
        guard let head = words.first else { return nil }
        let name = head.split(separator: "/").last.map(String.init) ?? head
        let isPath = head.contains("/")
        guard executables.contains(name), !isPath || head.hasPrefix(".build/") else { return nil }
        return (name, Array(words.dropFirst()))
    }

    static func isSynopsisOrDiagram(_ text: String) -> Bool {
        text.contains("[--") || text.unicodeScalars.contains { (0x2500...0x257F).contains($0.value) }
    }

    static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        return word[..<equals].allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }

    /// Splits like a POSIX shell without expansions: quotes group, backslashes escape, and an unquoted `#` at the
    /// start of a word, `|`, `;`, `&&`, `<` or `>` (with an fd number before it) ends the command.
    static func shellWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var characters = text[...]
        func finish() {
            if inWord { words.append(current) }
            current = ""
            inWord = false
        }
        while let character = characters.first {
            characters = characters.dropFirst()
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\", open == "\"", let next = characters.first, "\"\\$`".contains(next) {
                    current.append(next)
                    characters = characters.dropFirst()
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                inWord = true
            case "\\":
                if let next = characters.first { current.append(next); characters = characters.dropFirst() }
                inWord = true
            case " ", "\t":
                finish()
            case "#" where !inWord, "|", ";", "<", ">":
                if character == ">" || character == "<", inWord, current.allSatisfy(\.isNumber) {
                    current = ""
                    inWord = false
                }
                finish()
                return words
            case "&" where characters.first == "&":
                finish()
                return words
            default:
                current.append(character)
                inWord = true
            }
        }
        finish()
        return words
    }
}
