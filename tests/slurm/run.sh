#!/usr/bin/env bash
# The Slurm recipe on a real Slurm: starts a one-node cluster on this machine (munged,
# slurmctld, slurmd, all on the loopback address), submits examples/slurm/shards.sbatch
# as an array of four tasks and examples/slurm/merge.sbatch after it, and compares
# the merged results with one run on this machine, byte for byte. Stops the daemons
# it started, by their pid files, however it ends.
#
# Needs root and Debian's slurm-wlm and munge (.ci/run installs them). Usage:
#   tests/slurm/run.sh [ORGSIM]   (default: target/release/orgsim, built first)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

if [ "$(id -u)" -ne 0 ]; then
  echo "slurm test: must run as root (it starts munged, slurmctld and slurmd)" >&2
  exit 1
fi
for tool in munged slurmctld slurmd sbatch sinfo runuser; do
  if ! command -v "$tool" >/dev/null; then
    echo "slurm test: $tool not found; apt-get install slurm-wlm munge" >&2
    exit 1
  fi
done

if [ $# -ge 1 ]; then
  orgsim=$(realpath "$1")
else
  cargo build --release --quiet
  orgsim=$repo/target/release/orgsim
fi

started=$(date +%s)
state=$(mktemp -d /tmp/orgsim-slurm.XXXXXX)
chmod 755 "$state"
node=$(hostname -s)
conf=$state/slurm.conf
export SLURM_CONF=$conf

stop_daemons() {
  # Each daemon by the pid file it wrote; nothing else is touched.
  for pidfile in "$state/slurmd.pid" "$state/slurmctld.pid" "$state/munge/munged.pid"; do
    if [ -s "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
    fi
  done
  for pidfile in "$state/slurmd.pid" "$state/slurmctld.pid" "$state/munge/munged.pid"; do
    for _ in $(seq 50); do
      [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null || break
      sleep 0.1
    done
  done
}
on_exit() {
  status=$?
  stop_daemons
  if [ "$status" -ne 0 ]; then
    for log in "$state"/*.log "$state"/work/*.log; do
      [ -f "$log" ] && { echo "--- $log"; tail -n 30 "$log"; }
    done >&2
  fi
  rm -rf "$state"
  exit "$status"
}
trap on_exit EXIT

# munged, as the munge user, with a key and socket of its own.
# Its folder is the munge user's; others may pass through it to the socket.
mkdir -p "$state/munge"
chown munge:munge "$state/munge"
chmod 711 "$state/munge"
runuser -u munge -- mungekey --create --keyfile="$state/munge/munge.key"
runuser -u munge -- munged \
  --key-file="$state/munge/munge.key" \
  --socket="$state/munge/munge.sock" \
  --pid-file="$state/munge/munged.pid" \
  --log-file="$state/munge/munged.log" \
  --seed-file="$state/munge/munged.seed"

mkdir -p "$state/ctld" "$state/d" "$state/work"
cat >"$conf" <<EOF
ClusterName=orgsim-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$state/munge/munge.sock
CredType=cred/munge
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -c -f "$conf"
slurmd -f "$conf" -N "$node"

echo "slurm test: waiting for the node"
for _ in $(seq 60); do
  node_state=$(sinfo -h -n "$node" -o %t 2>/dev/null || true)
  [ "$node_state" = idle ] && break
  sleep 1
done
if [ "$node_state" != idle ]; then
  echo "slurm test: the node is ${node_state:-unknown}, not idle, after 60 s" >&2
  exit 1
fi
echo "slurm test: cluster up after $(($(date +%s) - started)) s"

# The shipped recipe, as submit.sh queues it: an array, then the merge after it.
scenario=$repo/scenarios/when-to-split.toml
trials=3
cd "$state/work"
export ORGSIM=$orgsim SCENARIOS=$scenario TRIALS=$trials
export PARTS=$state/work/parts RESULTS=$state/work/merged
array=$(sbatch --parsable --wait --array=0-3 "$repo/examples/slurm/shards.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --wait --dependency="afterok:$array" "$repo/examples/slurm/merge.sbatch")
merge=${merge%%;*}
echo "slurm test: array job $array and merge job $merge done"

parts=$(find "$PARTS" -mindepth 1 -maxdepth 1 -type d | wc -l)
if [ "$parts" -ne 4 ]; then
  echo "slurm test: $parts parts written, not 4" >&2
  exit 1
fi
"$orgsim" run "$scenario" --trials "$trials" --out "$state/work/whole" --quiet
compared=0
for file in "$state/work/whole"/*; do
  name=$(basename "$file")
  if ! cmp "$file" "$RESULTS/$name"; then
    echo "slurm test: $name differs between the merge and one run" >&2
    exit 1
  fi
  compared=$((compared + 1))
done
if [ "$compared" -lt 7 ]; then
  echo "slurm test: only $compared files written by one run" >&2
  exit 1
fi
echo "slurm test: ok, $compared files of the merge equal one run's, in $(($(date +%s) - started)) s"
