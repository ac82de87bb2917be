"""hapair.panos.master_key_info against the emulator: a default pair, expiry thresholds (warn / fail), and the
disagreement a key change on one peer only leaves behind."""

from conftest import emu_names, module_name, state_changing_requests, task, wait_jobs_done, xapi

KEY_1 = "Info-Test-Key-01"  # 16 characters


def info(name, args=None, **options):
    return task(name, "master_key_info", args, **options)


def change_key_on_device(emu, index, new_key, lifetime, reminder=None, current=None):
    """Test setup: change a peer's master key with a raw XML API request (not with the module under test)."""
    spec = "<new-master-key>%s</new-master-key>" % new_key
    if current:
        spec += "<current-master-key>%s</current-master-key>" % current
    spec += "<lifetime>%d</lifetime>" % lifetime
    if reminder:
        spec += "<reminder>%d</reminder>" % reminder
    xapi(emu, index).op(cmd="<request><master-key>%s</master-key></request>" % spec)
    wait_jobs_done(emu, emu_names(emu)[index])


def test_default_pair_agrees_and_is_read_only(emulator, play):
    a, b = emu_names(emulator)
    for check in (False, True):
        result = play(emulator, [info("info")], check=check, expect_rc=0)["info"]
        assert result["changed"] is False
        assert set(result["peers"]) == {module_name(emulator, 0), module_name(emulator, 1)}
        for props in result["peers"].values():
            assert props["expire_at"] is None and props["remind_at"] is None, props
            assert props["seconds_to_expiry"] is None and props["seconds_to_reminder"] is None
            assert props["default_key"] is True and props["on_hsm"] is False and props["auto_renew"] == 0
            assert props["expired"] is False
            assert props["raw"]["expire-at"] == "0"
        assert result["pair"] == {"agree": True, "differences": [], "tolerance_hours": 24}
        assert result["findings"] == [] and not result.get("warnings")
    assert state_changing_requests(emulator) == {a: 0, b: 0}


def test_thresholds_warn_and_fail(emulator, play):
    for index in (0, 1):
        change_key_on_device(emulator, index, KEY_1, lifetime=240, reminder=48)  # 10 days
    result = play(emulator, [
        info("quiet", {"warn_days": 5, "fail_days": 1}),
        info("warn", {"warn_days": 30}),
        info("fail", {"warn_days": 60, "fail_days": 30}, ignore_errors=True),
        info("fail at expiry only", {"fail_days": 0}),
    ], expect_rc=0)

    quiet = result["quiet"]
    assert quiet["pair"]["agree"] is True and quiet["findings"] == [] and not quiet.get("warnings")
    for props in quiet["peers"].values():
        assert props["expire_at"] and props["remind_at"] and props["default_key"] is False
        assert 240 * 3600 - 120 <= props["seconds_to_expiry"] <= 240 * 3600
        assert 192 * 3600 - 120 <= props["seconds_to_reminder"] <= 192 * 3600
        assert 9.9 <= props["days_to_expiry"] <= 10

    warn = result["warn"]
    assert warn["_status"] == "ok" and len(warn["findings"]) == 2, warn
    assert all("within warn_days=30" in line for line in warn["findings"])
    assert [w for w in warn["warnings"] if "within warn_days=30" in w] == warn["findings"]

    fail = result["fail"]
    assert fail["_status"] == "failed" and fail["reason"] == "master_key_expiring", fail
    assert "within fail_days=30" in fail["msg"] and "master_key_rotation" in fail["remedy"]
    assert set(fail["peers"]) == {module_name(emulator, 0), module_name(emulator, 1)}  # the report survives
    assert fail["pair"]["agree"] is True

    assert result["fail at expiry only"]["_status"] == "ok"


def test_disagreement_after_changing_one_peer(emulator, play):
    change_key_on_device(emulator, 0, KEY_1, lifetime=8760, reminder=720)
    first, second = module_name(emulator, 0), module_name(emulator, 1)
    result = play(emulator, [
        info("info"),
        info("strict", {"fail_on_disagreement": True}, ignore_errors=True),
        info("one peer", {"peers": "provider", "fail_on_disagreement": True}),
    ], expect_rc=0)

    got = result["info"]
    assert got["_status"] == "ok" and got["pair"]["agree"] is False
    fields = {d["field"]: d for d in got["pair"]["differences"]}
    assert set(fields) == {"expire_at", "remind_at"}
    assert fields["expire_at"]["values"][second] is None and fields["expire_at"]["values"][first]
    assert got["peers"][first]["default_key"] is False and got["peers"][second]["default_key"] is True
    assert len(got["findings"]) == 1 and "disagree" in got["findings"][0]
    assert got["findings"][0] in got["warnings"]

    strict = result["strict"]
    assert strict["_status"] == "failed" and strict["reason"] == "master_key_disagreement", strict
    assert strict["pair"]["agree"] is False and "same master key" in strict["remedy"]

    one = result["one peer"]
    assert one["pair"] == {"agree": None, "differences": [], "tolerance_hours": 24}
    assert set(one["peers"]) == {first}


def test_invalid_threshold_rejected(emulator, play):
    result = play(emulator, [info("info", {"warn_days": -1}, ignore_errors=True)], expect_rc=0)["info"]
    assert result["_status"] == "failed" and result["error"] == "invalid_input" and result["option"] == "warn_days"
