"""Typed errors raised by the emulator's models.

Models know nothing of HTTP: they raise ``ApiError`` with the PAN-OS code and message lines,
and the protocol layer (xmlapi + serializer) turns it into the envelope a real device sends.
"""


class ApiError(Exception):
    """An XML API error response.

    code:        PAN-OS response code (None = no code attribute, as for "No such node").
    lines:       message lines (each becomes <line> under <msg>, unless ``style`` says otherwise).
    http_status: HTTP status of the reply (403 for bad credentials, else 200).
    style:       "msg-lines" -> <response status="error" code=".."><msg><line>..</line></msg></response>
                 "result-msg" -> <response status = 'error' code = '..'><result><msg>..</msg></result></response>
                 (the single-quoted form the keygen/auth layer emits)
    status:      "error" normally; "success" for the odd replies that carry a code but succeed-ish
                 (e.g. config get of a missing node answers status="success" code="7").
    cdata:       wrap lines in CDATA, as the op/config parser errors do.
    """

    def __init__(self, code, lines, http_status=200, style="msg-lines", status="error", cdata=False):
        if isinstance(lines, str):
            lines = [lines]
        self.code = code
        self.lines = list(lines)
        self.http_status = http_status
        self.style = style
        self.status = status
        self.cdata = cdata
        super().__init__("; ".join(self.lines))


class AuthError(ApiError):
    """Bad credentials or a stale/unknown API key: HTTP 403, single-quoted envelope."""

    def __init__(self, text):
        super().__init__(403, [text], http_status=403, style="result-msg")


class BadRequest(ApiError):
    """HTTP-400-class error (missing/illegal parameter), single-quoted envelope."""

    def __init__(self, text):
        super().__init__(400, [text], http_status=400, style="result-msg")


class ControlError(Exception):
    """A control-API request that cannot be honoured (unknown device, bad fault spec)."""
