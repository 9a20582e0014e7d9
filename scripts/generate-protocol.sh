#!/usr/bin/env bash
# Regenerates the committed protocol code from Sources/SchedulerProtocol/aisched.proto, the one source of the wire
# format's payloads:
#   Sources/SchedulerProtocol/Generated/aisched.pb.swift     the Swift types (swift-protobuf's protoc-gen-swift)
#   Sources/SchedulerProtocol/Generated/aisched+Names.swift  their aisched names and WireMessage conformances,
#                                                            and the fingerprint of the .proto they came from
#   clients/python/aisched_client/aisched_pb2.py             the Python types (protoc's own Python generator)
#
# The build never runs this: the generated files are committed, so neither CI nor a developer's build compiles the
# protoc plugin (that took 9.5 minutes). Run it after editing the .proto and commit what it changed; the test
# "the generated code is up to date with aisched.proto" fails until you do.
#
# Needs protoc (Debian's protobuf-compiler, installed if missing) and builds protoc-gen-swift once, at the
# swift-protobuf version Package.swift depends on, in a scratch folder outside the package
# ($PROTOC_GEN_SWIFT_DIR, default /tmp/protoc-gen-swift).
set -euo pipefail
cd "$(dirname "$0")/.."

swift_protobuf_version=1.39.0
plugin_dir="${PROTOC_GEN_SWIFT_DIR:-/tmp/protoc-gen-swift}"
proto_dir=Sources/SchedulerProtocol
swift_out=Sources/SchedulerProtocol/Generated
python_out=clients/python/aisched_client

if ! command -v protoc >/dev/null; then
  echo "installing protobuf-compiler (protoc)" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq protobuf-compiler >/dev/null
fi

plugin="$plugin_dir/.build/release/protoc-gen-swift"
if [ ! -x "$plugin" ] || [ "$("$plugin" --version 2>/dev/null)" != "protoc-gen-swift $swift_protobuf_version" ]; then
  echo "building protoc-gen-swift $swift_protobuf_version in $plugin_dir (once; several minutes)" >&2
  rm -rf "$plugin_dir"
  git clone --quiet --depth 1 --branch "$swift_protobuf_version" https://github.com/apple/swift-protobuf "$plugin_dir"
  swift build -c release --product protoc-gen-swift --package-path "$plugin_dir"
fi

mkdir -p "$swift_out" "$python_out"
protoc --proto_path="$proto_dir" \
  --plugin=protoc-gen-swift="$plugin" --swift_opt=Visibility=Public --swift_out="$swift_out" \
  --python_out="$python_out" \
  "$proto_dir/aisched.proto"

python3 scripts/protocol-names.py "$proto_dir/aisched.proto" > "$swift_out/aisched+Names.swift"
echo "regenerated $swift_out and $python_out/aisched_pb2.py from $proto_dir/aisched.proto ($(protoc --version), protoc-gen-swift $swift_protobuf_version)" >&2
