#!/usr/bin/env bash
# Start or stop a local OpenSearch node (or an N-node cluster) from Maven Central jars: no Docker, no tarball.
#
#   scripts/opensearch.sh start [--nodes N] [--name NAME]   # prints the node URLs (comma-separated) as its last line
#   scripts/opensearch.sh stop [--name NAME]                # stops what `start --name NAME` started, removes its data
#   scripts/opensearch.sh status [--name NAME]
#
# The launcher (scripts/opensearch-launcher) is built with Maven once; the jars stay in ~/.m2. Every node binds to
# 127.0.0.1 only (the launcher skips OpenSearch's bootstrap checks, acceptable only on loopback), on free ports,
# with a ${OPENSEARCH_HEAP:-512m} heap and its data in a temporary folder. NAME (default "default") lets several
# clusters run side by side (CI runs a 1-node and a 3-node one).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
launcher="$here/opensearch-launcher"
jar="$launcher/target/opensearch-launcher-1.0.jar"
heap="${OPENSEARCH_HEAP:-512m}"
wait_s="${OPENSEARCH_START_TIMEOUT:-240}"

die() { echo "opensearch.sh: $*" >&2; exit 2; }

command=${1:-}
[ -n "$command" ] || die "usage: opensearch.sh start [--nodes N] [--name NAME] | stop [--name NAME] | status [--name NAME]"
shift
nodes=1
name=default
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=${2:?--nodes needs a number}; shift 2 ;;
    --nodes=*) nodes=${1#*=}; shift ;;
    --name) name=${2:?--name needs a value}; shift 2 ;;
    --name=*) name=${1#*=}; shift ;;
    *) die "unknown option '$1'" ;;
  esac
done
[[ "$nodes" =~ ^[1-9][0-9]*$ ]] || die "--nodes: '$nodes' is not a positive number"
[[ "$name" =~ ^[A-Za-z0-9_-]+$ ]] || die "--name: use letters, digits, - and _"
state="${OPENSEARCH_STATE_DIR:-${TMPDIR:-/tmp}/searchnews-opensearch-$(id -u)}/$name"

build() {
  if [ ! -f "$jar" ] || [ "$launcher/pom.xml" -nt "$jar" ] || [ -n "$(find "$launcher/src" -newer "$jar" -type f)" ]; then
    command -v mvn >/dev/null || die "Maven (mvn) is needed to build the launcher once"
    echo "opensearch.sh: building the launcher with Maven (downloads go to ~/.m2 once)" >&2
    mvn -q -B -f "$launcher/pom.xml" package -DskipTests >&2 || die "the Maven build failed"
  fi
}

free_ports() {  # N free loopback ports
  python3 - "$1" <<'PY'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    held.append(s)
print(" ".join(str(s.getsockname()[1]) for s in held))
PY
}

alive() { [ -f "$state/nodes.tsv" ] && while read -r _ pid _; do kill -0 "$pid" 2>/dev/null && return 0; done <"$state/nodes.tsv"; return 1; }

stop() {
  [ -f "$state/nodes.tsv" ] || { echo "opensearch.sh: nothing running under '$name'" >&2; rm -rf "$state"; return 0; }
  while read -r _ pid _; do kill "$pid" 2>/dev/null || true; done <"$state/nodes.tsv"
  for _ in $(seq 1 60); do alive || break; sleep 0.5; done
  while read -r _ pid _; do kill -9 "$pid" 2>/dev/null || true; done <"$state/nodes.tsv"
  rm -rf "$state"
  echo "opensearch.sh: stopped '$name'" >&2
}

start() {
  if alive; then die "'$name' is already running ($(tail -n1 "$state/url")); stop it first"; fi
  rm -rf "$state"
  build
  mkdir -p "$state"
  chmod 700 "$state"
  read -r -a ports <<<"$(free_ports $((nodes * 2)))"
  seeds="" masters=""
  for i in $(seq 0 $((nodes - 1))); do
    seeds+="${seeds:+,}127.0.0.1:${ports[$((nodes + i))]}"
    masters+="${masters:+,}node-$((i + 1))"
  done
  urls=""
  for i in $(seq 0 $((nodes - 1))); do
    node="node-$((i + 1))" http=${ports[$i]} transport=${ports[$((nodes + i))]}
    home="$state/$node"
    mkdir -p "$home"
    discovery=(-Ediscovery.type=single-node)
    if [ "$nodes" -gt 1 ]; then
      discovery=(-Ediscovery.seed_hosts="$seeds" -Ecluster.initial_cluster_manager_nodes="$masters")
    fi
    java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -Djava.io.tmpdir="$home" -Dlog4j2.disable.jmx=true \
      -cp "$jar:$launcher/target/lib/*" searchnews.launcher.LauncherNode \
      -Epath.home="$home" -Epath.data="$home/data" -Epath.logs="$home/logs" \
      -Ecluster.name="searchnews-$name" -Enode.name="$node" \
      -Enetwork.host=127.0.0.1 -Ehttp.port="$http" -Etransport.port="$transport" \
      -Ecluster.routing.allocation.disk.threshold_enabled=false "${discovery[@]}" \
      >"$home/node.log" 2>&1 </dev/null &
    echo "$node $! $http $transport" >>"$state/nodes.tsv"
    urls+="${urls:+,}http://127.0.0.1:$http"
  done
  first=${urls%%,*}
  deadline=$((SECONDS + wait_s))
  until curl -fsS "$first/_cluster/health?wait_for_status=green&wait_for_nodes=$nodes&timeout=5s" >/dev/null 2>&1; do
    if ! alive || [ $SECONDS -ge $deadline ]; then
      for log in "$state"/node-*/node.log; do echo "--- $log" >&2; tail -n 20 "$log" >&2; done
      stop
      die "the node(s) did not become healthy within ${wait_s}s"
    fi
    sleep 1
  done
  echo "$urls" >"$state/url"
  echo "opensearch.sh: '$name' up: $nodes node(s), green; state and data in $state" >&2
  echo "$urls"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) if alive; then cat "$state/url"; else echo "opensearch.sh: '$name' is not running" >&2; exit 1; fi ;;
  build) build ;;
  *) die "unknown command '$command' (start, stop, status, build)" ;;
esac
