"""hapair_panos_strategy=free (docs/change-windows.md): the pairs of a batch go on without waiting for each other.

One run of the sync runbook on 4 emulated pairs in one batch (hapair_panos_serial=0) with strategy free; pair2's
peer of `provider` refuses connections. With free, a failed pair does not stop the others of its batch (Ansible
applies no max_fail_percentage then), every pair writes the fleet report when it gets there (no run_once), and the
files on disk at the end are the complete report of the run.
"""

import json

import pytest
from conftest import add_address, run_fleet
from panos_emulator import testing

PAIRS = ["pair1", "pair2", "pair3", "pair4"]


@pytest.fixture(scope="module")
def free_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("free")
    emu = testing.start(pairs=4, mode="active-passive", profile="fast", state_dir=work / "emu")
    try:
        names = [tuple(peer["name"] for peer in emu.pair(index)["peers"]) for index in range(4)]
        for index in (0, 2, 3):
            add_address(emu, names[index][1], "free-drift")  # something to synchronize
        emu.control.fault(names[1][0], "refuse")
        reports = work / "reports"
        proc = run_fleet(work, emu, [(pair, index) for index, pair in enumerate(PAIRS)], "hapair.panos.sync",
                         {"hapair_panos_report_dir": reports, "hapair_panos_serial": 0,
                          "hapair_panos_strategy": "free"})
        synced = [emu.control.device(names[index][1]) for index in range(4)]
        yield {"proc": proc, "reports": reports, "synced": synced}
    finally:
        emu.stop()


def test_a_failed_pair_does_not_stop_the_others_of_its_batch(free_run):
    proc = free_run["proc"]
    assert proc.returncode == 2, (proc.stdout[-4000:], proc.stderr[-2000:])
    assert "fatal: [pair2]" in proc.stdout
    recap = {line.split()[0]: line for line in proc.stdout.splitlines() if line.startswith("pair") and "ok=" in line}
    assert set(recap) == set(PAIRS), recap
    for pair in ("pair1", "pair3", "pair4"):
        assert "failed=0" in recap[pair], recap[pair]
    assert "failed=0" not in recap["pair2"]


def test_every_pair_wrote_the_fleet_report_and_the_last_one_is_complete(free_run):
    proc = free_run["proc"]
    # Without run_once under free (the playbooks template it), Ansible has nothing to warn about.
    assert "run_once with the free strategy" not in proc.stdout + proc.stderr
    fleet = json.loads((free_run["reports"] / "fleet-sync.json").read_text())
    results = {entry["pair"]: entry["result"] for entry in fleet["pairs"]}
    assert results == {"pair1": "ok", "pair2": "failed", "pair3": "ok", "pair4": "ok"}, fleet["pairs"]
    assert fleet["complete"] is True and fleet["counts"]["not_reached"] == 0
    assert fleet["stopped"] is None
    junit = (free_run["reports"] / "fleet-sync.junit.xml").read_text()
    assert junit.count("<testcase ") == 4
    html = (free_run["reports"] / "fleet-sync.html").read_text()
    assert all('data-pair="%s"' % pair in html for pair in PAIRS)
    # Written atomically under a lock on the directory: no lock or temporary file is left behind.
    left = [path.name for path in free_run["reports"].iterdir() if path.name.startswith(".") or path.suffix in (".lock", ".tmp")]
    assert left == []
