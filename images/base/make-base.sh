#!/usr/bin/env bash
# Makes the Debian JRE base image where no container registry is reachable: Debian bookworm with
# openjdk-17-jre-headless (glibc, for ONNX Runtime), made by mmdebstrap from Debian's packages and
# imported into podman. Prints the image reference on stdout.
#
# Made once per recipe: the tag carries a digest of this script, so an image with that tag is
# reused and a change to the recipe makes a new one. PLANTOPS_BASE_REBUILD=1 forces a new one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=images/podman/podman.sh
source "$here/../podman/podman.sh"

suite=bookworm
recipe_digest="$(sha256sum "$0" | cut -c1-12)"
ref="localhost/plantops/jre-base:debian-$suite-$recipe_digest"
if [ "${PLANTOPS_BASE_REBUILD:-0}" != 1 ] && pm image exists "$ref"; then
  echo "$ref"
  exit 0
fi
if ! command -v mmdebstrap >/dev/null 2>&1; then
  echo "images: mmdebstrap is not installed (Debian: apt-get install mmdebstrap; .ci/run does it)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "images: making $ref with mmdebstrap (once per recipe) ..." >&2
# essential + the JRE: no apt, no shell tools beyond Debian's essential set; documentation, man
# pages and locales are left out (man1/ stays: the JRE's update-alternatives links into it). 65532
# is the non-root user every plantops container runs as.
# Downloaded .debs are kept in $cache and reused by the next recipe (mmdebstrap's own recipe).
cache="${XDG_CACHE_HOME:-$HOME/.cache}/plantops/debs"
mkdir -p "$cache"
mmdebstrap --quiet --variant=essential --format=tar \
  --include=openjdk-17-jre-headless,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --skip=download/empty --skip=essential/unlink \
  --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
  --setup-hook="sync-in $cache /var/cache/apt/archives/" \
  --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
  --customize-hook="sync-out /var/cache/apt/archives $cache" \
  --customize-hook='echo "nonroot:x:65532:65532:nonroot:/tmp:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "nonroot:x:65532:" >> "$1/etc/group"' \
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*' \
  "$suite" "$work/rootfs.tar" >&2
pm import \
  --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'LABEL org.opencontainers.image.description="Debian bookworm with openjdk-17-jre-headless, made by mmdebstrap"' \
  --change 'LABEL org.opencontainers.image.licenses="GPL-2.0-with-classpath-exception AND various (Debian)"' \
  "$work/rootfs.tar" "$ref" >/dev/null
echo "$ref"
