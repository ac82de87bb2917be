#!/usr/bin/env python3
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the read-only conformance suite against a real PAN-OS HA pair (docs/conformance.md).

    HAPAIR_CONFORMANCE_HOST=192.0.2.10 HAPAIR_CONFORMANCE_USERNAME=admin HAPAIR_CONFORMANCE_PASSWORD=... \\
        .venv/bin/python tests/conformance/run_conformance.py [--record DIR] [pytest options]

Exit status: 0 every check passed, 1 some failed, 2 the environment is incomplete or the collection is not
built, 3 the pair cannot be read at all (address, TLS, credentials). Importable: ``main(argv) -> int``.
"""

from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from hapair_conformance import paths, settings  # noqa: E402

SUITE = os.path.join(HERE, 'test_real_pair.py')


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='run_conformance.py',
        description='Read-only conformance suite of hapair.panos against a real HA pair. The pair and the '
                    'credentials come from the environment:\n' + settings.usage(),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--record', metavar='DIR',
                        help='write every answer, sanitized, with a MANIFEST.yml in the corpus format into DIR')
    parser.add_argument('-v', '--verbose', action='store_true', help='one line per test')
    parser.add_argument('pytest_args', nargs=argparse.REMAINDER, help='passed on to pytest (e.g. -k ha_state)')
    return parser.parse_args(argv)


def pytest_argv(args):
    argv = [SUITE, '-p', 'no:cacheprovider', '-p', 'no:xdist', '-rfEs', '-v' if args.verbose else '-q',
            '--rootdir', paths.ROOT]
    return argv + [a for a in args.pytest_args if a != '--']


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.record:
        os.environ[settings.RECORD] = os.path.abspath(args.record)
    try:
        settings.Settings()
    except settings.SettingsError as exc:
        print('run_conformance.py: %s' % exc, file=sys.stderr)
        return 2
    try:
        paths.setup()
        if args.record:
            from hapair_conformance import record
            record.check_target(os.environ[settings.RECORD])
    except (paths.BuildMissing, RuntimeError) as exc:
        print('run_conformance.py: %s' % exc, file=sys.stderr)
        return 2
    import pytest
    return int(pytest.main(pytest_argv(args)))


if __name__ == '__main__':
    sys.exit(main())
