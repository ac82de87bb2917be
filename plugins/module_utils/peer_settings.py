# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Configure the settings that HA does not synchronize, on one peer (hapair.panos.peer_settings).

Flow, each step changing nothing until the last:
  1. validate every option (types, ranges, raw XPaths and elements) before any request;
  2. discover the pair, pick the peer (selection.py), read its HA mode and the A/A sync conditions;
  3. check every given setting against the catalog: one that syncs in this mode and under these
     conditions is refused (reason ``item_syncs``) unless ``allow_synced``;
  4. plan: the typed options and ``raw`` are compared with the running config (settings.options: Option.plan):
     before/after views, the set/edit/delete requests, the changed fields;
  5. guard (also in check mode, read-only): no commit queued, no foreign lock, no uncommitted change at
     the XPaths we write (change_guard), and no uncommitted change on the other peer, which the HA config
     sync that follows our commit would overwrite;
  6. unless check mode: write, partial-commit our admin's changes, wait for the HA-Sync job the commit
     starts on the other peer, and verify by planning again (nothing may be left to change).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ansible_collections.hapair.panos.plugins.module_utils import catalog
from ansible_collections.hapair.panos.plugins.module_utils.change_guard import (
    ReceiverHold,
    UndoPlan,
    commit_own_changes,
    guard_change,
)
from ansible_collections.hapair.panos.plugins.module_utils.configview import (
    ConfigView,
    PredictedView,
    label,
    parse_xpath,
    pattern,
    to_xpath,
)
from ansible_collections.hapair.panos.plugins.module_utils.errors import (
    HapairError,
    InvalidInput,
    JobFailed,
    JobTimeout,
    Refused,
    VerificationFailed,
)
from ansible_collections.hapair.panos.plugins.module_utils.jobs import PollSchedule, describe_job, find_jobs, newest_job_id, wait_for_job
from ansible_collections.hapair.panos.plugins.module_utils.ha_mode import read_conditions, read_mode
from ansible_collections.hapair.panos.plugins.module_utils.peer_settings_info import must_differ_effects, must_differ_items
from ansible_collections.hapair.panos.plugins.module_utils.settings.catalog_bridge import catalog_entries
from ansible_collections.hapair.panos.plugins.module_utils.settings.masking import ENCRYPTED_PREFIX, UPDATE_SECRETS
from ansible_collections.hapair.panos.plugins.module_utils.settings.options import OPTIONS
from ansible_collections.hapair.panos.plugins.module_utils.settings.plan import Context, Op, Planned
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task
from ansible_collections.hapair.panos.plugins.module_utils.selection import select_devices
from ansible_collections.hapair.panos.plugins.module_utils.redaction import SECRET_MASK, SECRET_TAG_RE
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import parse, to_string

PEER_CHOICES_HINT = 'provider, peer_provider, active, passive or a peer management address'
_VOLATILE_ATTRS = ('admin', 'dirtyId', 'time')
_HA = catalog.DEVICE_ROOT + '/deviceconfig/high-availability'


# ------------------------------------------------------------------------------- input (no device)

class Request:
    """The validated options of one peer_settings task."""

    def __init__(self, params):
        self.peer = params.get('peer') or 'provider'
        if self.peer == 'both':
            raise InvalidInput('peer_settings configures one peer per task; peer=both is not accepted', option='peer',
                               remedy='Run the task once per peer (%s), or use the hapair.panos.peer_settings role.'
                                      % PEER_CHOICES_HINT)
        self.allow_synced = bool(params.get('allow_synced'))
        self.update_secrets = params.get('update_secrets') or 'changed'
        if self.update_secrets not in UPDATE_SECRETS:
            raise InvalidInput('update_secrets must be one of %s' % ', '.join(UPDATE_SECRETS), option='update_secrets')
        self.timeout = int(params.get('timeout') or 600)
        self.overwrite_peer_changes = bool(params.get('overwrite_peer_changes'))
        self.options = {}
        for option in OPTIONS:
            value = params.get(option.name)
            if value is not None:
                option.validate(value)
                self.options[option.name] = value
        self.raw = [_raw_entry(entry, index) for index, entry in enumerate(params.get('raw') or [])]
        if not self.options and not self.raw:
            raise InvalidInput('nothing to configure: give at least one setting option or raw', option='raw')

    def validate_for_mode(self, mode):
        for option in OPTIONS:
            if option.name in self.options:
                option.validate(self.options[option.name], mode)


