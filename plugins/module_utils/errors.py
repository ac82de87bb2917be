# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one exception hierarchy of hapair.panos.

Every failure a module can report is a HapairError. Each error knows how to
report itself: ``module.fail_json(**err.to_fail_kwargs())`` gives a message that
names the device and says what to do, plus structured keys for playbooks
(``error``, ``device``, ``remedy``, ``details``, ``reason``).

Messages never contain secrets: the connection layer redacts every text that
came from the transport before it builds one of these.

Errors are built complete: a caller that knows more than the code that raised
(what had already been done, the option name the user wrote) raises
``err.replace(message=...)``, a new error, instead of rewriting ``err``. This
module imports nothing of the collection, so a module that only needs an error
class does not ship the catalog: where an error needs a classification
(failure_reasons), the code that raises it passes it in.
"""

from __future__ import annotations


class HapairError(Exception):
    """Base class. ``kind`` is the stable snake_case name returned as ``error``."""

    kind = 'error'
    default_remedy = None

    def __init__(self, message, device=None, remedy=None, details=None, reason=None):
        self.message = _one_line(message)
        self.device = device
        self.remedy = remedy if remedy is not None else self.default_remedy
        self.details = details
        self.reason = reason
        super().__init__(self.msg)

    def __str__(self):
        return self.msg

    @property
    def msg(self):
        """message + ' on <device>' + '. ' + remedy."""
        text = self.message.rstrip(' .')
        if self.device:
            text += f' on {self.device}'
        text += '.'
        if self.remedy:
            text += ' ' + self.remedy
        return text

    def replace(self, **changes):
        """A new error like this one with some fields changed (message, device, remedy, details, reason, or a field
        of the subclass such as InvalidInput.option); this one is left as it is. The copy keeps the class (so its
        kind) and the subclass's own fields (ApiError.code, JobFailed.job, ...)."""
        new = type(self).__new__(type(self))  # not copy.copy: it would call the subclass's constructor with args
        new.__dict__.update(self.__dict__)
        base = {key: changes.pop(key, getattr(self, key)) for key in ('message', 'device', 'remedy', 'details', 'reason')}
        for key, value in changes.items():
            if not hasattr(self, key):
                raise TypeError(f'{type(self).__name__} has no field {key!r}')
            setattr(new, key, value)
        HapairError.__init__(new, **base)
        return new

    def to_fail_kwargs(self):
        """Keyword arguments for AnsibleModule.fail_json()."""
        kwargs = {'msg': self.msg, 'error': self.kind}
        for key in ('device', 'remedy', 'details', 'reason'):
            value = getattr(self, key)
            if value is not None:
                kwargs[key] = value
        return kwargs


class MissingDependency(HapairError):
    kind = 'missing_dependency'

    def __init__(self, library, import_error=None):
        import sys  # the interpreter that ran the module is the one that lacks the library
        super().__init__(
            f'Python library "{library}" is required but not installed for {sys.executable}, the Python that ran '
            'this module',
            remedy=f'Install it there ({sys.executable} -m pip install {library}), or point the host at the Python '
                   'that has it: ansible_python_interpreter: "{{ ansible_playbook_python }}" for localhost '
                   '(docs/connection.md).',
            details=import_error,
        )


class InvalidInput(HapairError):
    """Bad option values, detected before any request is sent."""

    kind = 'invalid_input'

    def __init__(self, message, option=None, device=None, remedy=None, details=None, reason=None):
        self.option = option
        super().__init__(message, device=device, remedy=remedy, details=details, reason=reason)

    def to_fail_kwargs(self):
        kwargs = super().to_fail_kwargs()
        if self.option:
            kwargs['option'] = self.option
        return kwargs


class ConnectionFailed(HapairError):
    """The device could not be reached (refused, timed out, no route, HTTP 5xx after retries)."""

    kind = 'connection_failed'
    default_remedy = ('Check provider.ip_address and provider.port, that the management interface allows HTTPS '
                      'from this controller, and that the device is up.')


class TlsVerificationFailed(ConnectionFailed):
    """The device's TLS certificate did not verify. Never retried."""

    kind = 'tls_verification_failed'
    default_remedy = ('Set provider.ca_path to the CA that signed the device certificate, '
                      'or set provider.validate_certs=false (not recommended).')


class AuthenticationFailed(HapairError):
    """403 / Invalid Credential. Never retried; never carries the secret."""

    kind = 'authentication_failed'
    default_remedy = ('Check provider.username and provider.password (or provider.api_key); an API key stops working '
                      "when the admin's password or the device master key changes.")


