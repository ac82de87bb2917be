# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Report files on the controller (module_utils/report_file.py): atomic JSON, modes, directories, start times."""

from __future__ import annotations

import json
import os
import stat
from collections import OrderedDict, UserDict

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import report_file as rf


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_writes_nice_json_0600_and_creates_directories_0700(tmp_path, loose_umask):
    target = tmp_path / 'a' / 'b' / 'report.json'
    written = rf.write_json(str(target), {'b': [1, None, True], 'a': 'é', 'n': None})
    assert written == {'path': str(target), 'created_dirs': [str(tmp_path / 'a'), str(tmp_path / 'a' / 'b')],
                       'existed': False, 'same': False}
    assert target.read_text(encoding='utf-8') == '{\n    "a": "é",\n    "b": [\n        1,\n        null,\n        true\n    ],\n    "n": null\n}\n'
    assert mode(target) == 0o600 and mode(tmp_path / 'a') == 0o700 and mode(tmp_path / 'a' / 'b') == 0o700


def test_an_existing_directory_keeps_its_mode_and_the_file_is_replaced(tmp_path):
    os.chmod(tmp_path, 0o755)
    target = tmp_path / 'report.json'
    target.write_text('old')
    os.chmod(target, 0o644)
    written = rf.write_json(str(target), {'x': 1})
    assert written['existed'] and not written['same'] and written['created_dirs'] == []
    assert json.loads(target.read_text()) == {'x': 1} and mode(target) == 0o600 and mode(tmp_path) == 0o755
    assert rf.write_json(str(target), {'x': 1})['same'] is True
    assert [p.name for p in tmp_path.iterdir()] == ['report.json'], 'a temporary file was left behind'


def test_a_failed_write_leaves_the_old_report_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / 'report.json'
    rf.write_json(str(target), {'v': 'old'})

    def broken_replace(src, dst):
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(rf.os, 'replace', broken_replace)
    with pytest.raises(rf.ReportFileError, match='No space left on device'):
        rf.write_json(str(target), {'v': 'new'})
    assert json.loads(target.read_text()) == {'v': 'old'} and [p.name for p in tmp_path.iterdir()] == ['report.json']


def test_a_file_where_the_directory_should_be(tmp_path):
    (tmp_path / 'reports').write_text('')
    with pytest.raises(rf.ReportFileError, match='is not a directory'):
        rf.write_json(str(tmp_path / 'reports' / 'x.json'), {})


def test_content_must_be_a_dict(tmp_path):
    with pytest.raises(rf.ReportFileError, match='must be a dict'):
        rf.write_json(str(tmp_path / 'x.json'), ['a'])


class Tagged(str):
    """What templating may hand over: a str subclass (ansible-core 2.19 tags values)."""


def test_plain_reads_containers_through_python_iteration():
    class LazyList(list):
        def __iter__(self):
            return (item.upper() for item in super().__iter__())

    value = {'d': UserDict({'k': Tagged('v')}), 'o': OrderedDict(a=1), 'l': LazyList(['x']), 't': (1, 2.5), 's': {3, 1},
             1: False}
    assert rf.plain(value) == {'d': {'k': 'v'}, 'o': {'a': 1}, 'l': ['X'], 't': [1, 2.5], 's': [1, 3], '1': False}
    assert rf.plain(Tagged('x')).__class__ is str


def test_process_started_from_proc(tmp_path):
    (tmp_path / '42').mkdir()
    # comm with a space and a parenthesis; starttime (field 22) = 250 ticks
    fields = ['S'] + ['0'] * 18 + ['250'] + ['0'] * 30
    (tmp_path / '42' / 'stat').write_text('42 (ansible (x) y) ' + ' '.join(fields))
    (tmp_path / 'stat').write_text('cpu 1 2 3\nbtime 1700000000\n')
    assert rf.process_started(42, proc=str(tmp_path)) == 1700000000 + 250 / os.sysconf('SC_CLK_TCK')
    assert rf.process_started(43, proc=str(tmp_path)) is None


def test_process_started_of_this_process_is_in_the_past():
    import time

    started = rf.process_started(os.getpid())
    if os.path.exists('/proc/self/stat'):
        assert started is not None and started <= time.time() + 1
    else:
        assert started is None
