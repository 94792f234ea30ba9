#!/usr/bin/env bash
# Durable write path of the core (issue "ActorMail core"), beside the disk's own fsync rate
# measured in the same run by ../shared/bench/fsync_probe.py.
#   bash bench/core.sh [messages] [producers] [mailboxes]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${ACTORMAIL_SHARED:-$root/../shared}"
messages="${1:-20000}"; producers="${2:-20}"; mailboxes="${3:-100}"
work="$(mktemp -d "${TMPDIR:-/tmp}/actormail-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
dotnet build "$root/bench/ActorMail.Bench" -c Release -nologo -v q >/dev/null
bench="$root/bench/ActorMail.Bench/bin/Release/net10.0/ActorMail.Bench.dll"
echo "== disk: fsync_probe.py (10 KB append+fsync) in $work"
python3 "$shared/bench/fsync_probe.py" --dir "$work" --secs 3 | python3 -c 'import json,sys; d=json.load(sys.stdin); print("  append+fsync: %d/s (p99 %.1f ms)" % (d["append_fsync"]["ops_per_s"], d["append_fsync"]["p99_us"]/1000))'
for run in 1 2 3; do
  echo "== ActorMail ingest, run $run"
  dotnet "$bench" ingest --messages "$messages" --producers "$producers" --mailboxes "$mailboxes" --dir "$work/ingest-$run"
done
echo "== ActorMail recovery of one mailbox with 100,000 messages"
dotnet "$bench" recovery --messages 100000 --dir "$work/recovery"
