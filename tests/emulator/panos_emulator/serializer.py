"""The one place that writes XML API response envelopes, and the element helpers every view builds bodies with.

Two quoting styles exist on real devices (reference/panos-xml/error_codes.md §2): the keygen/auth layer writes
``<response status = 'success'>`` (single quotes, spaces around '='), everything else ``<response status="success">``.
"""

from lxml import etree

from .error_envelopes import envelope

CONTENT_TYPE = "application/xml; charset=UTF-8"
HTML_CONTENT_TYPE = "text/html"


def _xml(elem):
    return etree.tostring(elem, encoding="unicode")


def _esc(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def _open(status, code=None, quoted="double"):
    if quoted == "single":
        code_attr = f" code = '{code}'" if code is not None else ""
        return f"<response status = '{status}'{code_attr}>"
    code_attr = f' code="{code}"' if code is not None else ""
    return f'<response status="{status}"{code_attr}>'


def _lines(lines, cdata):
    out = []
    for line in lines:
        if cdata:
            out.append("<line><![CDATA[%s]]></line>" % line.replace("]]>", "]]]]><![CDATA[>"))
        else:
            out.append("<line>%s</line>" % _esc(line))
    return "".join(out)


def el(tag, text=None, **attrs):
    """A new element, with ``text`` (any value, as str) when given."""
    out = etree.Element(tag, **attrs)
    if text is not None:
        out.text = str(text)
    return out


def fields(parent, pairs):
    """Append (tag, value) children to ``parent``: an element value as it is, anything else as a text leaf
    (None: empty). Returns ``parent``."""
    for tag, value in pairs:
        if isinstance(value, etree._Element):
            parent.append(value)
        else:
            etree.SubElement(parent, tag).text = "" if value is None else str(value)
    return parent


def error(exc):
    """(HTTP status, body) of the reply to a domain error (exceptions.py), as error_envelopes maps it."""
    err = envelope(exc)
    return err.http_status, _error_body(err)


def _error_body(err):
    if err.style == "result-msg":
        return _open(err.status, err.code, "single") + "<result><msg>%s</msg></result></response>" % _esc(
            " ".join(err.lines))
    if not err.lines:
        return _open(err.status, err.code) + "<result/></response>"
    if err.style == "msg":  # plain <msg>text</msg>, as in "Object doesn't exist" (code 7 on delete)
        return _open(err.status, err.code) + "<msg>%s</msg></response>" % _esc(" ".join(err.lines))
    return _open(err.status, err.code) + "<msg>" + _lines(err.lines, err.cdata) + "</msg></response>"


def result(children=(), text=None, code=None, counts=False, status="success"):
    """<response status="success" [code]><result [total-count count]>children|text</result></response>."""
    children = list(children)
    attrs = f' total-count="{len(children)}" count="{len(children)}"' if counts else ""
    if text is not None:
        body = _esc(text)
    else:
        body = "".join(_xml(c) for c in children)
    return _open(status, code) + f"<result{attrs}>{body}</result></response>"


def cdata_result(text):
    """<response status="success"><result><![CDATA[text]]></result></response> (show chassis-ready: scripts test the
    raw body for "[CDATA[yes")."""
    return _open("success") + "<result><![CDATA[%s]]></result></response>" % text.replace("]]>", "]]]]><![CDATA[>")


def msg(text, code=None):
    """<response status="success" [code]><msg>text</msg></response> (set/edit/delete, commit no-changes)."""
    return _open("success", code) + "<msg>%s</msg></response>" % _esc(text)


def msg_lines(lines, code=None):
    """<response status="success"><msg><line>..</line></msg></response> (sync-to-remote)."""
    return _open("success", code) + "<msg>" + _lines(lines, False) + "</msg></response>"


def enqueued(text, jobid):
    """Queued job: commit and async op commands (commit.enqueued.code19.xml)."""
    return (_open("success", 19) + "<result><msg><line>%s</line></msg><job>%d</job></result></response>"
            % (_esc(text), jobid))


def document(elem):
    """A bare XML document, no envelope (type=export)."""
    return _xml(elem)


def keygen(key):
    return _open("success", quoted="single") + "<result><key>%s</key></result></response>" % _esc(key)


def html_page(text):
    """The web server's plain page for a request it does not pass to the XML API (unknown path, oversized body)."""
    return "<html><body>%s</body></html>" % text


def html_error(status):
    """The page of an injected HTTP error (control API fault http_error)."""
    return "<html><body><h1>%d</h1></body></html>" % status
