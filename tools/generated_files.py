"""Write the files a docs generator renders, or with --check only say which are stale (tools/ is not a package:
``sys.path.insert(0, tools)`` first, as the scripts run from tools/ do)."""

import sys


def write_or_check(expected, out_dir, pattern, check, root, what, command, orphan):
    """expected: {path: content}. Writes each file whose content differs and removes the files of ``out_dir``
    matching ``pattern`` that are not expected; with ``check`` writes nothing and reports them on stderr.
    Returns the exit status (1: stale files with --check)."""
    stale = []
    for target, content in sorted(expected.items()):
        if not target.exists() or target.read_text() != content:
            stale.append(str(target.relative_to(root)))
            if not check:
                target.write_text(content)
    for target in out_dir.glob(pattern):
        if target not in expected:
            stale.append("%s (%s)" % (target.relative_to(root), orphan))
            if not check:
                target.unlink()
    if check and stale:
        print("stale %s: %s; run: %s" % (what, ", ".join(stale), command), file=sys.stderr)
        return 1
    return 0
