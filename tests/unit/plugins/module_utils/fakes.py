# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit-test seam: the HTTP layer under pan.xapi (fixtures are in conftest.py).

FakeHttp replaces ``urlopen`` inside pan.xapi, so the real PanXapi (and the real
connection.Device around it) parse recorded PAN-OS responses from fixtures/.
Nothing of the code under test is mocked.
"""

from __future__ import annotations

import io
import os
import xml.etree.ElementTree as ET
from email.message import Message
from urllib.error import HTTPError
from urllib.parse import parse_qsl, urlparse


FIXTURES = os.path.join(os.path.dirname(__file__), 'fixtures')


def fixture_bytes(name):
    with open(os.path.join(FIXTURES, name), 'rb') as handle:
        return handle.read()


def fixture_root(name):
    """A recorded response file as an Element (the <response>)."""
    return ET.fromstring(fixture_bytes(name))


class FakeResponse:
    def __init__(self, body, content_type='application/xml; charset=UTF-8'):
        self._body = body
        self._headers = Message()
        if content_type:
            self._headers['Content-Type'] = content_type

    def read(self):
        return self._body

    def getheader(self, name):
        return self._headers.get(name)

    def info(self):
        return self._headers


class HttpStatus:
    """A non-2xx HTTP answer (urllib raises HTTPError, pan.xapi never reads the body)."""

    def __init__(self, code, reason, body=b''):
        self.code = code
        self.reason = reason
        self.body = body


class FakeHttp:
    """Routes each XML API request to a queue of canned answers.

    add(req_type, match, *answers, host=None): a request of that type (keygen, op,
    config, commit) whose cmd/xpath/action contains ``match`` gets the next answer;
    the last answer repeats. An answer is a fixture file name, raw bytes, an
    exception instance (raised, as urllib would) or an HttpStatus.
    """

    def __init__(self):
        self.routes = []
        self.requests = []

    def add(self, req_type, match, *answers, host=None):
        self.routes.append({'type': req_type, 'match': match, 'host': host, 'answers': list(answers)})
        return self

    def count(self, req_type=None, host=None):
        return len([r for r in self.requests if (req_type is None or r['params'].get('type') == req_type)
                    and (host is None or r['host'] == host)])

    def __call__(self, url, context=None, timeout=None):
        request = url
        params = dict(parse_qsl(request.data.decode('utf-8'), keep_blank_values=True))
        host = urlparse(request.full_url).hostname
        self.requests.append({'host': host, 'params': params, 'context': context, 'timeout': timeout,
                              'url': request.full_url, 'body': request.data.decode('utf-8')})
        req_type = params.get('type')
        haystack = ' '.join(str(params.get(k, '')) for k in ('cmd', 'xpath', 'action'))
        for route in self.routes:
            if route['type'] == req_type and route['match'] in haystack and route['host'] in (None, host):
                answer = route['answers'].pop(0) if len(route['answers']) > 1 else route['answers'][0]
                return self._answer(answer, request.full_url)
        raise AssertionError(f'unexpected request to {host}: {params}')

    @staticmethod
    def _answer(answer, url):
        if isinstance(answer, BaseException):
            raise answer
        if isinstance(answer, HttpStatus):
            headers = Message()
            headers['Content-Type'] = 'application/xml; charset=UTF-8'
            raise HTTPError(url, answer.code, answer.reason, headers, io.BytesIO(answer.body))
        if isinstance(answer, str):
            answer = fixture_bytes(answer)
        return FakeResponse(answer)


class Sleeps:
    """A fake sleep that records the delays asked for."""

    def __init__(self, clock=None):
        self.delays = []
        self.clock = clock

    def __call__(self, seconds):
        self.delays.append(seconds)
        if self.clock is not None:
            self.clock.now += seconds


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now
