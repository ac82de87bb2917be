# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Field paths: steps below a parent (see configview), written as 'a/b/c'.

A step ``{name}`` is a placeholder filled with the effective value of the sibling field ``name`` (the one given,
else the device's): ``protocol/{protocol}/hostname`` follows the log export protocol.
"""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput


def steps_of(path):
    """A path as a tuple of steps ('' and None: no steps; a tuple is taken as it is)."""
    if path is None or path == '':
        return ()
    if isinstance(path, tuple):
        return path
    return tuple(path.split('/'))


def resolve(path, env, where):
    """The steps with every placeholder filled from env; InvalidInput when a placeholder has no value."""
    out = []
    for step in path:
        if isinstance(step, str) and step.startswith('{'):
            name = step[1:-1]
            value = env.get(name)
            if value is None:
                raise InvalidInput('%s needs %s: the device has none and none was given'
                                   % (where, where.rsplit('.', 1)[0] + '.' + name), option=where)
            out.append(value)
        else:
            out.append(step)
    return tuple(out)


def pattern_path(path):
    """The path with placeholders kept as their own names (still below the right container)."""
    return tuple(step[1:-1] if isinstance(step, str) and step.startswith('{') else step for step in path)


def placeholders(path):
    """The sibling fields a path depends on."""
    return {step[1:-1] for step in path if isinstance(step, str) and step.startswith('{')}
