"""The fleet report of a change window (issue 13), from one run of the sync runbook on 10 emulated pairs.

The run: `ansible-playbook hapair.panos.sync` with -e hapair_panos_serial=2 -e hapair_panos_max_fail_percentage=50
-e hapair_panos_order=reverse_inventory on an inventory that lists the pairs from pair10 down to pair01, so the
change-window knobs are templated from extra variables and the pairs run pair01 first, two at a time. Faults:

    batch 1  pair01 drifted (synchronized by the run: ok, changed)   pair02 ok
    batch 2  pair03 another admin's change on the receiver (blocked) pair04 ok
    batch 3  pair05 ok                                                pair06 peer refuses connections (failed)
             1 of 2 failed: not more than 50 %, the run goes on
    batch 4  pair07 peer refuses connections (failed)                 pair08 another admin's lock (blocked)
             2 of 2 failed: more than 50 %, Ansible stops the play
    batch 5  pair09, pair10 not reached

The JSON, JUnit and per-pair checks read the files of that run; test_fleet_page_in_headless_chromium renders its
HTML page in Chromium (Debian's package; mk/browser.mk installs it) and checks the DOM and a screenshot, which it
copies to build/fleet-report.png. `make fleet-report` runs this module (`make integration` leaves it to that tier,
so that the 10-pair run happens once in `make test`).
"""

import json
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DEV, REPO, add_address, run_fleet
from panos_emulator import testing

PAIRS = ["pair%02d" % (i + 1) for i in range(10)]
EXPECTED = {"pair01": "ok", "pair02": "ok", "pair03": "blocked", "pair04": "ok", "pair05": "ok", "pair06": "failed",
            "pair07": "failed", "pair08": "blocked", "pair09": "skipped", "pair10": "skipped"}
NOT_REACHED = "skipped (not reached)"
SCREENSHOT = REPO / "build" / "fleet-report.png"


def peer_names(emu, index):
    return tuple(peer["name"] for peer in emu.pair(index)["peers"])


@pytest.fixture(scope="module")
def fleet_run(tmp_path_factory):
    """The 10-pair sync run, once for the module: (emulator, reports directory, process, request totals)."""
    work = tmp_path_factory.mktemp("fleet")
    emu = testing.start(pairs=10, mode="active-passive", profile="fast", state_dir=work / "emu")
    try:
        a1, b1 = peer_names(emu, 0)
        add_address(emu, b1, "fleet-drift")  # pair01: the run has something to synchronize
        # pair03, pair08: a drift to synchronize, and the receiving peer holds another administrator's uncommitted
        # change (pair03) or config lock (pair08): the sync refuses before sending anything
        for index in (2, 7):
            add_address(emu, peer_names(emu, index)[1], "fleet-drift")
        emu.control.pending_change(peer_names(emu, 2)[1], "other-admin", DEV + "/deviceconfig/system",
                                   "<domain>other.example.com</domain>")
        emu.control.lock(peer_names(emu, 7)[1], "other-admin")
        for index in (5, 6):  # pair06, pair07: the peer of `provider` refuses connections
            emu.control.fault(peer_names(emu, index)[0], "refuse")
        for index in range(10):
            for name in peer_names(emu, index):
                emu.control.clear_requests(name)

        reports = work / "reports"
        # listed pair10 first: reverse_inventory runs pair01 first
        proc = run_fleet(work, emu, [(PAIRS[index], index) for index in reversed(range(10))], "hapair.panos.sync",
                         {"hapair_panos_report_dir": reports, "hapair_panos_serial": 2,
                          "hapair_panos_max_fail_percentage": 50, "hapair_panos_order": "reverse_inventory"})
        assert emu.peer(0, 0)["password"] not in proc.stdout + proc.stderr, "a secret appeared in the output"
        totals = {pair: sum(emu.control.requests(name)["total"] for name in peer_names(emu, index))
                  for index, pair in enumerate(PAIRS)}
        changes = {pair: sum(emu.control.requests(name)["state_changing"] for name in peer_names(emu, index))
                   for index, pair in enumerate(PAIRS)}
        yield {"emu": emu, "reports": reports, "proc": proc, "totals": totals, "changes": changes, "work": work}
    finally:
        emu.stop()


def fleet_json(run):
    return json.loads((run["reports"] / "fleet-sync.json").read_text())


