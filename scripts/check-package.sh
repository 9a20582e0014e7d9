#!/usr/bin/env bash
# Shows that the packaged binaries work on a machine without the Swift toolchain: debootstraps a minimal Debian
# into a throw-away folder, installs dist/aisched_*.deb there with apt (which pulls in only Debian's libraries),
# checks with ldd that every library the binaries load is a system one, and runs a small centre inside the root:
# schedd, one node agent, a submitted job and its output. Needs root (chroot, mount) and Debian's package
# registry; run scripts/package.sh first.
#   scripts/check-package.sh [dist/aisched_VERSION_ARCH.deb]
set -euo pipefail
cd "$(dirname "$0")/.."
deb=${1:-$(ls -t dist/aisched_*.deb 2>/dev/null | head -n 1)}
[ -f "$deb" ] || { echo "no .deb: run scripts/package.sh first" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "check-package.sh needs root (debootstrap, chroot, mount)" >&2; exit 1; }
if ! command -v debootstrap >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

# The Debian mirror and release this machine already uses.
mirror=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -E '^(URIs:|deb )' |
  grep -v security | grep -o 'https\?://[^ ]*' | head -n 1 || true)
[ -n "$mirror" ] || { echo "no Debian mirror found in /etc/apt/sources.list*" >&2; exit 1; }
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
cache=${AISCHED_ROOTFS_CACHE:-/var/tmp/aisched-rootfs-$suite.tar}
root=$(mktemp -d /var/tmp/aisched-check.XXXXXX)
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT

if [ -f "$cache" ]; then
  tar xf "$cache" -C "$root"
else
  echo "debootstrap $suite from $mirror (minbase, a few minutes)" >&2
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >/dev/null
  tar cf "$cache" -C "$root" .
fi
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/aisched.deb"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }

echo "installing $(basename "$deb") into a minimal $suite root" >&2
in_root apt-get install -y -qq /tmp/aisched.deb >/dev/null
in_root sh -c 'test ! -e /opt/swift && ! command -v swift' || { echo "the root has a Swift toolchain" >&2; exit 1; }

status=0
for tool in schedd nodeagent aisubmit; do
  libs=$(in_root ldd "/usr/bin/$tool")
  if echo "$libs" | grep -q "not found"; then echo "$tool: missing libraries:"; echo "$libs"; status=1; fi
  if echo "$libs" | awk '/=>/{print $3}' | grep -v -E '^/(usr/)?lib(64)?/' | grep -q .; then
    echo "$tool loads a library outside the system directories:"; echo "$libs"; status=1
  fi
  in_root "/usr/bin/$tool" --version
done
[ $status -eq 0 ] || exit 1
echo "ldd: every library of schedd, nodeagent and aisubmit is a system library (/lib, /usr/lib)"

# A small centre inside the root, on loopback: the installed binaries doing real work.
in_root sh -euc '
  # The job runs as an ordinary user, as on a centre: the agent refuses root and system accounts (--min-uid).
  useradd --uid 1500 --create-home ada
  state=/tmp/centre; mkdir -p $state /tmp/work; chown ada /tmp/work
  chmod 755 /   # the unpacked root keeps mktemp'"'"'s 0700, which would keep the job'"'"'s user out
  schedd accounts import --state-dir $state --file /usr/share/doc/aisched/examples/centre.json --add-member ada:demo-lab >/dev/null
  schedd --state-dir $state --listen 127.0.0.1:0 --heartbeat-seconds 1 > /tmp/schedd.log 2>&1 &
  schedd_pid=$!
  for i in $(seq 100); do [ -s $state/schedd.addr ] && break; sleep 0.1; done
  server=$(cat $state/schedd.addr)
  schedd token issue --state-dir $state --user node1 --role node > /tmp/node.token
  nodeagent --server $server --token-file /tmp/node.token --name node1 --spool-dir /tmp/spool > /tmp/agent.log 2>&1 &
  agent_pid=$!
  trap "kill $schedd_pid $agent_pid 2>/dev/null; wait" EXIT
  export AISCHED_SERVER=$server AISCHED_TOKEN=$(schedd token issue --state-dir $state --user ada --role user)
  sleep 2
  cd /tmp/work
  job=$(aisubmit submit --job-name packaged -- sh -c "echo hello from the packaged aisched" | grep -o "[0-9][0-9]*" | tail -n 1)
  aisubmit wait --timeout 60 $job || { cat /tmp/schedd.log /tmp/agent.log; exit 1; }
  aisubmit logs $job
  nodeagent discover
'
echo "the packaged schedd, nodeagent and aisubmit ran a job in a root without the Swift toolchain"
