import Foundation
import PackagePlugin

/// Generates `BuildInfo.generated.swift` (version and git commit) before every build, so `--version` names the
/// exact source a binary was built from. A prebuild command because the commit is not a file SwiftPM could track
/// as an input; the script rewrites the file only when its text changes, so an unchanged tree recompiles nothing.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        return [.prebuildCommand(
            displayName: "Writing the version and commit of \(target.name)",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: [root.appending(path: "scripts/build-info.sh").path, root.path, output.path],
            outputFilesDirectory: output)]
    }
}