def test_the_run_stops_after_the_batch_that_failed_beyond_the_budget(fleet_run):
    proc = fleet_run["proc"]
    assert proc.returncode == 2, (proc.stdout[-5000:], proc.stderr[-3000:])
    # Ansible ran the batches in the order the extra variables asked for, and no batch after the fourth
    batches = [line for line in proc.stdout.splitlines() if line.startswith("PLAY [")]
    assert len(batches) == 4, batches
    assert fleet_run["totals"]["pair09"] == 0 and fleet_run["totals"]["pair10"] == 0, "a pair after the stop was contacted"
    # the refusing peers log no request: that the run reached pair06 and pair07 shows in its output
    assert all(fleet_run["totals"][pair] > 0 for pair in PAIRS[:8] if pair not in ("pair06", "pair07")), fleet_run["totals"]
    for pair in ("pair06", "pair07", "pair03", "pair08"):
        assert "fatal: [%s]" % pair in proc.stdout, pair
    assert "fatal: [pair09]" not in proc.stdout and "[pair10]" not in proc.stdout
    # the blocked pairs had nothing changed; pair01 was synchronized
    assert fleet_run["changes"]["pair03"] == 0 and fleet_run["changes"]["pair08"] == 0, fleet_run["changes"]
    assert fleet_run["changes"]["pair01"] > 0


def test_fleet_json_covers_every_pair(fleet_run):
    fleet = fleet_json(fleet_run)
    assert fleet["counts"] == {"total": 10, "ok": 4, "failed": 2, "blocked": 2, "skipped": 2, "not_reached": 2}, fleet["counts"]
    assert {p["pair"]: p["result"] for p in fleet["pairs"]} == EXPECTED
    # problems first, then the run order (reverse_inventory of an inventory listed pair10 first)
    assert [p["pair"] for p in fleet["pairs"]] == ["pair06", "pair07", "pair03", "pair08", "pair09", "pair10",
                                                   "pair01", "pair02", "pair04", "pair05"]
    assert fleet["runbook"] == "sync" and fleet["check_mode"] is False and fleet["complete"] is False
    assert fleet["max_fail_percentage"] == 50 and fleet["last_batch"] == ["pair07", "pair08"]
    assert fleet["stopped"]["rule"] == "budget" and sorted(fleet["stopped"]["failed"]) == ["pair07", "pair08"]
    assert "2 of the 2 pairs of the batch (pair07, pair08) failed or were blocked, more than" in fleet["not_reached_reason"]
    assert "max_fail_percentage 50%" in fleet["not_reached_reason"]
    assert fleet["started"] <= fleet["updated"] and fleet["started"].endswith("Z")
    pairs = {p["pair"]: p for p in fleet["pairs"]}
    for pair in ("pair09", "pair10"):
        assert pairs[pair]["status"] == NOT_REACHED and pairs[pair]["report"] is None
        assert pairs[pair]["summary"] == fleet["not_reached_reason"]
    assert pairs["pair01"]["changed"] and pairs["pair01"]["changed"][0].startswith("running-config from ")
    assert pairs["pair01"]["sync_state"] == "synchronized" and pairs["pair01"]["active_peer"].startswith("pair1-")
    assert [b["code"] for b in pairs["pair03"]["blockers"]] and pairs["pair03"]["changed"] == []
    assert [b["code"] for b in pairs["pair03"]["blockers"]] == ["peer_pending_change"], pairs["pair03"]
    assert pairs["pair06"]["error"] and pairs["pair06"]["active_peer"] is None
    assert oct((fleet_run["reports"] / "fleet-sync.json").stat().st_mode & 0o777) == "0o600"


def test_each_reached_pair_has_its_report_and_the_record_matches(fleet_run):
    fleet = fleet_json(fleet_run)
    for entry in fleet["pairs"]:
        if not entry["reached"]:
            assert not (fleet_run["reports"] / ("sync-%s.json" % entry["pair"])).exists()
            continue
        assert entry["report_link"] == "sync-%s.json" % entry["pair"]
        report = json.loads((fleet_run["reports"] / entry["report_link"]).read_text())
        assert report["pair"] == entry["pair"] and report["result"] == entry["result"]


def test_junit_file(fleet_run):
    root = ET.parse(fleet_run["reports"] / "fleet-sync.junit.xml").getroot()
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == 1
    suite = suites[0]
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped"), suite.get("errors")) == ("10", "4", "2", "0")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert sorted(cases) == PAIRS
    for pair, result in EXPECTED.items():
        failure, skipped = cases[pair].find("failure"), cases[pair].find("skipped")
        if result in ("failed", "blocked"):
            assert failure is not None and failure.get("type") == result and skipped is None, pair
        elif result == "skipped":
            assert skipped is not None and "not reached" in skipped.get("message") and failure is None, pair
        else:
            assert failure is None and skipped is None, pair


