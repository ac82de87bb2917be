"""Write the typed options of plugins/modules/peer_settings.py's DOCUMENTATION from the settings' OPTIONS.

    python tools/gen_peer_settings_options.py          # write
    python tools/gen_peer_settings_options.py --check  # exit 1 when the module's documentation is stale

plugins/module_utils/settings/options.py holds every field of the module's typed options (management, dns, ...,
lacp) with its argument spec and description. The module's documentation of those options is generated from it,
between the BEGIN and END marker comments in DOCUMENTATION, so the documentation cannot drift from the argument
spec (ansible-test's validate-modules compares the two) and there is one place to edit a description. The module's
own options (allow_synced, ..., raw) stay hand-written around the markers; peer comes from the hapair.panos.peers fragment.
"""

import argparse
import ast
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checkout_import  # noqa: E402  (tools/ is not a package)

ROOT = checkout_import.ROOT
MODULE = ROOT / "plugins" / "modules" / "peer_settings.py"
INDENT = 2  # the options' indentation below ``options:``
BEGIN = "# BEGIN typed options: generated from module_utils/settings/options.py (make docs); edit them there"
END = "# END typed options"
WIDTH = 118
# The documentation keys an argument spec gives, in the order they are written.
SPEC_KEYS = ("type", "elements", "choices", "required", "default")


def _options():
    checkout_import.use_checkout()
    from ansible_collections.hapair.panos.plugins.module_utils.settings.options import OPTIONS
    return OPTIONS


def doc_of(field, where):
    """The documentation of one field: its description, what its argument spec says, and its suboptions."""
    if not field.description:
        raise SystemExit("%s has no description in plugins/module_utils/settings/options.py" % where)
    spec = field.argspec()
    description = field.description
    entry = {"description": list(description) if isinstance(description, tuple) else description}
    entry.update((key, spec[key]) for key in SPEC_KEYS if key in spec)
    if field.subfields():
        entry["suboptions"] = {sub.name: doc_of(sub, "%s.%s" % (where, sub.name)) for sub in field.subfields()}
    return entry


def documented(options):
    return {option.name: doc_of(option.root, option.name) for option in options}


def _scalar(value):
    return yaml.safe_dump(value, default_flow_style=True, width=float("inf")).removesuffix("\n...\n").rstrip("\n")


def _text(prefix, text, indent):
    """``prefix text`` wrapped at WIDTH, continuation lines indented; quoted on one line where YAML needs it."""
    written = _scalar(text)
    if written != text:  # not a plain scalar (a quote, ': ', ...): keep yaml's quoted form
        return [prefix + written]
    lines, line = [], prefix
    for word in text.split(" "):
        if line != prefix and len(line) + 1 + len(word) > WIDTH:
            lines.append(line)
            line = " " * indent + word
        else:
            line = line + word if line == prefix else line + " " + word
    return lines + [line]


def render(options, indent=INDENT):
    """The options as YAML lines, in the layout of the hand-written ones."""
    pad = " " * indent
    out = []
    for name, entry in options.items():
        out.append("%s%s:" % (pad, name))
        inner = pad + "  "
        description = entry["description"]
        if isinstance(description, list):
            out.append(inner + "description:")
            for paragraph in description:
                out.extend(_text(inner + "  - ", paragraph, len(inner) + 4))
        else:
            out.extend(_text(inner + "description: ", description, len(inner) + 2))
        for key in SPEC_KEYS:
            if key in entry:
                out.append("%s%s: %s" % (inner, key, _scalar(entry[key])))
        if "suboptions" in entry:
            out.append(inner + "suboptions:")
            out.extend(render(entry["suboptions"], indent + 4))
    return out


def _documentation(source):
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "DOCUMENTATION" for t in node.targets):
            return node.value.value
    raise SystemExit("%s has no DOCUMENTATION" % MODULE)


def updated(source, options):
    """The module's source with the generated options between the markers (checked to parse back the same)."""
    block = re.compile(r"(?m)^( *)%s\n.*?^ *%s\n" % (re.escape(BEGIN), re.escape(END)), re.S)
    match = block.search(source)
    if match is None:
        raise SystemExit("%s: no %r ... %r block in DOCUMENTATION" % (MODULE, BEGIN, END))
    pad = match.group(1)
    lines = [pad + BEGIN] + render(options, len(pad)) + [pad + END]
    text = source[:match.start()] + "\n".join(lines) + "\n" + source[match.end():]
    parsed = yaml.safe_load(_documentation(text))["options"]
    if {name: parsed.get(name) for name in options} != options:
        raise SystemExit("the generated options do not parse back to what options.py says (a YAML quoting case?)")
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    source = MODULE.read_text()
    text = updated(source, documented(_options()))
    if text == source:
        return 0
    if args.check:
        print("stale: %s (run python tools/gen_peer_settings_options.py)" % MODULE.relative_to(ROOT), file=sys.stderr)
        return 1
    MODULE.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