def _raw_entry(entry, index):
    where = 'raw[%d]' % index
    steps = parse_xpath(entry.get('xpath'), option=where + '.xpath')
    state = entry.get('state') or 'present'
    element = None
    if state == 'present':
        text = entry.get('element')
        if not text or not text.strip():
            raise InvalidInput('%s.element is required unless state=absent' % where, option=where + '.element')
        try:
            element = parse(text)
        except InvalidInput as exc:
            raise InvalidInput('%s.element is not well-formed XML (%s)' % (where, exc.message),
                               option=where + '.element') from None
        last = steps[-1]
        tag, name = (last if isinstance(last, tuple) else (last, None))
        if element.tag != tag or (name is not None and element.get('name') != name):
            want = '<%s name="%s">' % (tag, name) if name is not None else '<%s>' % tag
            raise InvalidInput('%s.element must be the node the XPath addresses (%s), not <%s>'
                               % (where, want, element.tag), option=where + '.element',
                               remedy='The element replaces the node at the XPath as a whole.')
    return {'where': where, 'steps': steps, 'state': state, 'element': element, 'xpath': entry.get('xpath')}


# ------------------------------------------------------------------------------- mode and catalog

def _why_syncs(item, mode, conditions):
    value = item['modes'][mode]
    if value in catalog.CONDITIONS:
        condition = catalog.CONDITIONS[value]
        return 'in %s because %s (%s)' % (mode, condition['title'], condition['where'])
    return 'in %s' % mode


def check_against_catalog(where, path_pattern, mode, conditions, allow_synced, active_name):
    """None when the setting is per-peer; else the Refused to raise (or, with allow_synced, the note)."""
    entries = catalog_entries(path_pattern)
    if not entries:
        return Refused('%s (%s) is not a per-peer setting in the sync catalog, so it syncs between the peers'
                       % (where, path_pattern), reason='item_syncs',
                       remedy='Configure it on the active peer%s and let HA synchronize it; set allow_synced: true '
                              'only for a deliberate per-peer exception.' % _on(active_name))
    synced = [item for item, _part in entries if catalog.syncs(item['key'], mode, conditions)]
    if not synced:
        return None
    item = synced[0]
    return Refused('%s belongs to "%s" (catalog item %s), which syncs between the peers %s'
                   % (where, item['title'], item['key'], _why_syncs(item, mode, conditions)),
                   reason='item_syncs',
                   remedy='Configure it on the active peer%s (%s) and let HA synchronize it to the other peer; '
                          'set allow_synced: true only for a deliberate per-peer exception (the commit\'s '
                          'config sync may still copy it to the other peer).'
                          % (_on(active_name), item['where'] or 'see docs/sync-catalog.md'))


def _on(name):
    return ' (%s)' % name if name else ''


# ------------------------------------------------------------------------------------------ raw

def canonical(elem):
    """A comparable form of an element: volatile attributes dropped, whitespace trimmed, children sorted."""
    if elem is None:
        return None
    attrs = tuple(sorted((k, v) for k, v in elem.attrib.items() if k not in _VOLATILE_ATTRS))
    children = tuple(sorted(canonical(child) for child in elem))
    return (elem.tag, attrs, (elem.text or '').strip() if not len(elem) else '', children)


def masked_xml(elem):
    """XML text of an element with secret leaves (and encrypted values) replaced by ********."""
    if elem is None:
        return None
    clone = ET.fromstring(ET.tostring(elem))
    for node in clone.iter():
        for attr in _VOLATILE_ATTRS:
            node.attrib.pop(attr, None)
        text = (node.text or '').strip()
        if text and (SECRET_TAG_RE.search(node.tag) or text.startswith(ENCRYPTED_PREFIX)):
            node.text = SECRET_MASK
    return to_string(clone)


