"""Every link in the shipped documentation resolves for someone who installed the collection.

The artefact that `ansible-galaxy collection build` makes (honouring galaxy.yml's build_ignore) leaves out the
emulator, the real-sample corpus, tools/, the Makefile, mk/, docs/dev/ ...  A relative link from a shipped page to
one of those is broken on Automation Hub, on Galaxy and in every installed copy, so a shipped .md, .rst or .yml
file may link relatively only to a path inside the artefact; what is not shipped is linked by its repository URL.
Those repository URLs (galaxy.yml `repository` + /blob/<ref>/ or /tree/<ref>/) must name a path of this tree.
"""

import posixpath
import re
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOC_SUFFIXES = ('.md', '.rst', '.yml', '.yaml')

# A target with a scheme (https:, mailto:) or a network path (//host) is not relative.
ABSOLUTE = re.compile(r'^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)')

FENCE = re.compile(r'^\s*(```|~~~)')
CODE_SPAN = re.compile(r'(`+)(?:(?!\1).)+?\1')
MD_INLINE = re.compile(r'!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+["\'(][^)]*)?\)')
MD_REFERENCE = re.compile(r'^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$')
HTML_LINK = re.compile(r'\b(?:href|src)\s*=\s*["\']([^"\']+)["\']', re.IGNORECASE)
# `text <target>`_ (a hyperlink, not :role:`text <target>`) and the directives that name files.
RST_HYPERLINK = re.compile(r'(?<![:\w])`[^`<]*<([^>`]+)>`__?')
RST_TARGET = re.compile(r'^\s*\.\. _[^:]+:\s*(\S+)\s*$')
RST_DIRECTIVE = re.compile(r'^\s*\.\. (?:image|figure|include|literalinclude)::\s*(\S+)\s*$')
# antsibull-docs markup in YAML documentation (role argument specs, extra docs): L(text,target).
ANSIBLE_LINK = re.compile(r'\bL\([^,()]*,\s*([^)\s]+)\s*\)')


# CommonMark backslash escapes, which a link destination may hold (antsibull-docs-parser writes `job\_info\.md`).
MD_ESCAPE = re.compile(r'\\([!-/:-@\[-`{-~])')


def _markdown_targets(text):
    for target in _markdown_raw_targets(text):
        yield MD_ESCAPE.sub(r'\1', target)


def _markdown_raw_targets(text):
    in_fence = False
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        line = CODE_SPAN.sub('', line)
        yield from MD_INLINE.findall(line)
        yield from MD_REFERENCE.findall(line)
        yield from HTML_LINK.findall(line)


def _rst_targets(text):
    literal_indent = None
    for line in text.splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if literal_indent is not None:
            if not stripped or indent > literal_indent:
                continue
            literal_indent = None
        if re.match(r'\.\. code(?:-block)?::', stripped) or stripped.endswith('::') and not stripped.startswith('.. '):
            literal_indent = indent
        for target in RST_HYPERLINK.findall(line):
            if not target.endswith('_'):  # `text <label_>`_ points to a label, not a file
                yield target
        yield from RST_TARGET.findall(line)
        yield from RST_DIRECTIVE.findall(line)


def _yaml_targets(text):
    yield from MD_INLINE.findall(text)
    yield from ANSIBLE_LINK.findall(text)


def link_targets(name, text):
    """The link targets written in the file `name` (its suffix says how to read it)."""
    if name.endswith('.md'):
        return list(_markdown_targets(text))
    if name.endswith('.rst'):
        return list(_rst_targets(text))
    return list(_yaml_targets(text))


def broken_relative_links(name, text, shipped):
    """(target, why) for each relative link of `name` that does not resolve to a member of `shipped`."""
    directories = {posixpath.dirname(member) for member in shipped}
    for parent in list(directories):
        while parent:
            parent = posixpath.dirname(parent)
            directories.add(parent)
    broken = []
    for target in link_targets(name, text):
        if ABSOLUTE.match(target) or target.startswith('#'):
            continue
        path = unquote(target.split('#', 1)[0].split('?', 1)[0])
        if not path:
            continue
        if path.startswith('/'):
            broken.append((target, 'root-relative: resolves against the host that shows the page'))
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
        if resolved == '..' or resolved.startswith('../'):
            broken.append((target, 'points outside the collection'))
        elif resolved not in shipped and resolved not in directories:
            broken.append((target, '%s is not in the artefact' % resolved))
    return broken


