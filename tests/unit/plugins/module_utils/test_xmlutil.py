# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import xmlutil
from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import fixture_root


def test_op_element_builds_nested_empty_leaf():
    assert xmlutil.op_element(['show', 'high-availability', 'all']) == '<show><high-availability><all/></high-availability></show>'


def test_op_element_accepts_cli_text():
    assert xmlutil.op_element('show jobs all') == '<show><jobs><all/></jobs></show>'


def test_op_element_text_leaf():
    assert xmlutil.op_element(['show', 'jobs', 'id'], text=280) == '<show><jobs><id>280</id></jobs></show>'


@pytest.mark.parametrize('value, expected', [
    ('a<b', 'a&lt;b'),
    ('a&b', 'a&amp;b'),
    ('</new-master-key><x>', '&lt;/new-master-key&gt;&lt;x&gt;'),
    ('quote"and\'apos', 'quote"and\'apos'),
])
def test_op_element_escapes_text(value, expected):
    cmd = xmlutil.op_element(['request', 'master-key', 'new-master-key'], text=value)
    assert cmd == f'<request><master-key><new-master-key>{expected}</new-master-key></master-key></request>'
    # and it round-trips: the device sees exactly the value
    assert ET.fromstring(cmd).find('master-key/new-master-key').text == value


def test_op_element_children_dict_and_lists():
    cmd = xmlutil.op_element(['request', 'master-key'], children={'new-master-key': 'k>1', 'lifetime': 17520, 'on-hsm': False})
    assert cmd == ('<request><master-key><new-master-key>k&gt;1</new-master-key><lifetime>17520</lifetime>'
                   '<on-hsm>no</on-hsm></master-key></request>')
    elem = xmlutil.build_element('commit', {'partial': {'admin': {'member': ['a', 'b']}}})
    assert xmlutil.to_string(elem) == '<commit><partial><admin><member>a</member><member>b</member></admin></partial></commit>'


@pytest.mark.parametrize('tag', ['', 'a b', '<x>', 'x/y', "x'", '1abc', None])
def test_op_element_rejects_unsafe_tags(tag):
    with pytest.raises(InvalidInput):
        xmlutil.op_element(['show', tag])


def test_op_element_text_and_children_exclusive():
    with pytest.raises(InvalidInput):
        xmlutil.op_element(['a'], text='x', children={'b': 1})


def test_to_string_does_not_touch_text_that_looks_like_markup():
    elem = xmlutil.build_element('a', {'b': ' />', 'c': None})
    assert xmlutil.to_string(elem) == '<a><b> /&gt;</b><c/></a>'


@pytest.mark.parametrize('value, literal', [
    ('plain', "'plain'"),
    ("it's", '"it\'s"'),
    ('say "hi"', '\'say "hi"\''),
    ('both \' and "', 'concat(\'both \', "\'", \' and "\')'),
    ("'lead", '"\'lead"'),
    ('\'"', 'concat("\'", \'"\')'),
    ("trail'", '"trail\'"'),
    ("a'b\"c'", 'concat(\'a\', "\'", \'b"c\', "\'")'),
])
def test_xpath_literal(value, literal):
    assert xmlutil.xpath_literal(value) == literal


@pytest.mark.parametrize('name', ['plain', "o'neil", 'say "hi"', 'both \' and "', "''\"\"''"])
def test_xpath_literal_selects_exactly_that_entry(name):
    """The quoted literal must select the entry with an lxml-evaluated XPath (as the device would)."""
    lxml_etree = pytest.importorskip('lxml.etree')
    doc = lxml_etree.fromstring('<r><entry name="other"/><entry/></r>')
    doc[1].set('name', name)
    xpath = '/r/entry[@name=%s]' % xmlutil.xpath_literal(name)
    found = doc.xpath(xpath)
    assert len(found) == 1 and found[0].get('name') == name


def test_find_text_and_lines():
    root = fixture_root('op_show_jobs_id.validate.fin-fail.xml')
    assert xmlutil.find_text(root, 'result/job/type') == 'Validate'
    assert xmlutil.find_text(root, 'result/job/missing', 'dflt') == 'dflt'
    assert xmlutil.find_text(root, 'result/job/description') is None
    assert xmlutil.find_text(None, 'x') is None
    lines = xmlutil.find_lines(root, 'result/job/details')
    assert lines[0] == 'Validation Error:'
    # CDATA lines lose their leading space
    assert lines[1].startswith('address -> address-3 Node ip-netmask')
    assert xmlutil.find_lines(root, 'result/job/warnings') == []
    assert xmlutil.find_lines(root, 'nope') == []


def test_find_lines_falls_back_to_plain_msg_text():
    root = fixture_root('commit.no-changes.code19.xml')
    assert xmlutil.find_lines(root, 'msg') == ['There are no changes to commit.']
    assert xmlutil.response_message(root) == 'There are no changes to commit.'


def test_find_lines_unwraps_nested_line():
    root = ET.fromstring('<response><msg><line><line>inner</line></line></msg></response>')
    assert xmlutil.find_lines(root, 'msg') == ['inner']


def test_response_message_prefers_msg_line_then_result_msg():
    assert xmlutil.response_message(fixture_root('commit.enqueued.code19.xml')) == 'Commit job enqueued with jobid 2'
    assert xmlutil.response_message(fixture_root('error_code12.invalid-object.multiline.xml')).count('; ') == 1
    assert xmlutil.response_message(fixture_root('op_show_jobs_all.empty.xml')) is None


def test_yes_no_and_to_int():
    assert xmlutil.yes_no('yes') is True
    assert xmlutil.yes_no(' No ') is False
    assert xmlutil.yes_no('auto') is None
    assert xmlutil.yes_no(None) is None
    assert xmlutil.to_int('75') == 75
    assert xmlutil.to_int('2023/08/07 04:00:45') is None
    assert xmlutil.to_int(None) is None


def test_parse():
    root = xmlutil.parse(b"<response status = 'success'><result><key>K</key></result></response>")
    assert root.get('status') == 'success'
    with pytest.raises(InvalidInput):
        xmlutil.parse('<unclosed>')
    assert xmlutil.find_text(root, 'result/key') == 'K'
    jobs = xmlutil.parse(ET.tostring(fixture_root('op_show_jobs_all.fin-ok.xml'))).findall('result/job')
    assert [xmlutil.find_text(job, 'id') for job in jobs] == ['4', '1']


def test_build_element_attributes_are_escaped():
    elem = xmlutil.build_element('ip', {'entry': [{'@name': 'a&b"<'}, {'@name': 'c'}]})
    assert xmlutil.to_string(elem) == '<ip><entry name="a&amp;b&quot;&lt;" /><entry name="c" /></ip>'.replace(' />', '/>')
