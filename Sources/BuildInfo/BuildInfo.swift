/// What a binary was built from: `version` (the VERSION file) and `commit` (git, at build time) are written by
/// the BuildInfo plugin (scripts/build-info.sh) into a generated extension of this type.
public enum BuildInfo {
    /// The text every executable prints for `--version`, e.g. `0.9.0 (commit 67a1c5c0d2e4)`.
    public static var versionText: String { "\(version) (commit \(commit))" }
}
