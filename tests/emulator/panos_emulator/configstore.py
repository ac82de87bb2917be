"""The configuration of one firewall: running and candidate trees, the XML API config actions, and
per-admin change tracking.

Model: ``running`` is a tree; every accepted write is applied to ``candidate`` at once and appended to an
ordered op log ``(admin, action, args)``. Whenever part of the log goes away (partial commit, revert of
one admin, HA sync keeping pending changes) the candidate is recomputed as running + replay(remaining
ops); an op that no longer applies is dropped and recorded in ``replay_errors`` instead of raising.

XPath is real lxml XPath 1.0 over a tree whose root is ``<config>``, with the PAN-OS rules on top:
writes create missing ``tag`` / ``tag[@name='x']`` steps, ``set`` merges, ``edit`` replaces.
No HTTP here and no locking: the caller serialises access (one lock per pair).
"""

import copy
import re
from collections import namedtuple

from lxml import etree

from . import commitscope
from . import exceptions as X

Op = namedtuple("Op", "admin action args")

# Client input is untrusted: no entities, no network, no DTD tricks. Blank text between elements is noise
# (pretty-printed requests and the default config file) and would make copies and diffs differ.
_PARSER = etree.XMLParser(remove_blank_text=True, remove_comments=True, remove_pis=True,
                          resolve_entities=False, no_network=True)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
# A creatable step: a tag, optionally with a [@name=<string literal>] predicate (quoted or concat()).
_STEP = re.compile(r"^(?P<tag>[A-Za-z_][\w.:-]*)\s*(?:\[\s*@name\s*=\s*(?P<lit>.+?)\s*\])?$", re.S)
_TAG = re.compile(r"^[A-Za-z_][\w.:-]*")
_DUMMY = etree.Element("literal")  # evaluates name literals, so '..', "..", and concat(..) all work
_WHERE = ("before", "after", "top", "bottom")


