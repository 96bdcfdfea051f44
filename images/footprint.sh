#!/usr/bin/env bash
# Per-plant footprint of the workload images, measured in their containers: prints figures, asserts
# nothing (docs/benchmarks.md). Runs ./sandbox --containers with the Lyon plant only and samples
# the inference server's and the connector's containers:
#   start to ready  container start (podman's StartedAt) to the first 200 of its readiness probe
#   RSS             VmRSS of the JVM (the container's PID 1), from /proc on the host
#   heap            used and committed Java heap, from jcmd GC.heap_info against that JVM
#
#   images/footprint.sh [--fast] [--idle SECONDS] [--load SECONDS]
# Needs the jars and images built (./mvnw -B -DskipTests -pl e2e,images -am package) and a JDK's
# jcmd on the host (the images carry a JRE only).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$here/podman/podman.sh"
fast=""
idle=30
load=180
while (($#)); do
  case "$1" in
    --fast) fast="--fast"; shift ;;
    --idle) idle="$2"; shift 2 ;;
    --load) load="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work="$root/images/target/footprint"
mkdir -p "$work"
jcmd="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/jcmd"
command -v "$jcmd" >/dev/null 2>&1 || jcmd="$(command -v jcmd || true)"

java -Dplantops.root="$root" -jar "$root/e2e/target/plantops-sandbox.jar" \
  --containers --plants lyon --port 0 --work-dir "$work/sandbox" --interval 3600 $fast \
  >"$work/sandbox.out" 2>&1 &
sandbox=$!
trap 'kill -TERM $sandbox 2>/dev/null; wait $sandbox 2>/dev/null || true' EXIT

names=(plantops-sandbox-plant-lyon-lyon-inference plantops-sandbox-plant-lyon-lyon-connector)
declare -A ready_ms
for name in "${names[@]}"; do
  until pm container exists "$name" 2>/dev/null && [ "$(pm inspect --format '{{.State.Running}}' "$name")" = true ]; do
    kill -0 $sandbox 2>/dev/null || { echo "sandbox exited; see $work/sandbox.out" >&2; exit 1; }
    sleep 0.2
  done
done
for name in "${names[@]}"; do
  port="$(pm inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$name" | sed -n 's/^PLANTOPS_HTTP_PORT=//p')"
  until curl -fs -o /dev/null "http://127.0.0.1:$port/v2/health/ready"; do sleep 0.1; done
  now_ms=$(date +%s%3N)
  started="$(pm inspect --format '{{.State.StartedAt.UnixMilli}}' "$name" 2>/dev/null || true)"
  if [ -z "$started" ] || ! [[ "$started" =~ ^[0-9]+$ ]]; then
    started=$(date -d "$(pm inspect --format '{{.State.StartedAt}}' "$name" | sed 's/ +0000 UTC//;s/ UTC$//')" +%s%3N)
  fi
  ready_ms[$name]=$((now_ms - started))
done

sample() { # label
  local total=0
  for name in "${names[@]}"; do
    local pid rss heap
    pid="$(pm inspect --format '{{.State.Pid}}' "$name")"
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    heap="n/a"
    if [ -n "$jcmd" ]; then
      # every generation's (Serial, Parallel) or the whole heap's (G1) "total NK, used MK"
      heap="$("$jcmd" "$pid" GC.heap_info 2>/dev/null | awk '
        /generation +total|garbage-first heap +total|PSYoungGen +total|ParOldGen +total/ {
          for (i = 1; i <= NF; i++) {
            if ($i == "total") { t += $(i + 1) + 0 }
            if ($i == "used") { u += $(i + 1) + 0 }
          }
        }
        /Metaspace/ { for (i = 1; i <= NF; i++) if ($i == "used") m = $(i + 1) + 0 }
        END { if (t > 0) printf "used %d MiB of %d MiB committed, metaspace %d MiB", u / 1024, t / 1024, m / 1024 }' || true)"
      [ -n "$heap" ] || heap="n/a"
    fi
    total=$((total + rss))
    printf '%-8s %-45s RSS %6d MiB   heap: %s\n' "$1" "$name" $((rss / 1024)) "$heap"
  done
  printf '%-8s %-45s RSS %6d MiB\n' "$1" "both (per plant)" $((total / 1024))
}

echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1)"
for name in "${names[@]}"; do
  echo "start to ready: $name ${ready_ms[$name]} ms"
done
sleep "$idle"
sample idle
sleep "$load"
sample load
echo "images:"
pm images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^localhost/plantops/' | sort
