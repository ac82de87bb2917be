"""Job durations per profile: ``fast`` for tests (well under a second), ``realistic`` as on hardware."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Timings:
    commit: float
    ha_sync: float
    master_key: float


PROFILES = {
    "fast": Timings(commit=0.2, ha_sync=0.25, master_key=0.2),
    "realistic": Timings(commit=30.0, ha_sync=20.0, master_key=15.0),
}