class ConfigStore:
    def __init__(self, default_config: bytes):
        root = etree.fromstring(default_config, _PARSER)
        if root.tag != "config":
            raise ValueError(f"default config root must be <config>, not <{root.tag}>")
        self._running = root
        self._candidate = copy.deepcopy(root)
        self._ops = []
        self.replay_errors = []  # [(Op, EmulatorError)] of the last commit/revert/replace that replayed ops

    # ------------------------------------------------------------------ reads
    def get(self, xpath: str) -> list:
        """action=get: candidate nodes. A miss is PAN-OS's odd success (config_get.missing-xpath.code7.xml)."""
        nodes = _select(self._candidate, xpath)
        if not nodes:
            raise X.NoSuchNode("candidate")
        return [_detached(n) for n in nodes]

    def show(self, xpath: str) -> list:
        """action=show: running nodes. A miss is an error without code (config_show.missing-xpath.no-such-node.xml)."""
        nodes = _select(self._running, xpath)
        if not nodes:
            raise X.NoSuchNode("running")
        return [_detached(n) for n in nodes]

    def running_root(self):
        return self._running

    def candidate_root(self):
        return self._candidate

    # ------------------------------------------------------------------ writes (candidate, per admin)
    def set(self, xpath: str, element: str, admin: str) -> None:
        self._write(admin, "set", (xpath, element))

    def edit(self, xpath: str, element: str, admin: str) -> None:
        self._write(admin, "edit", (xpath, element))

    def delete(self, xpath: str, admin: str) -> None:
        self._write(admin, "delete", (xpath,))

    def rename(self, xpath: str, newname: str, admin: str) -> None:
        self._write(admin, "rename", (xpath, newname))

    def move(self, xpath: str, where: str, dst, admin: str) -> None:
        self._write(admin, "move", (xpath, where, dst))

    def _write(self, admin, action, args):
        # Actions validate everything before touching the tree, so a raised error leaves the candidate as it was.
        _ACTIONS[action](self._candidate, *args)
        self._ops.append(Op(admin, action, args))

    # ------------------------------------------------------------------ change tracking and commit
    def pending_admins(self) -> set:
        return {op.admin for op in self._ops}

    def has_pending(self, admin=None) -> bool:
        return any(admin is None or op.admin == admin for op in self._ops)

    def pending_xpaths(self, admin: str) -> list:
        return list(dict.fromkeys(op.args[0] for op in self._ops if op.admin == admin))

    def in_scope(self, admins=None, exclude=()) -> list:
        """The pending ops a commit of ``admins`` (None: everyone) takes, leaving out the commit locations in
        ``exclude`` (see commitscope.py)."""
        chosen = None if admins is None else set(admins)
        return [op for op in self._ops
                if (chosen is None or op.admin in chosen) and not commitscope.excluded(op.args[0], exclude)]

    def commit(self, admins=None, exclude=()) -> bool:
        """Full commit (admins=None, nothing excluded) or partial commit of those admins' changes outside the
        excluded locations. False: nothing to commit. What a partial commit leaves out stays pending, attributed
        to its admin, re-applied on top of the new running config."""
        self.replay_errors = []
        if admins is None and not exclude:
            if not self._ops:
                return False
            self._running = copy.deepcopy(self._candidate)
            self._ops = []
            return True
        mine = self.in_scope(admins, exclude)
        if not mine:
            return False
        taken = {id(op) for op in mine}
        self._running, _ = self._replay(self._running, mine)
        self._candidate, self._ops = self._replay(self._running, [op for op in self._ops if id(op) not in taken])
        return True

    def revert(self, admin=None) -> None:
        """Discard the pending changes of one admin, or of everyone."""
        self.replay_errors = []
        if admin is None:
            self.load_candidate_from_running()
            return
        remaining = [op for op in self._ops if op.admin != admin]
        if len(remaining) != len(self._ops):
            self._candidate, self._ops = self._replay(self._running, remaining)

    def replace_running(self, new_running, keep_pending: bool = False) -> None:
        """HA sync (and device setup): the running config is overwritten. A real sync-to-remote also overwrites
        the peer's candidate, so pending changes are dropped unless keep_pending."""
        if new_running.tag != "config":
            raise ValueError(f"running config root must be <config>, not <{new_running.tag}>")
        self.replay_errors = []
        self._running = _detached(new_running)  # our own copy: the caller keeps using its tree
        if keep_pending:
            self._candidate, self._ops = self._replay(self._running, self._ops)
        else:
            self._ops = []
            self._candidate = copy.deepcopy(self._running)

    def replace_candidate(self, new_candidate, admin: str) -> None:
        """HA candidate-config sync: the peer's candidate is overwritten (pending changes are lost, as on
        PAN-OS) and the difference to running becomes one uncommitted change attributed to ``admin``."""
        self._ops = []
        self._candidate = copy.deepcopy(self._running)
        self._write(admin, "edit", ("/config", etree.tostring(new_candidate, encoding="unicode")))

    def rewrite_values(self, fn) -> None:
        """``fn(text) -> text`` on every element text of running, candidate and the pending changes' elements (a
        master-key change re-encrypts all of them at once; the pending changes stay pending)."""
        for root in (self._running, self._candidate):
            _rewrite_tree(root, fn)
        ops = []
        for op in self._ops:
            if op.action in ("set", "edit"):
                children = _fragment(op.args[1])
                for child in children:
                    _rewrite_tree(child, fn)
                op = Op(op.admin, op.action, (op.args[0], "".join(etree.tostring(c, encoding="unicode")
                                                                 for c in children)))
            ops.append(op)
        self._ops = ops

    def load_candidate_from_running(self) -> None:
        """candidate <- running, every pending change discarded (same as revert())."""
        self._ops = []
        self._candidate = copy.deepcopy(self._running)

    def _replay(self, base, ops):
        tree = copy.deepcopy(base)
        kept = []
        for op in ops:
            try:
                _ACTIONS[op.action](tree, *op.args)
            except X.EmulatorError as err:
                self.replay_errors.append((op, err))
            else:
                kept.append(op)
        return tree, kept


# ---------------------------------------------------------------------- xpath handling
def _split_top(text, sep):
    """Split on sep where it is outside quotes, [] and (): 'a/b[@name='x/y']' -> ['a', "b[@name='x/y']"]."""
    parts, buf, depth, quote = [], [], 0, None
    for ch in text:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    return parts


