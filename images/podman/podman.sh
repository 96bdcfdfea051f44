# Sourced by plantops' image scripts: how podman is called here (the Java side of the same rules is
# io.plantops.images.Podman). As root on these machines, podman needs runc and cgroupfs and no
# default ulimits (containers.conf beside this file); elsewhere podman's own settings apply.
podman_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$podman_dir/containers.conf}"
PODMAN_FLAGS=()
if [ "$(id -u)" = 0 ] && [ -x /usr/sbin/runc ]; then
  PODMAN_FLAGS=(--runtime /usr/sbin/runc --cgroup-manager cgroupfs)
fi

pm() {
  podman "${PODMAN_FLAGS[@]}" "$@"
}

# Prints why podman cannot build or run images here, or nothing when it can.
podman_unusable_reason() {
  if ! command -v podman >/dev/null 2>&1; then
    echo "podman is not installed (Debian: apt-get install podman runc; .ci/run does it)"
    return
  fi
  local err
  if ! err="$(pm info --format '{{.Host.OCIRuntime.Name}}' 2>&1)"; then
    echo "podman info fails: $(echo "$err" | tail -1)"
    return
  fi
}
