"""hapair.panos.job_info against the emulator: HA-Sync and Commit jobs of both peers with classified failure
reasons, a job still running, one job by id, every job type, limits. Jobs are made with plain pan.xapi requests and the control API,
so the only module under test is job_info."""

from conftest import clear_requests, emu_names, module_name, state_changing_requests, task, wait_jobs_done, xapi

SYNC_RUNNING = "<request><high-availability><sync-to-remote><running-config/></sync-to-remote></high-availability></request>"


def jobs_of(emu):
    a, b = emu_names(emu)
    # Every device boots with AutoCom (id 1) and FqdnRefresh (id 2), as real job lists show, so ours start at 3.
    # a: Commit by another admin (OK), Commit (FAIL, validation), the master-key change's Commit (OK)
    emu.control.commit_job(a, seconds=0.05)
    wait_jobs_done(emu, a)
    emu.control.fail_next(a, "Commit", ["Validation Error:", " address -> web-1 is invalid"])
    active = xapi(emu, 0)
    active.set(xpath="/config/shared/address", element="<entry name='web-1'><fqdn>web.example.com</fqdn></entry>")
    active.commit(cmd="<commit></commit>")
    wait_jobs_done(emu, a)
    # b (receiver): HA-Sync OK, then HA-Sync FAIL once the active peer's master key differs
    active.op(cmd=SYNC_RUNNING)
    wait_jobs_done(emu, b)
    # The master-key change is synchronous and committed as a Commit job (REAL); with config sync enabled that
    # commit's automatic HA-Sync already fails on b (the vendor's reason to disable config sync first).
    active.op(cmd="<request><master-key><new-master-key>Zq8vK2mN4pR7tW1x</new-master-key>"
                  "<lifetime>8760</lifetime></master-key></request>")
    wait_jobs_done(emu, a)
    wait_jobs_done(emu, b)
    xapi(emu, 0).op(cmd=SYNC_RUNNING)  # a new session: the master key change invalidated the API key
    wait_jobs_done(emu, b)
    # a: and a commit by another admin that is still running
    emu.control.commit_job(a, seconds=60)
    return {name: {job["id"]: job for job in emu.control.device(name)["jobs"]} for name in (a, b)}


def summary(jobs):
    return [(job["device"], job["id"], job["type"], job["result"], job["reason"]) for job in jobs]


def test_jobs_of_both_peers_with_reasons(emulator, play):
    a, b = emu_names(emulator)
    first, second = module_name(emulator, 0), module_name(emulator, 1)
    made = jobs_of(emulator)
    assert [(j["id"], j["type"], j["status"], j["result"]) for j in made[a].values()] == [
        (3, "Commit", "FIN", "OK"), (4, "Commit", "FIN", "FAIL"), (5, "Commit", "FIN", "OK"), (6, "Commit", "ACT", "PEND")]
    assert made[a][5]["tag"] == "MasterKey"
    # b: our sync (OK), the master-key commit's automatic sync (FAIL), our sync again (FAIL)
    assert [(j["id"], j["type"], j["result"]) for j in made[b].values()] == [
        (3, "HA-Sync", "OK"), (4, "HA-Sync", "FAIL"), (5, "HA-Sync", "FAIL")]
    clear_requests(emulator)

    result = play(emulator, [
        task("default", "job_info"),
        task("by id", "job_info", {"job_id": 4}),
        task("by id on the passive peer", "job_info", {"job_id": 4, "peers": "passive"}),
        task("unknown id", "job_info", {"job_id": 99}),
        task("every type", "job_info", {"types": [], "peers": "provider"}),
        task("newest on the active peer", "job_info", {"peers": "active", "limit": 1}),
        task("in check mode", "job_info", {"peers": "passive", "types": ["HA-Sync"]}, check_mode=True),
    ], expect_rc=0)
    result.assert_no_secrets()

    default = result["default"]
    assert default["changed"] is False
    # HA-Sync and Commit jobs (not MasterKey), per peer newest first, failed ones classified
    assert summary(default["jobs"]) == [
        (first, 6, "Commit", "PEND", None),
        (first, 5, "Commit", "OK", None),
        (first, 4, "Commit", "FAIL", "invalid_config"),
        (first, 3, "Commit", "OK", None),
        (second, 5, "HA-Sync", "FAIL", "master_key_mismatch"),
        (second, 4, "HA-Sync", "FAIL", "master_key_mismatch"),
        (second, 3, "HA-Sync", "OK", None),
    ]
    assert default["failed_count"] == 3
    running = default["jobs"][0]
    assert running["status"] == "ACT" and running["finished"] is False and running["user"] == "other-admin"
    failed_sync = default["jobs"][4]
    assert failed_sync["details"] == made[b][5]["details"]
    assert "master key" in failed_sync["remedy"] and failed_sync["evidence"] in failed_sync["details"]
    assert failed_sync["status"] == "FIN" and failed_sync["progress"] == 100
    failed_commit = default["jobs"][2]
    assert failed_commit["details"] == ["Validation Error:", "address -> web-1 is invalid"]
    assert failed_commit["remedy"]
    assert default["jobs"][3]["user"] == "other-admin" and default["jobs"][3]["remedy"] is None

    assert summary(result["by id"]["jobs"]) == [(first, 4, "Commit", "FAIL", "invalid_config"),
                                                (second, 4, "HA-Sync", "FAIL", "master_key_mismatch")]
    assert summary(result["by id on the passive peer"]["jobs"]) == [(second, 4, "HA-Sync", "FAIL", "master_key_mismatch")]
    # an unknown id: the device answers code 7 "job 99 not found" (REAL), which is no job, not an error
    assert result["unknown id"]["_status"] == "ok"
    assert result["unknown id"]["jobs"] == [] and result["unknown id"]["failed_count"] == 0
    # every type: the jobs that are not ours too, as on a real device (boot-time AutoCom, FqdnRefresh, an id-less
    # Failed-Job entry)
    every = summary(result["every type"]["jobs"])
    assert every[:6] == [
        (first, 6, "Commit", "PEND", None),
        (first, 5, "Commit", "OK", None),
        (first, 4, "Commit", "FAIL", "invalid_config"),
        (first, 3, "Commit", "OK", None),
        (first, 2, "FqdnRefresh", "OK", None),
        (first, 1, "AutoCom", "OK", None),
    ]
    assert [(job[1], job[2]) for job in every[6:]] == [(None, "Failed-Job")]
    assert summary(result["newest on the active peer"]["jobs"]) == [(first, 6, "Commit", "PEND", None)]
    assert [job["id"] for job in result["in check mode"]["jobs"]] == [5, 4, 3]
    assert state_changing_requests(emulator) == {a: 0, b: 0}


def test_a_typo_in_a_job_type_or_an_unknown_id_is_warned_about(emulator, play):
    """Issue 10 finding 18: both used to return an empty list silently."""
    result = play(emulator, [
        task("typo", "job_info", {"types": ["HA-sync"], "peers": "provider"}),
        task("unknown id", "job_info", {"job_id": 999, "peers": "provider"}),
        task("fine", "job_info", {"types": ["AutoCom"], "peers": "provider"}),
    ], expect_rc=0)
    typo = result["typo"]
    assert typo["jobs"] == [] and any("HA-sync" in w and "check the spelling" in w for w in typo["warnings"]), typo
    unknown = result["unknown id"]
    assert unknown["jobs"] == [] and any("has no job 999" in w for w in unknown["warnings"]), unknown
    fine = result["fine"]
    assert [job["type"] for job in fine["jobs"]] == ["AutoCom"] and not fine.get("warnings")