@pytest.fixture(scope='module')
def artefact(tmp_path_factory):
    """{member path: text} of the artefact built from this tree, as `make collection` builds it."""
    out = tmp_path_factory.mktemp('dist')
    galaxy = Path(sys.executable).with_name('ansible-galaxy')
    cmd = [str(galaxy) if galaxy.exists() else 'ansible-galaxy', 'collection', 'build', '--output-path', str(out), str(ROOT)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (tarball,) = out.glob('*.tar.gz')
    members = {}
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            if member.isfile():
                text = None
                if member.name.endswith(DOC_SUFFIXES):
                    text = tar.extractfile(member).read().decode('utf-8')
                members[posixpath.normpath(member.name)] = text
    return members


def test_artefact_holds_the_user_docs(artefact):
    # The check below is only as good as the file list: make sure it is the real one.
    for path in ('README.md', 'LICENSE', 'CHANGELOG.md', 'docs/connection.md', 'meta/runtime.yml'):
        assert path in artefact
    for left_out in ('Makefile', 'tools/demo.sh', 'tests/emulator/README.md', 'docs/dev/CONVENTIONS.md'):
        assert left_out not in artefact


def test_no_shipped_relative_link_leaves_the_artefact(artefact):
    shipped = set(artefact)
    problems = []
    for name, text in sorted(artefact.items()):
        if text is None:
            continue
        for target, why in broken_relative_links(name, text, shipped):
            problems.append('%s: (%s) %s' % (name, target, why))
    assert not problems, 'link by repository URL what the artefact does not ship:\n' + '\n'.join(problems)


def test_repository_links_name_paths_of_this_tree(artefact):
    repository = yaml.safe_load((ROOT / 'galaxy.yml').read_text(encoding='utf-8'))['repository'].rstrip('/')
    into_tree = re.compile(re.escape(repository) + r'/(?:blob|tree)/[^/\s)]+/([^\s)#?>"\'`]+)')
    problems = []
    for name, text in sorted(artefact.items()):
        for path in into_tree.findall(text or ''):
            if not (ROOT / unquote(path).rstrip('/')).exists():
                problems.append('%s: %s/.../%s does not exist in the repository' % (name, repository, path))
    assert not problems, '\n'.join(problems)


# The link reader itself: what it must find and what it must leave alone.

SHIPPED = {'README.md', 'docs/a.md', 'docs/runbooks/b.md', 'LICENSE'}


@pytest.mark.parametrize('name, text, expected', [
    ('README.md', '[a](docs/a.md) [b](docs/runbooks/b.md#step-2) [l](LICENSE) [d](docs/runbooks/)', []),
    ('README.md', 'see [emulator](tests/emulator/README.md).', ['tests/emulator/README.md']),
    ('docs/runbooks/b.md', '[up](../a.md) [make](../../Makefile)', ['../../Makefile']),
    ('docs/a.md', '[out](../../elsewhere.md)', ['../../elsewhere.md']),
    ('docs/a.md', '[root](/tools/demo.sh)', ['/tools/demo.sh']),
    ('docs/runbooks/b.md', r'[esc](..\/a\.md) [bad](..\/..\/tools\/x\_y.md)', ['../../tools/x_y.md']),
    ('docs/a.md', '[x]: ../tools/demo.py "title"\n<a href="../Makefile">m</a>', ['../tools/demo.py', '../Makefile']),
    ('docs/a.md', '```md\n[x](missing.md)\n```\n`[y](missing.md)` [web](https://example.org/x.md) [s](#top)', []),
    ('docs/a.rst', '`demo <../tools/demo.sh>`_ and :ref:`label <some_label>` and `ok <a.md>`_', ['../tools/demo.sh']),
    ('docs/a.rst', '.. _emu: ../tests/emulator/README.md\n\n.. code-block:: rst\n\n   `x <nope.rst>`_\n', ['../tests/emulator/README.md']),
    ('docs/docsite/links.yml', 'description: see L(the runbook,../nope.md) and [a](../a.md)', ['../nope.md']),
])
def test_link_reader(name, text, expected):
    shipped = SHIPPED | {name}
    assert [broken[0] for broken in broken_relative_links(name, text, shipped)] == expected