def _compile(xpath):
    """Every branch of a union must be an absolute path under /config; the rest is lxml's XPath."""
    if not isinstance(xpath, str) or not xpath.strip():
        raise X.BadXpath()
    for branch in _split_top(xpath.strip(), "|"):
        steps = _split_top(branch.strip(), "/")
        if len(steps) < 2 or steps[0] != "" or steps[1].strip() != "config":
            raise X.BadXpath()
    try:
        return etree.XPath(xpath.strip(), smart_strings=False)
    except etree.XPathError:
        raise X.BadXpath() from None


def _select(root, xpath):
    """Elements matched by xpath, in document order (lxml orders unions)."""
    try:
        found = _compile(xpath)(root)
    except etree.XPathError:  # e.g. an unknown function, only detected at evaluation
        raise X.BadXpath() from None
    if not isinstance(found, list) or not all(isinstance(n, etree._Element) for n in found):
        raise X.BadXpath()  # strings, numbers, attributes, text(): not config nodes
    return found


def _single(root, xpath):
    nodes = _select(root, xpath)
    if not nodes:
        raise X.ObjectNotPresent()
    if len(nodes) > 1:
        raise X.ObjectNotUnique()
    return nodes[0]


def _write_steps(xpath):
    """The location steps of a write xpath, after 'config' (no unions, no '//')."""
    _compile(xpath)
    xpath = xpath.strip()
    if len(_split_top(xpath, "|")) > 1:
        raise X.BadXpath()
    steps = [s.strip() for s in _split_top(xpath, "/")[2:]]
    if any(not s for s in steps):
        raise X.BadXpath()
    return steps


def _step_nodes(node, step):
    try:
        found = node.xpath(step, smart_strings=False)
    except etree.XPathError:
        raise X.BadXpath() from None
    if not isinstance(found, list):
        raise X.BadXpath()
    return [n for n in found if isinstance(n, etree._Element)]


def _resolve(root, steps):
    """Walk steps from <config>: (deepest existing node, the steps missing below it)."""
    node = root
    for i, step in enumerate(steps):
        found = _step_nodes(node, step)
        if len(found) > 1:
            raise X.ObjectNotUnique()
        if not found:
            return node, steps[i:]
        node = found[0]
    return node, []


def _creatable(step):
    """(tag, name) for a step PAN-OS would create on write, else None (an unnamed entry, other predicates)."""
    m = _STEP.match(step)
    if not m:
        return None
    lit = m.group("lit")
    if lit is None:
        return None if m.group("tag") == "entry" else (m.group("tag"), None)
    if not (lit[0] in "'\"" or lit.startswith("concat(")):
        return None
    try:
        name = _DUMMY.xpath(lit)
    except etree.XPathError:
        return None
    return (m.group("tag"), name) if isinstance(name, str) else None


def _create(node, steps):
    """Create the missing steps below node (all checked creatable first, so a refusal changes nothing)."""
    specs = [_creatable(s) for s in steps]
    if None in specs:
        raise X.ObjectNotPresent()
    for tag, name in specs:
        node = etree.SubElement(node, tag)
        if name is not None:
            node.set("name", name)
    return node


# ---------------------------------------------------------------------- element handling
def _fragment(element):
    """The top-level elements of an element parameter; several are allowed (set accepts '<a/><b/>')."""
    try:
        if isinstance(element, bytes):
            element = element.decode("utf-8")
        if not isinstance(element, str):
            raise ValueError(element)
        wrapper = etree.fromstring("<fragment>" + _XML_DECL.sub("", element, count=1) + "</fragment>", _PARSER)
    except (ValueError, etree.XMLSyntaxError):
        raise X.MalformedRequest() from None
    children = list(wrapper)
    stray = (wrapper.text or "").strip() or any((c.tail or "").strip() for c in children)
    if not children or stray:
        raise X.MalformedRequest()
    for c in children:
        c.tail = None
    return children


def _rewrite_tree(root, fn):
    for el in root.iter():
        if isinstance(el.tag, str) and el.text:
            el.text = fn(el.text)


