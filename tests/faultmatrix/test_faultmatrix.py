"""The fixed seeds of the fault-injection matrix (`make faultmatrix`, part of `make test`).

Each (seed, trial) is one test: a real ansible-playbook run under an injected fault, then the invariants of
matrix.INVARIANTS. A failure prints the trial's parameters; reproduce it with
`tests/faultmatrix/run.py --seed S --trial N --keep`. `make faultmatrix-long` runs hundreds of trials.
"""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import matrix  # noqa: E402

SEEDS = [int(s) for s in os.environ.get("FAULTMATRIX_SEEDS", "1,2,3").split(",")]
TRIALS = int(os.environ.get("FAULTMATRIX_TRIALS", "4"))


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    emu = matrix.start_emulator(state_dir=tmp_path_factory.mktemp("fm-emu"))
    yield matrix.Pair(emu)
    emu.stop()


@pytest.mark.timeout(600)
@pytest.mark.parametrize("seed,trial", [(s, n) for s in SEEDS for n in range(TRIALS)],
                         ids=str)
def test_trial(pair, seed, trial, tmp_path):
    if pair.emu.process.poll() is not None:
        pytest.fail("the emulator died in an earlier trial")
    t = matrix.draw(seed, trial)
    print(t.label())
    result = matrix.run_trial(pair, t, tmp_path)
    assert not result["violations"], "%s (rc=%s, re-run rc=%s; reproduce: tests/faultmatrix/run.py --seed %d --trial %d " \
        "--keep)\n%s" % (t.label(), result["rc"], result["rerun_rc"], seed, trial, "\n".join(
            "  %s: %s" % (k, "; ".join(e)) for k, e in result["violations"].items()))
