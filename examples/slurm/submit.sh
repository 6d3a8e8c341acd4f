#!/bin/bash
# Queues the shards (a job array) and the merge, which waits for every shard to end
# well. Run from the folder the scenario paths are relative to; settings as in
# shards.sbatch and merge.sbatch, for example:
#   SCENARIOS=scenarios/growth-stage.toml TRIALS=2000 examples/slurm/submit.sh
# Extra arguments go to the array's sbatch (--array=0-31 for 32 shards, say).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

array=$(sbatch --parsable "$@" "$here/shards.sbatch")
array=${array%%;*} # `--parsable` may add ";cluster"
merge=$(sbatch --parsable --dependency="afterok:$array" "$here/merge.sbatch")
merge=${merge%%;*}
echo "shards: job $array; merge: job $merge, into ${RESULTS:-results}"
