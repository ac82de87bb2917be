# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The only thing replaced in the real-samples tier: the HTTP answer under pan.xapi. Every request of the sample's
kind gets the recorded bytes; keygen gets a real keygen answer (unless the sample is one). The real PanXapi and the
collection's Device, readers and parsers do everything else."""

from __future__ import annotations

import io
from email.message import Message
from urllib.error import HTTPError
from urllib.parse import parse_qsl

# The unit tests' answer object (the built collection's tests/unit/.../fakes.py): one stand-in for urllib's reply.
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import FakeResponse

# keygen.success.xml of the corpus (brianyaklin.github.io, PAN-OS 10.2 user), the key shortened.
KEYGEN = b"<response status = 'success'><result><key>LUFRPT1replayed=</key></result></response>"


class Replay:
    """urlopen stand-in: answers with the sample; records what was asked."""

    def __init__(self, sample, kind, http_status=None, http_reason=None):
        self.sample = sample
        self.kind = kind
        self.http_status = http_status
        # The reason phrase of the recorded status line (e.g. '403 Invalid Credential'); urllib reports it.
        self.http_reason = http_reason or 'recorded'
        self.requests = []

    def __call__(self, url, context=None, timeout=None):
        # pan.xapi calls urlopen(url=<Request>, context=..., timeout=...): the keyword is 'url'.
        request = url
        params = dict(parse_qsl(request.data.decode('utf-8'), keep_blank_values=True))
        self.requests.append(params)
        if params.get('type') == 'keygen' and self.kind != 'keygen':
            return FakeResponse(KEYGEN)
        if self.http_status and self.http_status != 200:
            headers = Message()
            headers['Content-Type'] = 'application/xml; charset=UTF-8'
            raise HTTPError(request.full_url, self.http_status, self.http_reason, headers, io.BytesIO(self.sample))
        return FakeResponse(self.sample)
