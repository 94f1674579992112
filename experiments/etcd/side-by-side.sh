#!/usr/bin/env bash
# Raft backend vs a 3-member etcd on this machine, same run, same shape: 3 members on loopback, fsync on,
# 100-byte values, closed loop at 1 / 16 / 64 requests in flight; puts, linearizable gets (raft: through the log, the
# default, and with Ratis's ReadIndex), stale gets.
#
#   experiments/etcd/side-by-side.sh [WARMUP_S] [DURATION_S]       # defaults: 30 s warm-up, 15 s measured
#
# Every `bench kv` run starts new node JVMs; the warm-up is what lets their JIT compile the write path
# (with 3 s, most of a 1-in-flight raft run is measured on interpreted code: docs/benchmarks.md).
#   BACKENDS=raft,leaderless experiments/etcd/side-by-side.sh    # more ReplicaLab backends in the same run
#   JIT=c1 experiments/etcd/side-by-side.sh                      # C1 only in every JVM (default: tiered, C2 as in production)
# At 1 in flight it also measures bare Ratis (experiments/ratis-floor/BareRatis.java: the same Ratis settings, a state
# machine that does nothing): the floor that the raft backend's write cannot go below.
#
# Needs `etcd` on the PATH (Debian: apt-get install etcd-server) and the ReplicaLab jar
# (mvn -B -ntp -q -DskipTests package). Builds the etcd load generator (experiments/etcd/bench) on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
warmup="${1:-30}"
duration="${2:-15}"
backends="${BACKENDS-raft}"   # BACKENDS= (empty) measures etcd alone

if ! command -v etcd > /dev/null; then
  echo "side-by-side: etcd is not installed: install Debian's etcd-server (apt-get install etcd-server) and rerun" >&2
  exit 2
fi
if [[ ! -f "$root/cli/target/replicalab.jar" ]]; then
  echo "side-by-side: $root/cli/target/replicalab.jar is missing: run 'mvn -B -ntp -q -DskipTests package' in $root" >&2
  exit 2
fi
bench_jar="$here/bench/target/etcd-bench.jar"
if [[ ! -f "$bench_jar" ]]; then
  (cd "$here/bench" && mvn -B -ntp -q -DskipTests package)
fi

# Free loopback ports, asked of the kernel (bind to port 0), so nothing here collides with a running service.
free_ports() {
  python3 -c "import socket,sys
socks=[socket.socket() for _ in range(int(sys.argv[1]))]
[s.bind(('127.0.0.1',0)) for s in socks]
print(' '.join(str(s.getsockname()[1]) for s in socks))" "$1"
}

work="$(mktemp -d -t replicalab-etcd-XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2> /dev/null || true; done
  wait 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

read -r -a ports <<< "$(free_ports 6)"
cluster=""
for i in 0 1 2; do
  cluster+="${cluster:+,}e$i=http://127.0.0.1:${ports[$((3 + i))]}"
done
endpoints=""
for i in 0 1 2; do
  endpoints+="${endpoints:+,}http://127.0.0.1:${ports[$i]}"
  etcd --name "e$i" --data-dir "$work/e$i" \
    --listen-client-urls "http://127.0.0.1:${ports[$i]}" --advertise-client-urls "http://127.0.0.1:${ports[$i]}" \
    --listen-peer-urls "http://127.0.0.1:${ports[$((3 + i))]}" --initial-advertise-peer-urls "http://127.0.0.1:${ports[$((3 + i))]}" \
    --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token replicalab \
    --log-level error > "$work/e$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 100); do
  if ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint health > /dev/null 2>&1; then break; fi
  sleep 0.2
done
ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint health > /dev/null 2>&1 || { echo "side-by-side: etcd did not become healthy; logs in $work" >&2; cat "$work"/e*.log >&2; exit 1; }

# One JIT setting for every JVM here (both load generators, the node JVMs, bare Ratis). Tiered (the JVM's default, C2 as
# long-lived servers run) needs the long warm-up; C1 only (ProcessCluster's default for short scenario runs) is
# compiled within seconds but its code is slower (docs/benchmarks.md, "Fifth slice").
jit="${JIT:-tiered}"
case "$jit" in
  tiered) level=4 ;;
  c1) level=1 ;;
  *) echo "side-by-side: JIT=$jit is not known: use JIT=tiered (default) or JIT=c1" >&2; exit 2 ;;
esac
export JAVA_OPTS="${JAVA_OPTS:--XX:TieredStopAtLevel=$level}"
export REPLICALAB_NODE_JVM_OPTS="-XX:TieredStopAtLevel=$level"
export NODE_JVM_OPTS="-XX:TieredStopAtLevel=$level"
echo "# etcd $(etcd --version | sed -n 1p | awk '{print $3}') x3 on loopback vs replicalab ${backends} x3 (processes); ${warmup}s warm-up, ${duration}s measured per phase; JIT $jit"
for n in 1 16 64; do
  echo "## in flight: $n"
  java $JAVA_OPTS -Djava.util.logging.config.file=/dev/null -jar "$bench_jar" "$endpoints" "$n" "$warmup" "$duration"
  if [[ "$n" == 1 && ",$backends," == *",raft,"* ]]; then
    java $JAVA_OPTS -cp "$root/cli/target/replicalab.jar" "$root/experiments/ratis-floor/BareRatis.java" "$warmup" "$duration" \
      > "$work/bare-ratis.log" 2>&1 || { echo "side-by-side: bare Ratis failed:" >&2; tail -20 "$work/bare-ratis.log" >&2; }
    grep '^bare ratis' "$work/bare-ratis.log" || true
  fi
  for b in ${backends//,/ }; do
    "$root/bin/replicalab" bench kv --backend "$b" --processes --in-flight "$n" --warmup-s "$warmup" --duration-s "$duration" \
      | grep -E '^(writes|reads)' | sed "s/^/$b /"
    "$root/bin/replicalab" bench kv --backend "$b" --processes --in-flight "$n" --warmup-s "$warmup" --duration-s "$duration" \
      --stale-reads | grep -E '^reads' | sed "s/^/$b stale-/"
    if [[ "$b" == raft ]]; then
      # Raft's default linearizable get is a log entry (linearizable-reads: log); Ratis's ReadIndex is faster but lets a
      # deposed leader answer from its old state (docs/decisions.md, "Known flaw"): measured too, for comparison.
      "$root/bin/replicalab" bench kv --backend raft --processes --in-flight "$n" --warmup-s "$warmup" --duration-s "$duration" \
        --set linearizable-reads=read-index | grep -E '^reads' | sed "s/^/raft read-index-/"
    fi
  done
done