# Every code of the PAN-OS XML API error table (reference/panos-xml/error_codes.md):
# code -> (name, what to do). 19 and 20 are success codes, listed so that every
# code the device can send has a name.
API_ERROR_CODES = {
    400: ('Bad request', 'A parameter was missing or illegal; this is a bug in hapair.panos or an unsupported PAN-OS '
          'version, please report it.'),
    403: ('Forbidden', AuthenticationFailed.default_remedy),
    1: ('Unknown command', 'The command is not known to this PAN-OS version; check that the version is supported.'),
    2: ('Internal error', 'Retry later; contact Palo Alto Networks support if it persists.'),
    3: ('Internal error', 'Retry later; contact Palo Alto Networks support if it persists.'),
    4: ('Internal error', 'Retry later; contact Palo Alto Networks support if it persists.'),
    5: ('Internal error', 'Retry later; contact Palo Alto Networks support if it persists.'),
    6: ('Bad Xpath', 'The XPath is not valid on this PAN-OS version; check the option values and the version.'),
    7: ('Object not present', 'The object does not exist on the device; check its name.'),
    8: ('Object not unique', 'More than one object matches; use a more specific name.'),
    10: ('Reference count not zero', 'Other configuration still refers to this object; remove those references first.'),
    11: ('Internal error', 'Retry later; contact Palo Alto Networks support if it persists.'),
    12: ('Invalid object', 'The device rejected the values; fix the values named in the details.'),
    13: ('Object not found', 'An object named in the request does not exist on the device; create it or fix the name.'),
    14: ('Operation not possible', 'The operation is not possible in the current state of the device; see the details.'),
    15: ('Operation denied', 'The device refused the operation (for example it is not allowed on a passive peer or for '
         'this admin); run it on the active peer or as an admin who may.'),
    16: ('Unauthorized', 'The admin role lacks XML API permission for this request; grant it under Device > Admin Roles '
         '> XML API.'),
    17: ('Invalid command', 'The command or its parameters are not valid on this PAN-OS version; check the version and '
         'the option values.'),
    18: ('Malformed command', 'The request XML was malformed; this is a bug in hapair.panos, please report it.'),
    19: ('Success', None),
    20: ('Success', None),
    21: ('Internal error', 'Retry later; contact Palo Alto Networks support if it persists.'),
    22: ('Session timed out', 'The API session timed out; re-run the task.'),
}

UNKNOWN_API_ERROR = ('Unspecified API error', 'See the details; check the system log of the device.')


def api_code_info(code):
    """(name, remedy) of a PAN-OS API code (int, numeric str or None)."""
    try:
        return API_ERROR_CODES[int(code)]
    except (TypeError, ValueError, KeyError):
        return UNKNOWN_API_ERROR


class ApiError(HapairError):
    """A ``<response status="error">`` from the device (or an HTTP 4xx it sent)."""

    kind = 'api_error'

    def __init__(self, code, text=None, device=None, remedy=None, details=None, reason=None):
        self.code = _int_or_none(code)
        self.text = _one_line(text) or None
        name, table_remedy = api_code_info(code)
        self.code_name = name
        message = 'PAN-OS API error'
        if self.code is not None:
            message += f' {self.code} ({name})'
        if self.text:
            message += f': {self.text}'
        if remedy is None:
            remedy = table_remedy
        super().__init__(message, device=device, remedy=remedy, details=details, reason=reason)

    @property
    def not_found(self):
        """True when the error means the addressed object does not exist."""
        return self.code in (7, 13) or (self.text or '').startswith('No such node')

    def to_fail_kwargs(self):
        kwargs = super().to_fail_kwargs()
        if self.code is not None:
            kwargs['code'] = self.code
        return kwargs


class DeviceBusy(HapairError):
    """A commit, sync or install is running, or another admin holds a lock / has pending changes."""

    kind = 'device_busy'
    default_remedy = 'Wait for the running operation to finish or for the lock to be released, then retry.'

    def __init__(self, message, device=None, remedy=None, details=None, reason=None, code=None):
        self.code = _int_or_none(code)
        super().__init__(message, device=device, remedy=remedy, details=details, reason=reason)


class Refused(HapairError):
    """A precondition refusal: the collection will not do this (e.g. push from the passive peer)."""

    kind = 'refused'


class VerificationFailed(HapairError):
    """The change was made (the device accepted it, its job finished), but reading the device back does not show
    it: the HA-Sync left running-sync unsynchronized or the clocks apart, a commit left a setting other than asked,
    the HA states did not settle, the new master key has no expiry. ``reason`` says which."""

    kind = 'verification_failed'


