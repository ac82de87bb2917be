import json
def test_explore(emulator, play):
    r = play(emulator, [{"name": "info", "hapair.panos.ha_info": {"provider": "{{ provider }}"}},
                        {"name": "sync", "hapair.panos.sync_to_remote": {"provider": "{{ provider }}"}},
                        {"name": "jobs", "hapair.panos.job_info": {"provider": "{{ provider }}"}}])
    print(json.dumps(r.tasks, indent=1)[:8000])
    print(json.dumps(emulator.control.device(emulator.peer(0,0)["name"]), indent=1)[:3000])
    print(emulator.endpoints)
