#!/usr/bin/env bash
# Builds an installable release of aisched into dist/:
#   dist/aisched_VERSION_ARCH.deb              Debian package (binaries in /usr/bin, units, configs, man pages,
#                                              completions); depends only on Debian's libraries
#   dist/aisched-VERSION-linux-ARCH.tar.gz     the same files under usr/local/ (with the units' paths to match)
# The binaries are release builds with the Swift runtime linked in (--static-swift-stdlib): a machine without the
# Swift toolchain runs them. scripts/check-package.sh installs the .deb into a fresh Debian root and runs it there.
#   scripts/package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
command -v dpkg-deb >/dev/null || { echo "dpkg-deb is needed (Debian's dpkg package)" >&2; exit 1; }

version=$(tr -d ' \n' < VERSION)
arch=$(dpkg --print-architecture)
products=(schedd nodeagent aisubmit)
# A scratch path of its own: the static-stdlib flags would otherwise rebuild the developer's release build.
scratch=.build-package
swiftflags=(-c release --static-swift-stdlib --scratch-path "$scratch")

echo "building ${products[*]} (release, static Swift runtime)" >&2
for product in "${products[@]}" generate-manual; do
  swift build "${swiftflags[@]}" --product "$product" >&2
done
bin=$(swift build "${swiftflags[@]}" --show-bin-path)
date=$(git log -1 --format=%cs 2>/dev/null || date +%F)   # the manual pages' date: the source's, so rebuilds match

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
stage_tree() { # $1: root of the tree, $2: prefix of the binaries (/usr or /usr/local)
  local root="$1" prefix="$2"
  install -d "$root$prefix/bin" "$root$prefix/share/man/man1" "$root$prefix/lib/systemd/system" \
    "$root$prefix/share/doc/aisched/examples" "$root$prefix/share/bash-completion/completions" \
    "$root$prefix/share/zsh/vendor-completions" "$root$prefix/share/fish/vendor_completions.d"
  for product in "${products[@]}"; do
    install -m 0755 "$bin/$product" "$root$prefix/bin/$product"
    strip --strip-unneeded "$root$prefix/bin/$product"   # debug info is most of a static-runtime binary
    "$bin/$product" --generate-completion-script bash > "$root$prefix/share/bash-completion/completions/$product"
    "$bin/$product" --generate-completion-script zsh > "$root$prefix/share/zsh/vendor-completions/_$product"
    "$bin/$product" --generate-completion-script fish > "$root$prefix/share/fish/vendor_completions.d/$product.fish"
    mkdir -p "$stage/man-$product"
    "$bin/generate-manual" "$bin/$product" --output-directory "$stage/man-$product" \
      --authors "the aisched developers" --date "$date" >/dev/null
    for page in "$stage/man-$product"/*.1; do gzip -9n < "$page" > "$root$prefix/share/man/man1/$(basename "$page").gz"; done
  done
  for unit in deploy/*.service; do
    sed "s#/usr/local/bin/#$prefix/bin/#g" "$unit" > "$root$prefix/lib/systemd/system/aisched-$(basename "$unit")"
  done
  # Slurm's command names (sbatch, squeue, …) as symlinks to aisubmit, for sites that put this directory on PATH.
  install -d "$root$prefix/lib/aisched/slurm-commands"
  for name in sbatch srun salloc squeue scancel sinfo scontrol sacct; do
    ln -sf ../../../bin/aisubmit "$root$prefix/lib/aisched/slurm-commands/$name"
  done
  install -m 0644 deploy/*.example deploy/*.example.json seeds/centre.json "$root$prefix/share/doc/aisched/examples/"
  install -m 0644 README.md "$root$prefix/share/doc/aisched/"
  install -m 0644 deploy/debian/copyright "$root$prefix/share/doc/aisched/copyright"
}

# Debian package.
deb="$stage/deb"
stage_tree "$deb" /usr
install -d -m 0755 "$deb/etc/aisched" "$deb/DEBIAN"
install -m 0644 deploy/schedd.env.example "$deb/etc/aisched/schedd.env"
install -m 0644 deploy/nodeagent.env.example "$deb/etc/aisched/nodeagent.env"
install -m 0644 deploy/schedd.config.example.json "$deb/etc/aisched/schedd.config.json"
printf '%s\n' /etc/aisched/schedd.env /etc/aisched/nodeagent.env /etc/aisched/schedd.config.json > "$deb/DEBIAN/conffiles"
install -m 0755 deploy/debian/postinst deploy/debian/postrm "$deb/DEBIAN/"

# Depends: the Debian package of every shared library the binaries load (never the Swift toolchain's).
depends=$(for product in "${products[@]}"; do ldd "$bin/$product"; done | awk '/=> \//{print $3}' | sort -u |
  while read -r lib; do
    owner=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null) ||
      { echo "$lib belongs to no Debian package: not a system library" >&2; exit 1; }
    echo "${owner%%:*}"
  done | sort -u | while read -r pkg; do
    echo "$pkg (>= $(dpkg-query -W -f='${Version}' "$pkg" | sed 's/-[^-]*$//'))"
  done | paste -sd, - | sed 's/,/, /g')
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" \
  -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$deb" | cut -f1)/" deploy/debian/control.in > "$deb/DEBIAN/control"
mkdir -p dist
dpkg-deb --root-owner-group --build "$deb" "dist/aisched_${version}_${arch}.deb" >&2

# Tarball: the same tree under usr/local, unpacked with `tar xzf … -C /`.
tree="$stage/tar"
stage_tree "$tree" /usr/local
tar czf "dist/aisched-${version}-linux-${arch}.tar.gz" --owner=0 --group=0 -C "$tree" .

echo "dist/aisched_${version}_${arch}.deb"
echo "dist/aisched-${version}-linux-${arch}.tar.gz"
