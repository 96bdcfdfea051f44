#!/usr/bin/env bash
# Builds plantops' OCI images with podman from the jars that Maven built:
#   plantops/operator, plantops/inference-server, plantops/opcua-connector, plantops/plant-simulator
#
#   images/build.sh [--version V] [--revision R] [--base auto|debian|IMAGE] [--out DIR] [NAME...]
#
# The base (--base, or PLANTOPS_IMAGE_BASE):
#   auto    (default) the pinned maintained JRE image below when podman has it or can pull it;
#           where no registry is reachable, the Debian base made here (see base/make-base.sh)
#   debian  always the Debian base made here, from openjdk-17-jre-headless by mmdebstrap
#   IMAGE   any glibc JRE 17 image reference, e.g. registry.example/jre17@sha256:...
# Everything above the base is the same Containerfile, whichever base.
#
# Each image is tagged localhost/plantops/NAME:VERSION and ghcr.io/plantops/NAME:VERSION (the
# chart's default repositories). Writes OUT/NAME.inspect.json (the image config as podman sees it)
# and OUT/NAME.cdx.json (its CycloneDX SBOM), and OUT/images.txt (one reference per line).
# Exits 3 when podman is not usable on this machine, with the reason on stderr and in
# OUT/unavailable.txt (the container tests skip with it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=images/podman/podman.sh
source "$here/podman/podman.sh"

# The maintained default base: Eclipse Temurin 17 JRE on Ubuntu (glibc, for ONNX Runtime), pinned
# by digest. Update the digest with: skopeo inspect docker://docker.io/library/eclipse-temurin:17-jre-jammy
DEFAULT_BASE="docker.io/library/eclipse-temurin:17-jre-jammy@sha256:475d8e96b4b2bfe08999e5e854755c773af1581acdf959a4545d88f0696a2339"

version=""
revision=""
base="${PLANTOPS_IMAGE_BASE:-auto}"
out="$here/target"
names=()
while (($#)); do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --revision) revision="$2"; shift 2 ;;
    --base) base="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    -*) echo "images: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
((${#names[@]})) || names=(operator inference-server opcua-connector plant-simulator)
if [ -z "$version" ]; then
  version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
fi
if [ -z "$revision" ]; then
  revision="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
  if [ "$revision" != unknown ] && [ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ]; then
    revision="$revision-dirty"
  fi
fi

if ! reason="$(podman_unusable_reason)"; then :; fi
rm -f "$out/unavailable.txt"
if [ -n "$reason" ]; then
  echo "images: not built: $reason" >&2
  mkdir -p "$out"
  echo "$reason" >"$out/unavailable.txt"
  rm -f "$out/images.txt"
  exit 3
fi

case "$base" in
  auto)
    if pm image exists "$DEFAULT_BASE" || pm pull -q "$DEFAULT_BASE" >/dev/null 2>&1; then
      base="$DEFAULT_BASE"
    else
      echo "images: cannot pull $DEFAULT_BASE (no registry reachable): using the Debian base" >&2
      base="$("$here/base/make-base.sh")"
    fi
    ;;
  debian) base="$("$here/base/make-base.sh")" ;;
esac
echo "images: base $base, version $version, revision $revision"

# module, jar glob, SBOM of the module (cyclonedx-maven-plugin)
artifact() {
  case "$1" in
    operator) echo "operator/controller plantops-operator-*-exec.jar" ;;
    inference-server) echo "inference-server/server plantops-inference-server-*-exec.jar" ;;
    opcua-connector) echo "connectors/opcua-connector plantops-opcua-connector-*-all.jar" ;;
    plant-simulator) echo "connectors/plant-simulator plantops-plant-simulator-*-all.jar" ;;
    *) echo "images: unknown image $1 (operator, inference-server, opcua-connector, plant-simulator)" >&2; return 1 ;;
  esac
}

mkdir -p "$out"
: > "$out/images.txt.tmp"
for name in "${names[@]}"; do
  read -r module glob <<<"$(artifact "$name")"
  jar="$(find "$root/$module/target" -maxdepth 1 -name "$glob" ! -name 'original-*' 2>/dev/null | sort | tail -1)"
  sbom="$root/$module/target/plantops-sbom.cdx.json"
  if [ -z "$jar" ]; then
    echo "images: $name: no $module/target/$glob; build it first: ./mvnw -B -DskipTests -pl $module -am package" >&2
    exit 1
  fi
  if [ ! -f "$sbom" ]; then
    # cyclonedx-maven-plugin's makeBom runs in online builds only (it is marked requiresOnline;
    # CycloneDX/cyclonedx-maven-plugin#439): an offline build (-o) skips it with a warning
    reason="no SBOM in $module/target (the CycloneDX plugin runs only in an online Maven build, without -o)"
    echo "images: not built: $reason" >&2
    echo "$reason" >"$out/unavailable.txt"
    rm -f "$out/images.txt"
    exit 3
  fi
  ctx="$out/context/$name"
  rm -rf "$ctx"
  mkdir -p "$ctx/rootfs/var/lib/plantops"
  cp "$jar" "$ctx/app.jar"
  cp "$sbom" "$ctx/sbom.cdx.json"
  cp "$here/$name/Containerfile" "$ctx/Containerfile"
  local_ref="localhost/plantops/$name:$version"
  pm build -q --pull=never \
    --build-arg "BASE=$base" \
    --build-arg "VERSION=$version" \
    --build-arg "REVISION=$revision" \
    -t "$local_ref" -t "ghcr.io/plantops/$name:$version" \
    -f "$ctx/Containerfile" "$ctx" >/dev/null
  pm image inspect "$local_ref" >"$out/$name.inspect.json"
  cp "$sbom" "$out/$name.cdx.json"
  echo "$local_ref" >>"$out/images.txt.tmp"
  echo "images: built $local_ref ($(pm image inspect --format '{{.Size}}' "$local_ref") bytes)"
done
mv "$out/images.txt.tmp" "$out/images.txt"
