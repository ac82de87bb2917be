"""Seeded fault-injection runner (see docs/dev/fault-matrix.md).

    run.py --seeds 1,2,3 --trials 20 [--jobs 2] [--json out.json] [--keep]
    run.py --seed 7 --trial 4          # reproduce one trial
"""

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import matrix  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="1", help="comma-separated seeds, or A-B")
    ap.add_argument("--trials", type=int, default=10, help="trials per seed")
    ap.add_argument("--seed", type=int, help="one seed (with --trial: one trial)")
    ap.add_argument("--trial", type=int, help="one trial number")
    ap.add_argument("--jobs", type=int, default=1, help="parallel workers, one emulator each")
    ap.add_argument("--json", help="write every trial's result here")
    ap.add_argument("--keep", action="store_true", help="keep every trial's directory (else only failing ones)")
    ap.add_argument("--workdir", help="where trial directories go (default: a temp dir)")
    args = ap.parse_args(argv)
    if args.seed is not None:
        seeds = [args.seed]
    elif "-" in args.seeds:
        lo, hi = args.seeds.split("-")
        seeds = list(range(int(lo), int(hi) + 1))
    else:
        seeds = [int(s) for s in args.seeds.split(",") if s]
    trials = [matrix.draw(s, n) for s in seeds
              for n in ([args.trial] if args.trial is not None else range(args.trials))]
    root = Path(args.workdir or tempfile.mkdtemp(prefix="faultmatrix-")).resolve()
    root.mkdir(parents=True, exist_ok=True)
    print("faultmatrix: %d trials, %d worker(s), trial dirs under %s" % (len(trials), args.jobs, root), flush=True)
    started = time.monotonic()
    results = run_all(trials, root, args.jobs, args.keep)
    figures = matrix.summarize(results)
    figures["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps({"figures": figures, "results": results}, indent=2))
    return 1 if figures["trials_with_violations"] else 0


def run_all(trials, root, jobs, keep=False, log=print):
    chunks = [trials[i::jobs] for i in range(jobs)]
    results = []

    def worker(index, chunk):
        emu = matrix.start_emulator(state_dir=root / ("emu%d" % index))
        pair = matrix.Pair(emu)
        out = []
        try:
            for trial in chunk:
                log("RUN  " + trial.label(), flush=True)
                if emu.process.poll() is not None:
                    emu = matrix.start_emulator(state_dir=root / ("emu%d-%d" % (index, trial.trial)))
                    pair = matrix.Pair(emu)
                try:
                    result = matrix.run_trial(pair, trial, root, keep)
                except Exception as exc:  # noqa: BLE001 - a runner error is reported, never hidden
                    result = {"trial": matrix.asdict(trial), "label": trial.label(), "rc": None, "rerun_rc": None,
                              "seconds": 0, "fault_fired": False, "failure": "", "workdir": "",
                              "violations": {"runner_error": ["%s: %s" % (type(exc).__name__, exc)]}}
                status = "OK  " if not result["violations"] else "FAIL"
                details = "".join("\n     %s: %s" % (k, "; ".join(e)) for k, e in result["violations"].items())
                line = "%s %s rc=%s rerun=%s %.0fs" % (status, trial.label(), result["rc"], result["rerun_rc"],
                                                       result["seconds"])
                log(line + details, flush=True)
                out.append(result)
        finally:
            emu.stop()
        return out

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for chunk_results in pool.map(worker, range(jobs), chunks):
            results.extend(chunk_results)
    return results


if __name__ == "__main__":
    sys.exit(main())
