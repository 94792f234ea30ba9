#!/usr/bin/env bash
# Outbound delivery benchmark (issue "Outbound delivery", section Benchmark): the queue is filled in
# offline mode with MESSAGES messages of SIZE bytes, switched online, and the drain to Postfix's
# smtp-sink on 127.0.0.1:$PORT is timed with each worker count of WORKERS; then smtp-source sends the
# same number of messages of the same size to the same sink with 16 sessions, as the reference of the
# same run. This is repeated RUNS times, alternating; the table shows every run and the medians.
# Each drain runs in a fresh process (the bench tool hosts the queue, the coordinator and the send
# workers with the node's runtime settings, src/NodeRuntime.props). WARMUP=N first drains N messages
# untimed in the same process, to measure a node whose send path is already compiled and warm.
# Usage: bash bench/delivery.sh   (RUNS=3 MESSAGES=20000 SIZE=10240 PORT=2627 WORKERS="1 4 16" WARMUP=0
#                                  BUILD_ROOT=... SKIP_BUILD=1)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_root="${BUILD_ROOT:-$root}"
RUNS="${RUNS:-3}"; MESSAGES="${MESSAGES:-20000}"; SIZE="${SIZE:-10240}"; PORT="${PORT:-2627}"
WORKERS="${WORKERS:-1 4 16}"; WARMUP="${WARMUP:-0}"
[ "${SKIP_BUILD:-0}" = 1 ] || dotnet build -c Release -nologo -v q "$build_root/bench/delivery" >/dev/null
dll="$build_root/bench/delivery/bin/Release/net10.0/ActorMail.DeliveryBench.dll"
work="$(mktemp -d "${TMPDIR:-/tmp}/actormail-deliverybench.XXXXXX")"
user=(); [ "$(id -u)" = 0 ] && user=(-u postfix)
/usr/sbin/smtp-sink -c "${user[@]}" "127.0.0.1:$PORT" 1000 >/dev/null 2>&1 &
sink=$!
trap 'kill $sink 2>/dev/null || true; rm -rf "$work"' EXIT
for i in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

for run in $(seq 1 "$RUNS"); do
  for w in $WORKERS; do
    timeout 1800 dotnet "$dll" --port "$PORT" --messages "$MESSAGES" --size "$SIZE" --workers "$w" --warmup "$WARMUP" \
      | tee "$work/am_${w}_$run.json" >&2
  done
  start=$(date +%s.%N)
  timeout 600 /usr/sbin/smtp-source -s 16 -l "$SIZE" -m "$MESSAGES" -c -f s@bench.local -t r@sink.example "127.0.0.1:$PORT" >/dev/null
  end=$(date +%s.%N)
  python3 -c "import sys; m=int(sys.argv[1]); d=float(sys.argv[3])-float(sys.argv[2]); print('{\"reference\": \"smtp-source -s 16\", \"messages\": %d, \"seconds\": %.2f, \"msgs_per_s\": %.1f}' % (m, d, m/d))" \
    "$MESSAGES" "$start" "$end" | tee "$work/ref_$run.json" >&2
done

WORK="$work" RUNS="$RUNS" WORKERS="$WORKERS" MESSAGES="$MESSAGES" SIZE="$SIZE" python3 - <<'PY'
import json, os, statistics
w, runs, workers = os.environ["WORK"], int(os.environ["RUNS"]), os.environ["WORKERS"].split()
def rate(name):
    try:
        return json.loads(open(os.path.join(w, name + ".json")).read().strip().splitlines()[-1])["msgs_per_s"]
    except (OSError, ValueError, KeyError, IndexError):
        return None
print("\nOutbound drain, %s messages of %s bytes to smtp-sink, msgs/s (every run, then the median):" % (os.environ["MESSAGES"], os.environ["SIZE"]))
rows = [("ActorMail, %s worker%s" % (n, "" if n == "1" else "s"), ["am_%s_%d" % (n, r) for r in range(1, runs + 1)]) for n in workers]
rows.append(("smtp-source -s 16 (reference)", ["ref_%d" % r for r in range(1, runs + 1)]))
medians = {}
for label, names in rows:
    rates = [rate(n) for n in names]
    got = [r for r in rates if r is not None]
    medians[label] = statistics.median(got) if got else None
    print("  %-32s %s   median %s" % (label, "  ".join("%7.0f" % r if r is not None else "      ?" for r in rates),
                                      "%.0f" % medians[label] if got else "?"))
top = "ActorMail, %s workers" % workers[-1]
ref = medians.get("smtp-source -s 16 (reference)")
if medians.get(top) and ref:
    print("  ratio %s / smtp-source: %.2f (aim: 0.5)" % (workers[-1] + " workers", medians[top] / ref))
PY