def secret_texts(elem):
    return [(n.text or '').strip() for n in elem.iter()
            if SECRET_TAG_RE.search(n.tag) and (n.text or '').strip()] if elem is not None else []


def plan_raw(view, entries):
    planned = Planned([], [])
    for entry in entries:
        steps = entry['steps']
        have = view.find(steps)
        shown = {'xpath': to_xpath(steps)}
        if entry['state'] == 'absent':
            if have is not None:
                planned.ops.append(Op('delete', steps))
                planned.changes.append(entry['where'])
            planned.before.append(dict(shown, element=masked_xml(have)))
            planned.after.append(dict(shown, element=None))
            continue
        planned.before.append(dict(shown, element=masked_xml(have)))
        planned.after.append(dict(shown, element=masked_xml(entry['element'])))
        if canonical(have) != canonical(entry['element']):
            planned.ops.append(Op('edit', steps, entry['element'], secrets=secret_texts(entry['element'])))
            planned.changes.append(entry['where'])
    return planned


def _overlaps(a, b):
    n = min(len(a), len(b))
    return a[:n] == b[:n]


# ------------------------------------------------------------------------------------------ the task

class PeerSettings:
    """One peer_settings task against one peer of a discovered pair."""

    def __init__(self, request, pair, warn=None, poll_schedule=None):
        self.request = request
        self.pair = pair
        self.warn = warn or (lambda message: None)
        self.poll_schedule = poll_schedule or PollSchedule()
        pair.require_enabled()
        self.device = select_devices(pair, request.peer, single=True)[0]
        self.other = pair.other(self.device)
        # The other peer did not answer discovery: the guard refuses (its uncommitted changes cannot be checked)
        # unless overwrite_peer_changes; nothing else is asked of it.
        self.other_unreachable = None
        if self.other is not None and self.other.name not in pair.ha:
            self.other_unreachable = self.other
            self.other = None
        self.view = ConfigView(self.device)
        self.mode = read_mode(pair, self.device, self.view)
        self.conditions = read_conditions(self.view, self.mode)
        request.validate_for_mode(self.mode)
        self.synced_allowed = []

    # -- 3. the catalog check
    def check_catalog(self):
        active = self.pair.active.name if self.pair.active is not None else None
        checks = []
        for option in OPTIONS:
            if option.name in self.request.options:
                checks.extend(option.patterns(self.request.options[option.name]))
        checks.extend((entry['where'], pattern(entry['steps'])) for entry in self.request.raw)
        for where, path_pattern in checks:
            refusal = check_against_catalog(where, path_pattern, self.mode, self.conditions,
                                            self.request.allow_synced, active)
            if refusal is None:
                continue
            if not self.request.allow_synced:
                raise refusal.replace(device=self.device.name)
            self.synced_allowed.append(where)
        if self.synced_allowed:
            self.warn('allow_synced: %s sync between the peers in %s; configured on %s only, and the config sync '
                      'that follows the commit may copy them to the other peer.'
                      % (', '.join(self.synced_allowed), self.mode, self.device.name))

    # -- 4. the two views
    def plan(self, update_secrets=None, view=None):
        view = view or self.view
        ctx = Context(update_secrets or self.request.update_secrets, self.mode)
        settings, ops, changes = {}, [], []
        for option in OPTIONS:
            if option.name not in self.request.options:
                continue
            planned = option.plan(view, self.request.options[option.name], ctx)
            settings[option.name] = {'before': planned.before, 'after': planned.after}
            ops.extend(planned.ops)
            changes.extend(planned.changes)
        raw = plan_raw(view, self.request.raw)
        for raw_op in raw.ops:
            for op in ops:
                if _overlaps(raw_op.steps, op.steps):
                    raise InvalidInput('raw %s overlaps a typed option that writes %s; use one or the other'
                                       % (label(raw_op.steps), label(op.steps)), option='raw')
        ops.extend(raw.ops)
        changes.extend(raw.changes)
        return {'settings': settings, 'raw': list(zip(raw.before, raw.after, strict=True)), 'ops': ops, 'changes': changes,
                'uncompared_secrets': ctx.uncompared_secrets}

    # -- 4b. settings that must differ between the peers
    def check_must_differ(self, ops):
        """Refuse, before anything is sent, a change that would give this peer the value the other peer has for a
        setting that must differ (catalog rule must_differ: hostname, management address, election device priority,
        A/A device ID, per-peer interface addresses ...). Settings already equal before the change are left to the
        drift report. Returns {where: new value} of the must-differ settings this change sets (the role compares
        the two peers' planned values with it before changing either)."""
        # Only the options this task sets can change a must-differ setting (raw XPaths can change any).
        items = must_differ_items(self.mode, self.conditions, None if self.request.raw else set(self.request.options))
        if not items or not ops:
            return {}
        other_view = ConfigView(self.other) if self.other is not None else None  # read only if needed
        changed, new = must_differ_effects(self.view, PredictedView(self.view, ops), other_view, items, self.mode)
        if new:
            raise Refused('This change would give %s the same value as %s for settings that must differ between '
                          'the peers: %s' % (self.device.name, self.other.name,
                                             '; '.join('%s (%s)' % (e['title'], e['evidence']) for e in new)),
                          device=self.device.name, reason='must_differ_equal',
                          remedy='Give each peer its own value (peer_settings_peers in the role); nothing was changed.')
        return changed

    # -- 5. guards
    def guard(self, ops, check_mode=False):
        """Every check before the change; returns the ReceiverHold to do the change in (it checks the peer the commit
        syncs to, and holds our config lock there until that sync is over)."""
        guard_change(self.device, list(dict.fromkeys(to_xpath(op.steps) for op in ops)))
        if not self.config_sync_enabled():
            return ReceiverHold([], 'the commit on %s' % self.device.name)
        # The commit starts PAN-OS's automatic config sync, which replaces the other peer's candidate. A peer that did
        # not answer discovery, or whose address is unknown, is not contacted again: it cannot be checked.
        receivers = [self.other] if self.other is not None else []
        unreachable = {}
        error = self.pair.error_of(self.other_unreachable) if self.other_unreachable is not None else self.pair.peer_error
        if self.other is None and error is not None:
            name = self.other_unreachable.name if self.other_unreachable is not None else 'the other peer'
            unreachable[name] = error
        return ReceiverHold(receivers, 'the commit on %s (config sync enabled)' % self.device.name,
                            overwrite=self.request.overwrite_peer_changes, warn=self.warn, unreachable=unreachable,
                            check_mode=check_mode)

    def config_sync_enabled(self):
        return (self.pair.ha.get(self.device.name) or {}).get('local', {}).get('config_sync_enabled') is not False

    # -- 6. apply
    def apply(self, ops):
        for op in ops:
            for secret in op.secrets:
                self.device.add_secret(secret)
        last_peer_job = None if self.other is None else newest_job_id(self.other)
        names = sorted(set(self.request.options) | ({'raw'} if self.request.raw else set()))
        undo = UndoPlan(self.device)
        try:
            for op in ops:
                xpath = to_xpath(op.steps)
                if op.action == 'delete':
                    self.device.config_delete(xpath)
                elif op.action == 'set':
                    self.device.config_set(xpath, op.element)
                else:
                    self.device.config_edit(xpath, op.element)
            commit = commit_own_changes(self.device, 'hapair.panos peer_settings: %s' % ', '.join(names),
                                        self.request.timeout, self.poll_schedule,
                                        xpaths=[to_xpath(op.steps) for op in ops])
        except JobTimeout:
            raise  # the commit may still finish with our change: leave the candidate alone
        except HapairError as exc:
            raise undo.undone(lambda: self._put_back(ops), exc) from None
        peer_sync = self._wait_peer_sync(last_peer_job) if commit is not None else None
        return commit, peer_sync

    def _put_back(self, ops):
        """After a failed write or commit, make the candidate equal the running config again where we wrote
        (from the running config read before the change), so our uncommitted change is not left behind for
        someone else's commit. Used when UndoPlan cannot revert (someone else had uncommitted changes too)."""
        targets = []
        for op in ops:
            target = op.steps + ((op.element.tag,) if op.action == 'set' else ())
            if target not in targets:
                targets.append(target)
        for target in targets:
            node = self.view.find(target)
            if node is None:
                self.device.config_delete(to_xpath(target))
            else:
                self.device.config_edit(to_xpath(target), node)

    def _wait_peer_sync(self, last_id):
        """The HA-Sync job our commit started on the other peer, waited for (None when there is none).

        Looked for once, right after the commit job finished (the peer queues it as part of the commit); a
        device that queues it later is not waited for.
        """
        if self.other is None or last_id is None:
            return None
        jobs = find_jobs(self.other, types=('HA-Sync',), newer_than_id=last_id)
        if not jobs:
            return None
        job = jobs[-1]  # the oldest new one: the sync of our commit
        try:
            if not job['finished']:
                job = wait_for_job(self.other, job['id'], timeout=self.request.timeout,
                                   poll_schedule=self.poll_schedule)
        except JobFailed as exc:
            self.warn('The HA-Sync job %s that the commit started on %s failed: %s %s'
                      % (job['id'], self.other.name, exc.message, exc.remedy or ''))
            return describe_job(exc.job)
        return describe_job(job)

    def verify(self):
        fresh = ConfigView(self.device)
        again = self.plan(update_secrets='changed', view=fresh)
        if again['changes']:
            raise VerificationFailed('After the commit %s still differs from what was asked: %s'
                                     % (self.device.name, ', '.join(again['changes'])), device=self.device.name,
                                     reason='not_applied',
                                     remedy='Check the commit job with hapair.panos.job_info and the values the '
                                            'device accepts for these settings, then re-run.')