class JobFailed(HapairError):
    """A job finished with result FAIL. Carries the parsed job and its classified reason.

    jobs.job_failed() builds one from a job (it classifies the detail lines); reason, remedy and headline (the
    detail line that names the cause, put in the message) come from there."""

    kind = 'job_failed'

    def __init__(self, job, device=None, reason=None, remedy=None, headline=None):
        self.job = job
        message = '%s job' % (job.get('type') or 'A')
        if job.get('id') is not None:
            message += f" {job['id']}"
        message += ' failed'
        if headline:
            message += f': {headline}'
        super().__init__(message, device=device, remedy=remedy, details=list(job.get('details') or []),
                         reason=reason)

    def to_fail_kwargs(self):
        kwargs = super().to_fail_kwargs()
        kwargs['job'] = self.job
        return kwargs


class JobNotFound(HapairError):
    """The device answers "job N not found" (code 7) for a job we were told to wait for."""

    kind = 'job_not_found'

    def __init__(self, job_id, device=None):
        self.job_id = job_id
        super().__init__(f'Job {job_id} not found', device=device, reason='job_not_found',
                         remedy='The device does not know this job id (it may have been restarted, or the id is '
                                'wrong); list its jobs with hapair.panos.job_info.')

    def to_fail_kwargs(self):
        kwargs = super().to_fail_kwargs()
        kwargs['job_id'] = self.job_id
        return kwargs


class JobTimeout(HapairError):
    """A job did not finish within the timeout. The job may still finish on the device."""

    kind = 'job_timeout'

    def __init__(self, job_id, timeout, device=None, job=None):
        self.job_id = job_id
        self.timeout = timeout
        self.job = job
        state = ''
        if job:
            state = f" (last seen: status {job.get('status')}, progress {job.get('progress')})"
        super().__init__(
            f'Job {job_id} did not finish within {timeout} seconds{state}',
            device=device,
            remedy='The job may still be running: check it with hapair.panos.job_info, or raise the timeout option.',
            reason='timeout',
        )

    def to_fail_kwargs(self):
        kwargs = super().to_fail_kwargs()
        kwargs['job_id'] = self.job_id
        if self.job is not None:
            kwargs['job'] = self.job
        return kwargs


def _one_line(text):
    """Messages are single lines; multi-line device texts are joined with '; '."""
    text = '' if text is None else str(text)
    parts = [part.strip() for part in text.splitlines()]
    return '; '.join(part for part in parts if part)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class PeersFailed(HapairError):
    """A task that acts on both peers at once where one peer's part (or both) failed: the first failure's message,
    kind, reason and remedy, and what each peer's part did in ``peers`` (its result, or its failure with
    ``failed: true``), so a caller can tell which peer is in which state."""

    def __init__(self, first, peers):
        super().__init__(first.message, device=first.device, remedy=first.remedy, details=first.details,
                         reason=first.reason)
        self.kind = first.kind
        self.peers = peers

    def to_fail_kwargs(self):
        kwargs = super().to_fail_kwargs()
        kwargs['peers'] = self.peers
        return kwargs


class PreflightFailed(HapairError):
    """fail_on_blockers: the pair has blockers. Carries the whole report, so the failed task still returns it."""

    kind = 'preflight_failed'

    def __init__(self, report):
        self.report = report
        listing = '; '.join('%s (%s): %s' % (f['code'], f['peer'], f['remedy']) for f in report['blockers'])
        super().__init__('Preflight found %d blocker(s): %s' % (len(report['blockers']), listing),
                         reason='sync_blockers',
                         remedy='Fix each blocker as its remedy says and re-run; the full report is in blockers, '
                                'warning_findings and checks.')

    def to_fail_kwargs(self):
        kwargs = dict(self.report)
        kwargs.update(super().to_fail_kwargs())
        return kwargs


class MasterKeyCheckFailed(HapairError):
    """master_key_info thresholds or disagreement: carries the whole report so playbooks still see it."""

    kind = 'master_key_check_failed'

    def __init__(self, message, report, reason, remedy):
        self.report = report
        super().__init__(message, remedy=remedy, reason=reason)

    def to_fail_kwargs(self):
        kwargs = dict(self.report)
        kwargs.update(super().to_fail_kwargs())
        return kwargs


class ReportFileError(Exception):
    """A report file could not be written (report_file.py, for the report and fleet_report action plugins, which
    fail the task with its text); the message names the path and says what to do. Not a HapairError: it names no
    device, and the action plugins report it on the controller."""
