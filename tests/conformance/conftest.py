# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The conformance suite's pytest wiring.

- test_real_pair.py (the suite against a real pair) is collected only when HAPAIR_CONFORMANCE_HOST is set;
  otherwise the run says which variables to set. test_against_emulator.py and test_sanitize.py always run.
- The pair is read once per session (the ``conformance`` fixture); at the end the answers are recorded
  (HAPAIR_CONFORMANCE_RECORD / --record) and the summary and fidelity table are printed.
"""

from __future__ import annotations

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from hapair_conformance import settings as conformance_settings  # noqa: E402

collect_ignore = [] if conformance_settings.configured() else ['test_real_pair.py']

RUN_KEY = pytest.StashKey()
REPORT_KEY = pytest.StashKey()


def pytest_configure(config):
    config.stash[REPORT_KEY] = []
    # pan.xapi probes ssl.PROTOCOL_SSLv23 whenever it is given an ssl_context: noise, not ours to fix
    config.addinivalue_line('filterwarnings', 'ignore:ssl.PROTOCOL_TLS is deprecated:DeprecationWarning')


def add_report(config, text):
    """A block of text printed at the end of the run (summary, fidelity table, what was recorded)."""
    config.stash[REPORT_KEY].append(text)


@pytest.fixture(scope='session')
def conformance(request):
    """The Run against the pair of the environment (discovered once, every read cached)."""
    try:
        settings = conformance_settings.Settings()
    except conformance_settings.SettingsError as exc:
        pytest.exit(str(exc), returncode=4)
    from hapair_conformance import record
    from hapair_conformance.session import Run
    from readers import READERS

    run = Run(settings).start()
    request.config.stash[RUN_KEY] = run
    if run.discovery_error is not None:
        run.stop()
        error = run.discovery_error
        pytest.exit('cannot read the pair from %s: %s [here provider.<option> is HAPAIR_CONFORMANCE_<OPTION>, e.g. '
                    'provider.ca_path = HAPAIR_CONFORMANCE_CA_PATH]' % (settings.host, error), returncode=3)
    yield run
    run.stop()
    from hapair_conformance import fidelity
    add_report(request.config, run.summary())
    add_report(request.config, fidelity.table(run.fidelity_rows, run.fidelity_note, run.fidelity_skipped))
    if settings.record:
        entries = record.write(run, settings.record, readers=READERS)
        lines = ['Recorded %d sanitized answers and MANIFEST.yml into %s (review them before contributing: '
                 'docs/conformance.md)' % (len(entries), settings.record)]
        left = record.stale(settings.record, entries)
        if left:
            lines.append('  not from this run (left as they were): %s' % ', '.join(left))
        add_report(request.config, '\n'.join(lines))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    wanted_real = any('test_real_pair' in str(arg) for arg in config.args)
    if not conformance_settings.configured() and wanted_real:
        terminalreporter.write_sep('-', 'conformance suite not run')
        terminalreporter.write_line(conformance_settings.usage())
    elif not conformance_settings.configured() and any(os.path.abspath(str(a)).rstrip('/') == HERE for a in config.args):
        terminalreporter.write_line('tests/conformance/test_real_pair.py not collected: HAPAIR_CONFORMANCE_HOST is '
                                    'not set (docs/conformance.md)')
    blocks = config.stash.get(REPORT_KEY, [])
    if blocks:
        terminalreporter.write_sep('=', 'hapair.panos conformance')
        for block in blocks:
            terminalreporter.write_line(block)
            terminalreporter.write_line('')