class PeerSettingsTask(Task):
    """The peer_settings module: the engine above (PeerSettings) driven by task.run_task."""

    def __init__(self, params, warn=None, poll_schedule=None):
        super().__init__(params, warn)
        self.request = params if isinstance(params, Request) else Request(params)  # every input error, before a request
        self.poll_schedule = poll_schedule
        self.engine = None

    def plan(self, pair):
        engine = self.engine = PeerSettings(self.request, pair, warn=self.warn, poll_schedule=self.poll_schedule)
        engine.check_catalog()
        planned = engine.plan()
        if planned['uncompared_secrets']:
            engine.warn('Not compared, because %s stores them encrypted, and left as they are: %s. Set update_secrets: '
                        'always to rewrite them.' % (engine.device.name, ', '.join(planned['uncompared_secrets'])))
        raw = [{'xpath': before['xpath'], 'before': before['element'], 'after': after['element']}
               for before, after in planned['raw']]
        before = {name: view['before'] for name, view in planned['settings'].items()}
        after = {name: view['after'] for name, view in planned['settings'].items()}
        if self.request.raw:
            before['raw'] = [item['before'] for item in raw]
            after['raw'] = [item['after'] for item in raw]
        ops = planned['ops']
        changes = (list(planned['changes']) or ['%d raw operation(s)' % len(ops)]) if ops else []
        facts = {'planned': planned, 'raw': raw, 'pair': pair,
                 'must_differ_after': engine.check_must_differ(ops) if ops else {}}
        return Plan(before=before, after=after, changes=changes, operations=ops, facts=facts,
                    diff_header=engine.device.name)

    def guard(self, plan, check_mode):
        return self.engine.guard(plan.operations, check_mode)

    def apply(self, plan):
        commit, peer_sync = self.engine.apply(plan.operations)
        return {'commit_job': describe_job(commit) if commit else None, 'peer_sync_job': peer_sync}

    def verify(self, plan, applied):
        self.engine.verify()

    def result(self, plan, applied, verified, check_mode):
        engine, planned = self.engine, plan.facts['planned']
        result = {
            'peer': engine.device.name,
            'peer_role': plan.facts['pair'].role(engine.device),
            'mode': engine.mode,
            'conditions': engine.conditions,
            'changes': planned['changes'],
            'settings': planned['settings'],
            'raw': plan.facts['raw'],
            'synced_allowed': engine.synced_allowed,
            'commit_job': None,
            'peer_sync_job': None,
            'must_differ_after': plan.facts['must_differ_after'],
        }
        result.update(applied or {})
        return result
