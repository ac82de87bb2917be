"""The XML API protocol handler: request parameters in, (HTTP status, body) out.

Knows the request types and their parameters; the work is done by the device/pair models, and every
envelope is written by ``serializer``.
"""

from urllib.parse import parse_qsl, unquote

from lxml import etree

from . import commitscope, messages as M, opcommands, serializer
from .exceptions import (EmulatorError, IllegalValue, InternalError, InvalidCredential, MalformedRequest, MissingParam,
                         UnexpectedCommand)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def parse_params(query, body, content_type):
    """Query string plus urlencoded form body. The key is kept literally: pan.xapi appends ``&key=..`` to the
    body without url-encoding it, so a '+' in a key must not become a space."""
    params = {}
    for raw in (query or "", body if (body and "multipart" not in (content_type or "")) else ""):
        for part in raw.split("&"):
            if part.startswith("key="):
                params["key"] = unquote(part[4:])
        for name, value in parse_qsl(raw, keep_blank_values=True):
            if name != "key":
                params[name] = value
    return params


def handle(device, method, params, header_key=None):
    """Returns (http_status, body). Never raises."""
    rtype = params.get("type", "")
    command = describe(params)
    admin = None
    try:
        if method not in ("GET", "POST"):
            raise IllegalValue("method", method)
        with device.lock:
            if rtype == "keygen":
                body = serializer.keygen(device.keygen(params.get("user", ""), params.get("password", "")))
            else:
                admin = authenticate(device, params, header_key)
                body = _dispatch(device, admin, rtype, params)
        device.log.add(rtype, command, admin)
        return 200, body
    except EmulatorError as err:
        http_status, body = serializer.error(err)
        device.log.add(rtype, command, admin, status="error", http_status=http_status)
        return http_status, body
    except Exception as exc:  # the emulator must answer, never crash: internal errors are code 21 as on PAN-OS
        device.log.add(rtype, command, admin, status="error")
        return serializer.error(InternalError(type(exc).__name__))


def authenticate(device, params, header_key):
    key = params.get("key") or header_key
    if key:
        return device.authenticate_key(key)
    if params.get("user") and params.get("password"):
        return device.authenticate_password(params["user"], params["password"])
    raise InvalidCredential()


def _xml_param(params, name):
    text = params.get(name)
    if text is None or not text.strip():
        raise MissingParam(name)
    try:
        return etree.fromstring(text.encode(), _PARSER)
    except etree.XMLSyntaxError:
        raise MalformedRequest() from None


def _dispatch(device, admin, rtype, params):
    if rtype == "version":
        s = device.system
        return serializer.result(serializer.fields(serializer.el("x"), [
            ("sw-version", s.sw_version), ("multi-vsys", "on" if s.multi_vsys else "off"),
            ("model", s.model), ("serial", device.serial)]))
    if rtype == "op":
        return opcommands.dispatch(opcommands.Context(device, admin), _xml_param(params, "cmd"))
    if rtype == "config":
        return _config(device, admin, params)
    if rtype == "commit":
        return _commit(device, admin, params)
    if rtype == "export":
        return _export(device, params)
    if not rtype:
        raise MissingParam("type")
    raise IllegalValue("type", rtype)


def _config(device, admin, params):
    action = params.get("action", "")
    xpath = params.get("xpath")
    if not action:
        raise MissingParam("action")
    if action == "show" and not xpath:
        return serializer.result(device.store.show("/config"))  # the whole running config (API guide)
    if xpath is None:
        raise MissingParam("xpath")
    store = device.store
    if action == "get":
        return serializer.result(store.get(xpath), code=19, counts=True)
    if action == "show":
        return serializer.result(store.show(xpath))
    if action in ("set", "edit"):
        if "element" not in params:
            raise MissingParam("element")
        device.config_write(action, admin, xpath, element=params["element"])
    elif action == "delete":
        device.config_write(action, admin, xpath)
    elif action == "rename":
        if not params.get("newname"):
            raise MissingParam("newname")
        device.config_write(action, admin, xpath, newname=params["newname"])
    elif action == "move":
        if not params.get("where"):
            raise MissingParam("where")
        device.config_write(action, admin, xpath, where=params["where"], dst=params.get("dst"))
    else:
        raise IllegalValue("action", action)
    return serializer.msg(M.COMMAND_SUCCEEDED, code=20)


def _commit(device, admin, params):
    cmd = _xml_param(params, "cmd")
    if cmd.tag != "commit":
        raise UnexpectedCommand([cmd.tag])
    partial = cmd.find("partial")
    admins = None
    exclude = ()
    if partial is not None or params.get("action") == "partial":
        members = partial.findall("admin/member") if partial is not None else []
        admins = [(m.text or "").strip() for m in members] or [admin]
        # <device-and-network>excluded</device-and-network> etc. (API guide, Commit): those locations stay pending
        exclude = [loc for loc in commitscope.LOCATIONS
                   if partial is not None and (partial.findtext(loc) or "").strip() == "excluded"]
    description = (cmd.findtext("description") or "").strip()
    job = device.commit(admin, admins, description, force=cmd.find("force") is not None, exclude=exclude)
    if job is None:
        return serializer.msg(M.NO_CHANGES, code=19)
    return serializer.enqueued(M.COMMIT_ENQUEUED.format(jobid=job.id), job.id)


def _export(device, params):
    """type=export&category=configuration: the running config as the bare <config ...> document, no <response>
    envelope (REAL: netbox-panorama-configpump-plugin tests, brianyaklin-style curl transcripts). Other categories
    (certificates, packet captures, ...) are not emulated."""
    category = params.get("category")
    if not category:
        raise MissingParam("category")
    if category != "configuration":
        raise IllegalValue("category", category)
    return serializer.document(device.store.show("/config")[0])


def describe(params):
    """A one-line name of the request for the request log (never includes secrets)."""
    rtype = params.get("type", "")
    if rtype == "op":
        return _cmd_words(params.get("cmd", ""))
    if rtype == "config":
        return "%s %s" % (params.get("action", ""), params.get("xpath", ""))
    if rtype == "commit":
        return "partial" if "<partial" in params.get("cmd", "") else "full"
    if rtype == "export":
        return params.get("category", "")
    return ""


def _cmd_words(text):
    try:
        node = etree.fromstring(text.encode(), _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return "<malformed>"
    words = []
    while node is not None:
        words.append(node.tag)
        if node.tag == "master-key":  # never log key material
            break
        kids = [c for c in node if isinstance(c.tag, str)]
        if len(kids) != 1:
            if node.text and node.text.strip() and not kids:
                words.append(node.text.strip())
            break
        node = kids[0]
    return " ".join(words)