def _detached(node):
    copied = copy.deepcopy(node)
    copied.tail = None
    return copied


def _same(target, child):
    """The child of target that child merges into: same member text, same entry name, else same tag."""
    name = child.get("name")
    for existing in target:
        if existing.tag != child.tag:
            continue
        if child.tag == "member":
            if (existing.text or "") == (child.text or ""):
                return existing
        elif existing.get("name") == name:
            return existing
    return None


def _merge(target, children):
    """PAN-OS set: merge named entries and containers recursively, replace leaf values, add new members."""
    for child in list(children):
        existing = _same(target, child)
        if existing is None:
            target.append(child)
        elif child.tag == "member":
            continue
        elif len(child):
            existing.attrib.update(child.attrib)
            existing.text = None
            _merge(existing, child)
        elif child.text or not len(existing):
            existing.attrib.update(child.attrib)
            for old in list(existing):
                existing.remove(old)
            existing.text = child.text
        # else: an empty container set onto a filled one changes nothing


# ---------------------------------------------------------------------- the actions (tree, *args)
def _do_set(root, xpath, element):
    steps = _write_steps(xpath)
    children = _fragment(element)
    node, missing = _resolve(root, steps)
    if missing:
        node = _create(node, missing)
    _merge(node, children)


def _do_edit(root, xpath, element):
    steps = _write_steps(xpath)
    children = _fragment(element)
    if len(children) != 1:
        raise X.EditMismatch()
    new = children[0]
    last = steps[-1] if steps else "config"
    tag = _TAG.match(last)
    spec = _creatable(last)
    if (tag and new.tag != tag.group(0)) or (spec and spec[1] is not None and new.get("name") != spec[1]):
        raise X.EditMismatch()
    if not steps:  # edit of /config itself: the root element stays, its content is replaced
        root.clear()
        root.attrib.update(new.attrib)
        root.text = new.text
        root.extend(list(new))
        return
    node, missing = _resolve(root, steps)
    if not missing:
        node.getparent().replace(node, new)
        return
    # Absent node: edit creates it (pan-os-python apply() and update() rely on that), parents included.
    if _creatable(missing[-1]) is None:
        raise X.ObjectNotPresent()
    _create(node, missing[:-1]).append(new)


def _do_delete(root, xpath):
    nodes = _select(root, xpath)
    if not nodes:
        # an odd success (see messages.OBJECT_DOESNT_EXIST): clients treat it as done
        raise X.ObjectDoesntExist()
    if any(n is root for n in nodes):
        raise X.RootNotPossible()
    for n in nodes:  # several for 'entry[@name='a' or @name='b']' (pan-os-python delete_similar)
        n.getparent().remove(n)


def _do_rename(root, xpath, newname):
    if not newname:
        raise X.MissingParam("newname")
    node = _single(root, xpath)
    if node.get("name") is None:
        raise X.NotRenamable(node.tag)
    if node.get("name") == newname:
        return
    for sibling in node.getparent():
        if sibling.tag == node.tag and sibling.get("name") == newname:
            raise X.NameNotUnique(newname)
    node.set("name", newname)


def _do_move(root, xpath, where, dst):
    if where not in _WHERE:
        raise X.IllegalValue("where", where)
    if where in ("before", "after") and not dst:
        raise X.MissingParam("dst")
    node = _single(root, xpath)
    parent = node.getparent()
    if parent is None:
        raise X.RootNotPossible()
    if where == "top":
        parent.insert(0, node)  # lxml moves an element that is inserted elsewhere
    elif where == "bottom":
        parent.append(node)
    else:
        if dst == node.get("name"):
            raise X.MoveRelativeToSelf()
        ref = next((s for s in parent if s.tag == node.tag and s.get("name") == dst), None)
        if ref is None:
            raise X.MoveDestinationMissing(dst)
        if where == "before":
            ref.addprevious(node)
        else:
            ref.addnext(node)


_ACTIONS = {"set": _do_set, "edit": _do_edit, "delete": _do_delete, "rename": _do_rename, "move": _do_move}