# ---------------------------------------------------------------------------------------------- headless Chromium


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.links, self.counts, self._cell, self._count = {}, [], {}, None, None
        self.ids, self.notice, self._notice = set(), "", False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("id") == "not-reached":
            self._notice = True
        if tag == "tr" and "data-pair" in attrs:
            self._row = attrs["data-pair"]
            self.rows[self._row] = []
        elif tag == "td" and getattr(self, "_row", None):
            self._cell = []
        elif tag == "a":
            self.links.append(attrs.get("href"))
        elif tag == "div" and (attrs.get("id") or "").startswith("count-"):
            self._count = attrs["id"][len("count-"):]
        elif tag == "b" and self._count:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "div" and self._notice and self._count is None:
            self._notice = False
        if tag == "td" and self._cell is not None:
            self.rows[self._row].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "b" and self._count and self._cell is not None:
            self.counts[self._count] = int("".join(self._cell))
            self._cell, self._count = None, None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._notice:
            self.notice += data
        if self._cell is not None:
            self._cell.append(data)


def chromium():
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "chromium is not on PATH: `make fleet-report` installs Debian's package (mk/browser.mk)"
    return binary


def run_chromium(binary, profile, *args):
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
           "--no-first-run", "--disable-extensions", "--user-data-dir=%s" % profile, "--window-size=1400,1000"] + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA PNG, decoded with zlib and struct only."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, color, _c, _f, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


def test_fleet_page_in_headless_chromium(fleet_run, tmp_path):
    binary = chromium()
    page = fleet_run["reports"] / "fleet-sync.html"
    url = page.as_uri()

    dom = run_chromium(binary, tmp_path / "profile-dom", "--dump-dom", url)
    assert dom.returncode == 0 and "<table" in dom.stdout, dom.stderr[-3000:]
    parsed = Dom()
    parsed.feed(dom.stdout)
    # every pair has its row, with its result text; the counts at the top
    assert sorted(parsed.rows) == PAIRS
    for pair, result in EXPECTED.items():
        assert parsed.rows[pair][0] == pair and parsed.rows[pair][1] == (NOT_REACHED if result == "skipped" else result), parsed.rows[pair]
    assert parsed.counts == {"total": 10, "failed": 2, "blocked": 2, "skipped": 2, "ok": 4}
    assert parsed.rows["pair09"][8] == "Not reached: why" and "max_fail_percentage 50%" in dom.stdout
    assert "were not reached" in parsed.notice and "(pair07, pair08)" in parsed.notice
    assert "pair1-" in parsed.rows["pair01"][2] and parsed.rows["pair01"][3] == "synchronized"
    assert parsed.rows["pair01"][7].startswith("running-config from ")
    # a relative link to each reached pair's report, and each link resolves to the file
    reports = [link for link in parsed.links if not link.startswith("#")]
    assert sorted(reports) == sorted("sync-%s.json" % pair for pair in PAIRS[:8])
    assert all((page.parent / link).is_file() for link in reports)
    assert parsed.links.count("#not-reached") == 2 and parsed.ids >= {"not-reached", "pairs"}

    shot = tmp_path / "fleet-report.png"
    taken = run_chromium(binary, tmp_path / "profile-shot", "--screenshot=%s" % shot, url)
    assert taken.returncode == 0 and shot.is_file(), taken.stderr[-3000:]
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SCREENSHOT)
    print("\nfleet report screenshot: %s (copy of %s)" % (SCREENSHOT, shot))
    width, height, rows = png_pixels(shot)
    assert (width, height) == (1400, 1000)
    pixels = [pixel for row in rows[::4] for pixel in row[::4]]
    colours = set(pixels)
    not_white = sum(1 for p in pixels if p != (255, 255, 255)) / len(pixels)
    assert len(colours) > 50 and not_white > 0.05, (len(colours), not_white)
    # the result cells' colours of the inline CSS: failed red, blocked amber, ok green, not reached grey

    def near(target, tolerance=6):
        return any(all(abs(c - t) <= tolerance for c, t in zip(p, target, strict=True)) for p in colours)

    for name, rgb in (("failed", (0xD6, 0x36, 0x38)), ("blocked", (0xDB, 0xA6, 0x17)), ("ok", (0x00, 0xA3, 0x2A)),
                      ("skipped", (0xC3, 0xC4, 0xC7))):
        assert near(rgb), "no %s cell colour %s in the screenshot" % (name, rgb)
