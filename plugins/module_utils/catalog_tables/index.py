# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What HA synchronizes between PAN-OS peers, and what it doesn't, per HA mode: the catalog, as data.

The collection imports it as module_utils/catalog.py, which names what this index gathers (ansible-core 2.16's
sanity test wants a package's __init__.py empty). This package is the single source of truth for the collection (peer_settings refuses items that sync,
preflight checks the blockers, the drift report compares what must match or differ, sync_to_remote takes its
targets and commands from it) and for the generated pages docs/sync-catalog.md (tools/gen_sync_catalog_doc.py)
and the check table of docs/runbook-preflight.md (tools/gen_preflight_doc.py); never edit those by hand.

  records.py     the vocabulary below and one keyword-only constructor per record type
  conditions.py  the A/A sync conditions, executable (xpath plus predicate), and their evaluation
  items.py       NON_SYNCED_ITEMS: the configuration items (and parts) that do not sync        (data table)
  runtime.py     RUNTIME_ITEMS: the runtime information that syncs, per mode and link          (data table)
  targets.py     SYNC_TARGETS: the manual sync commands, the only list of sync_to_remote's targets
  blockers.py    SYNC_BLOCKERS: why sync does not happen; PREFLIGHT_FINDINGS                   (data table)
  lookup.py      the accessors (syncs, items_for_mode, get_blocker, ...)

Sources, in order of authority:
  [seed]      PAN-OS admin guide "Reference: HA Synchronization" (project seed 000): the tables
              "What Doesn't Sync in Active/Passive HA?" and "... Active/Active HA?", "System Runtime
              Information Synchronized Between HA Peers", the sync-to-remote CLI help and "Reasons That
              Synchronization Doesn't Happen". Titles and blocker texts are verbatim.
  [seed 001]  PAN KB / blog (project seed 001): disk-state and runtime-state, the jumbo-frame HA-Sync failure.
  [xpaths.md] reference/panos-xml/xpaths.md (XPaths per item, with confidence), itself from client libraries
              (pan-os-python, pango) and PAN-OS 10.0 admin guide wording.
  [code]      XPaths not in xpaths.md were read from client-library definitions: pan-os-python
              panos/network.py (interfaces, virtual router, IKE gateway, IPSec tunnel), pango
              netw/profile/bfd (BFD profile), pan-os-codegen specs (aggregate-ethernet LACP
              system-priority, GlobalProtect portal); named per item in ``xpath_source``.

Vocabulary
  mode        'active-passive' | 'active-active'  (normalize_mode() maps the op output "Active-Passive").
  modes[m]    'no'  = does NOT sync in mode m (configure it on each peer);
              'yes' = syncs in mode m (configure it on the active / active-primary peer only);
              a CONDITIONS key ('vr_sync', 'qos_sync', 'floating_ip') = syncs in mode m only when that
              condition holds on the pair.
  xpaths      relative to the device root DEVICE_ROOT unless they start with '/config'; ``entry``
              steps carry no name predicate, so they address every entry (valid for the PAN-OS API's
              action=get/show and for lxml alike).
  kind        'config'     settings in the configuration tree (xpaths given when known);
              'op_state'   device state set and read with op commands, not config (multi-vsys, master
                           key, installed software/content, licenses); ``op_read`` says how to read it;
              'not_config' data, not settings (logs, sessions, hit counts, mappings): nothing to configure.
  confidence  of the XPaths, as xpaths.md rates them: 'code' (a client library's definition), 'sample'
              (seen in a real request/response), 'weak' (one third-party hit, or an inferred container),
              'missing' (config item whose XPath was not found); None when the item has no XPaths
              because it is not configuration.
  relationship  the drift report's rule when both peers are compared: 'must_match', 'must_differ',
              'may_differ', or 'mixed' (the item has ``parts`` and each part carries its own rule).
              Relationships are this collection's policy, derived from the seed where it says so
              (master key identical, unique LACP system ID in A/A, blockers such as multi-vsys and
              licenses) and from what HA needs (distinct management addresses and priorities).
  peer_settings_option  the typed option of hapair.panos.peer_settings that manages the item (or part).

Pure data plus tiny functions, relative imports only: no Ansible imports, importable anywhere (the emulator's
tests and the doc generators load the package by file path).
"""

from __future__ import annotations

from .blockers import BLOCKERS_BY_CODE, PREFLIGHT_FINDINGS, SYNC_BLOCKERS
from .conditions import CONDITIONS, evaluate_conditions
from .items import ITEMS_BY_KEY, NON_SYNCED_ITEMS
from .lookup import absolute_xpath, blockers, get_blocker, get_item, items_for_mode, non_synced_xpaths, normalize_mode, syncs
from .records import CONFIDENCES, DEVICE_ROOT, KINDS, MODES, NOT_SYNCED, RELATIONSHIPS, SYNCS
from .runtime import RUNTIME_ITEMS
from .targets import SYNC_TARGETS, TARGET_NAMES, TARGETS_BY_NAME

__all__ = [
    'BLOCKERS_BY_CODE', 'CONDITIONS', 'CONFIDENCES', 'DEVICE_ROOT', 'ITEMS_BY_KEY', 'KINDS', 'MODES', 'NON_SYNCED_ITEMS',
    'NOT_SYNCED', 'PREFLIGHT_FINDINGS', 'RELATIONSHIPS', 'RUNTIME_ITEMS', 'SYNCS', 'SYNC_BLOCKERS', 'SYNC_TARGETS',
    'TARGETS_BY_NAME', 'TARGET_NAMES', 'absolute_xpath', 'blockers', 'evaluate_conditions', 'get_blocker', 'get_item',
    'items_for_mode', 'non_synced_xpaths', 'normalize_mode', 'syncs',
]
