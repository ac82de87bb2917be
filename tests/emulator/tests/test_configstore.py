"""ConfigStore: XPath actions on candidate/running, per-admin change tracking, partial commits."""

from xml.sax.saxutils import escape

import pytest
from lxml import etree

from panos_emulator import messages as M
from panos_emulator.configstore import ConfigStore
from panos_emulator.default_config import default_config_bytes
from panos_emulator.error_envelopes import envelope
from panos_emulator.exceptions import EmulatorError, IllegalValue, MissingParam

DEV = "/config/devices/entry[@name='localhost.localdomain']"
DEV_UNNAMED = "/config/devices/entry"
VSYS = DEV + "/vsys/entry[@name='vsys1']"
RULES = VSYS + "/rulebase/security/rules"
ADDR = VSYS + "/address"


@pytest.fixture
def store():
    return ConfigStore(default_config_bytes())


def xml(node):
    return etree.tostring(node, encoding="unicode")


def text(store, xpath, running=False):
    nodes = store.show(xpath) if running else store.get(xpath)
    assert len(nodes) == 1
    return nodes[0].text


def names(store, xpath, running=False):
    nodes = store.show(xpath) if running else store.get(xpath)
    return [n.get("name") for n in nodes]


def add_rules(store, *rule_names, admin="admin"):
    store.set(RULES, "".join(f'<entry name="{n}"><action>allow</action></entry>' for n in rule_names), admin)


# ---------------------------------------------------------------------- default config
class TestDefaultConfig:
    def test_required_nodes_present(self, store):
        for xpath in (
            "/config/mgt-config/users/entry[@name='admin']/permissions/role-based/superuser",
            "/config/shared",
            DEV + "/deviceconfig/system/hostname",
            DEV + "/deviceconfig/system/dns-setting/servers/primary",
            DEV + "/deviceconfig/system/ntp-servers/primary-ntp-server/ntp-server-address",
            DEV + "/deviceconfig/setting/config/rematch",
            DEV + "/deviceconfig/setting/session/packet-buffer-protection-enable",
            DEV + "/deviceconfig/high-availability/group/configuration-synchronization/enabled",
            DEV + "/deviceconfig/high-availability/group/state-synchronization/enabled",
            DEV + "/deviceconfig/high-availability/interface/ha2/port",
            DEV + "/network/interface/aggregate-ethernet/entry[@name='ae1']/layer3/units/entry[@name='ae1.518']/mtu",
            VSYS + "/zone/entry[@name='trust']",
            RULES + "/entry",
            VSYS + "/import/network/interface/member",
        ):
            assert store.show(xpath), xpath

    def test_ha_values(self, store):
        ha = DEV + "/deviceconfig/high-availability"
        assert text(store, ha + "/enabled", running=True) == "yes"
        assert text(store, ha + "/group/group-id") == "1"
        assert text(store, ha + "/group/election-option/device-priority") == "100"
        assert text(store, ha + "/group/election-option/preemptive") == "no"
        assert text(store, ha + "/group/mode/active-passive/passive-link-state") == "shutdown"  # PAN-OS default
        assert text(store, ha + "/group/state-synchronization/transport") == "ip"  # as the PA-VM 10.2.3 sample
        assert text(store, ha + "/interface/ha1/port") == "management"
        assert text(store, ha + "/interface/ha2/port") == "ethernet1/3"

    def test_jumbo_frames_off_and_mtu_1500(self, store):
        with pytest.raises(EmulatorError):
            store.show(DEV + "/deviceconfig/setting/jumbo-frame")
        assert text(store, DEV + "/network/interface/aggregate-ethernet/entry/layer3/units/entry/mtu") == "1500"

    def test_optional_nodes_absent(self, store):
        for xpath in (DEV + "/deviceconfig/system/login-banner", DEV + "/deviceconfig/system/panorama",
                      VSYS + "/address"):
            with pytest.raises(EmulatorError):
                store.get(xpath)

    def test_no_blank_text_or_comments(self, store):
        # The XML file is pretty-printed and commented; the tree must not carry either.
        root = store.running_root()
        assert not any(isinstance(n, etree._Comment) for n in root.iter())
        assert all((n.text is None or n.text.strip()) for n in root.iter())
        assert all(n.tail is None for n in root.iter())

    def test_not_a_config_document(self):
        with pytest.raises(ValueError):
            ConfigStore(b"<response/>")


# ---------------------------------------------------------------------- reads
class TestReads:
    def test_named_and_unnamed_device_entry(self, store):
        named = store.get(DEV + "/deviceconfig/system/hostname")
        unnamed = store.get(DEV_UNNAMED + "/deviceconfig/system/hostname")
        assert xml(named[0]) == xml(unnamed[0]) == "<hostname>PA-VM</hostname>"

    def test_double_quoted_predicate(self, store):
        assert names(store, '/config/devices/entry[@name="localhost.localdomain"]/vsys/entry') == ["vsys1"]

    def test_union_in_document_order(self, store):
        # pan-os-python's optimized refresh sends X/a|X/b; results come back in document order, not query order.
        sysx = DEV + "/deviceconfig/system"
        nodes = store.get(sysx + "/timezone|" + sysx + "/hostname|" + sysx + "/nonexistent")
        assert [n.tag for n in nodes] == ["hostname", "timezone"]

    def test_union_deduplicates(self, store):
        nodes = store.get(DEV + "/deviceconfig/system/hostname|" + DEV_UNNAMED + "/deviceconfig/system/hostname")
        assert len(nodes) == 1

    def test_get_returns_copies(self, store):
        node = store.get(DEV + "/deviceconfig/system/hostname")[0]
        node.text = "changed"
        assert text(store, DEV + "/deviceconfig/system/hostname") == "PA-VM"
        assert node.getparent() is None and node.tail is None

    def test_get_missing_is_success_code_7(self, store):
        with pytest.raises(EmulatorError) as exc:
            store.get(VSYS + "/address/entry[@name='nope']")
        assert (envelope(exc.value).code, envelope(exc.value).status, envelope(exc.value).lines) == (7, "success", [])

    def test_show_missing_is_no_such_node(self, store):
        with pytest.raises(EmulatorError) as exc:
            store.show(VSYS + "/address/entry[@name='nope']")
        assert envelope(exc.value).code is None
        assert envelope(exc.value).status == "error"
        assert envelope(exc.value).lines == ["No such node"]

    def test_get_reads_candidate_show_reads_running(self, store):
        store.set(DEV + "/deviceconfig/system", "<timezone>Europe/Berlin</timezone>", "admin")
        assert text(store, DEV + "/deviceconfig/system/timezone") == "Europe/Berlin"
        assert text(store, DEV + "/deviceconfig/system/timezone", running=True) == "UTC"

    @pytest.mark.parametrize("xpath", [
        "/config/devices/entry[",            # syntax error
        "/config/devices/entry[@name='x'",   # unbalanced bracket
        "/config/devices/",                  # trailing slash
        "/devices/entry",                    # not under /config
        "//entry",                           # not under /config
        "/configuration/x",                  # /config prefix but another element
        "devices/entry",                     # relative
        "",
        "/config/x|/shared",                 # one union branch outside /config
        "/config/devices/entry/@name",       # attributes are not config nodes
        "count(/config/devices/entry)",      # not a node-set
        "/config/devices/entry[foo()]",      # unknown function, detected at evaluation
    ])
    def test_bad_xpath_is_code_6(self, store, xpath):
        for read in (store.get, store.show):
            with pytest.raises(EmulatorError) as exc:
                read(xpath)
            assert envelope(exc.value).code == 6
            assert envelope(exc.value).status == "error"
            assert envelope(exc.value).lines == [M.BAD_XPATH]

    def test_bad_xpath_on_writes(self, store):
        with pytest.raises(EmulatorError) as exc:
            store.set("/devices", "<a/>", "admin")
        assert envelope(exc.value).code == 6
        with pytest.raises(EmulatorError) as exc:
            store.set(DEV + "//system", "<a/>", "admin")
        assert envelope(exc.value).code == 6
        with pytest.raises(EmulatorError) as exc:
            store.set(DEV + "/a|" + DEV + "/b", "<c/>", "admin")
        assert envelope(exc.value).code == 6
        assert not store.has_pending()


# ---------------------------------------------------------------------- set
class TestSet:
    def test_creates_missing_path(self, store):
        store.set(ADDR + "/entry[@name='web']", "<ip-netmask>10.0.0.1/32</ip-netmask>", "admin")
        node = store.get(ADDR)[0]
        assert xml(node) == '<address><entry name="web"><ip-netmask>10.0.0.1/32</ip-netmask></entry></address>'

    def test_creates_path_through_unnamed_device_entry(self, store):
        store.set(DEV_UNNAMED + "/vsys/entry[@name='vsys1']/tag/entry[@name='prod']", "<color>color1</color>",
                  "admin")
        assert text(store, VSYS + "/tag/entry[@name='prod']/color") == "color1"

    def test_missing_unnamed_entry_step_is_error(self, store):
        with pytest.raises(EmulatorError) as exc:
            store.set(VSYS + "/tag/entry/color", "<x/>", "admin")
        assert envelope(exc.value).code == 7
        # Nothing half-created on the way.
        with pytest.raises(EmulatorError):
            store.get(VSYS + "/tag")
        assert not store.has_pending()

    def test_missing_step_with_other_predicate_is_error(self, store):
        with pytest.raises(EmulatorError) as exc:
            store.set(VSYS + "/tag/entry[@name='a' or @name='b']", "<color>c</color>", "admin")
        assert envelope(exc.value).code == 7
        with pytest.raises(EmulatorError):
            store.set(VSYS + "/tag/entry[@name='a'][2]", "<color>c</color>", "admin")
        with pytest.raises(EmulatorError):
            store.get(VSYS + "/tag")

    def test_several_top_level_elements(self, store):
        store.set(ADDR, '<entry name="a"><fqdn>a.example</fqdn></entry><entry name="b"><fqdn>b.example</fqdn>'
                        '</entry>', "admin")
        assert names(store, ADDR + "/entry") == ["a", "b"]

    def test_merge_named_entry_and_leaf_replace(self, store):
        store.set(ADDR, '<entry name="a"><fqdn>a.example</fqdn><description>one</description></entry>', "admin")
        store.set(ADDR, '<entry name="a"><description>two</description><tag><member>x</member></tag></entry>',
                  "admin")
        entry = store.get(ADDR + "/entry[@name='a']")[0]
        assert xml(entry) == ('<entry name="a"><fqdn>a.example</fqdn><description>two</description>'
                              '<tag><member>x</member></tag></entry>')

    def test_merge_members_append_without_duplicates(self, store):
        members = RULES + "/entry[@name='trust-to-untrust']"
        store.set(members, "<application><member>any</member><member>dns</member><member>ssl</member>"
                           "</application>", "admin")
        apps = store.get(members + "/application/member")
        assert [m.text for m in apps] == ["any", "dns", "ssl"]

    def test_merge_container_recursively(self, store):
        system = DEV + "/deviceconfig/system"
        store.set(system, "<dns-setting><servers><secondary>192.0.2.54</secondary></servers></dns-setting>",
                  "admin")
        assert text(store, system + "/dns-setting/servers/primary") == "198.51.100.53"
        assert text(store, system + "/dns-setting/servers/secondary") == "192.0.2.54"

    def test_empty_container_does_not_wipe_children(self, store):
        store.set(DEV + "/deviceconfig/system", "<dns-setting/>", "admin")
        assert text(store, DEV + "/deviceconfig/system/dns-setting/servers/primary") == "198.51.100.53"

    def test_pretty_printed_element(self, store):
        store.set(ADDR, """
            <entry name="pretty">
              <ip-netmask>10.9.9.9</ip-netmask>
            </entry>
        """, "admin")
        assert xml(store.get(ADDR + "/entry[@name='pretty']")[0]) == (
            '<entry name="pretty"><ip-netmask>10.9.9.9</ip-netmask></entry>')

    def test_element_with_xml_declaration_and_bytes(self, store):
        store.set(ADDR, b"<?xml version='1.0' encoding='utf-8'?>\n<entry name=\"decl\"><fqdn>x</fqdn></entry>",
                  "admin")
        assert names(store, ADDR + "/entry") == ["decl"]

    @pytest.mark.parametrize("element", ["<entry name='a'>", "<a></b>", "just text", "", "<a/>junk",
                                         "<!DOCTYPE x [<!ENTITY e 'v'>]><a>&e;</a>", b"\xff\xfe<a/>"])
    def test_malformed_element_is_code_18(self, store, element):
        with pytest.raises(EmulatorError) as exc:
            store.set(ADDR, element, "admin")
        assert (envelope(exc.value).code, envelope(exc.value).lines) == (18, ["Malformed Request"])
        assert not store.has_pending()

    def test_set_when_step_matches_several_nodes(self, store):
        store.set(DEV + "/vsys", '<entry name="vsys2"/>', "admin")
        with pytest.raises(EmulatorError) as exc:
            store.set(DEV + "/vsys/entry/zone", '<entry name="z"/>', "admin")
        assert envelope(exc.value).code == 8


# ---------------------------------------------------------------------- special characters
class TestLiteralValues:
    WEIRD = "a<b & c 'quoted' \"dq\" ]]> /slash|pipe"

    def test_text_round_trips(self, store):
        store.set(DEV + "/deviceconfig/system", f"<login-banner>{escape(self.WEIRD)}</login-banner>", "admin")
        assert text(store, DEV + "/deviceconfig/system/login-banner") == self.WEIRD
        store.commit()
        assert text(store, DEV + "/deviceconfig/system/login-banner", running=True) == self.WEIRD
        # and back out as XML that parses to the same value
        node = store.show(DEV + "/deviceconfig/system/login-banner")[0]
        assert etree.fromstring(xml(node)).text == self.WEIRD

    @pytest.mark.parametrize("name,literal", [
        ("it's", '"it\'s"'),                         # single quote inside double-quoted literal
        ('say "hi"', "'say \"hi\"'"),                # double quote inside single-quoted literal
        ("both'\"", "concat('both', \"'\", '\"')"),  # pan-os-python _xpath_safe uses concat() for both
        ("a/b|c&<d>", "'a/b|c&<d>'"),                # path and union characters inside the name
    ])
    def test_names_with_quotes_create_and_read(self, store, name, literal):
        element = etree.Element("description")
        element.text = name
        body = etree.tostring(element, encoding="unicode")
        store.set(ADDR + f"/entry[@name={literal}]", body, "admin")
        entry = store.get(ADDR + f"/entry[@name={literal}]")[0]
        assert entry.get("name") == name
        assert entry.findtext("description") == name
        assert names(store, ADDR + "/entry") == [name]

    def test_name_attribute_escaped_in_element(self, store):
        store.set(ADDR, '<entry name="x&amp;&lt;&quot;&apos;"><fqdn>f</fqdn></entry>', "admin")
        assert names(store, ADDR + "/entry") == ["x&<\"'"]
        store.rename(ADDR + "/entry[@name=concat('x&<\"', \"'\", '')]", "renamed'\"", "admin")
        assert names(store, ADDR + "/entry") == ["renamed'\""]


# ---------------------------------------------------------------------- edit
class TestEdit:
    def test_replaces_whole_node(self, store):
        store.set(ADDR, '<entry name="a"><fqdn>a.example</fqdn><description>d</description></entry>', "admin")
        store.edit(ADDR + "/entry[@name='a']", '<entry name="a"><ip-netmask>10.0.0.1</ip-netmask></entry>',
                   "admin")
        assert xml(store.get(ADDR + "/entry[@name='a']")[0]) == (
            '<entry name="a"><ip-netmask>10.0.0.1</ip-netmask></entry>')

    def test_keeps_position(self, store):
        add_rules(store, "r1", "r2")
        store.edit(RULES + "/entry[@name='r1']", '<entry name="r1"><action>deny</action></entry>', "admin")
        assert names(store, RULES + "/entry") == ["trust-to-untrust", "r1", "r2"]
        assert text(store, RULES + "/entry[@name='r1']/action") == "deny"

    def test_leaf_edit(self, store):
        # pan-os-python update(): edit <xpath>/<leaf> with <leaf>value</leaf>
        store.edit(DEV + "/deviceconfig/system/hostname", "<hostname>fw-a</hostname>", "admin")
        assert text(store, DEV_UNNAMED + "/deviceconfig/system/hostname") == "fw-a"

    def test_creates_absent_node(self, store):
        # pan-os-python apply() edits objects that may not exist yet.
        store.edit(ADDR + "/entry[@name='new']", '<entry name="new"><fqdn>n.example</fqdn></entry>', "admin")
        assert names(store, ADDR + "/entry") == ["new"]

    def test_container_edit_replaces_all_children(self, store):
        # pan-os-python apply_similar(): edit <container> with every child inside.
        store.set(ADDR, '<entry name="a"><fqdn>a</fqdn></entry><entry name="b"><fqdn>b</fqdn></entry>', "admin")
        store.edit(ADDR, '<address><entry name="c"><fqdn>c</fqdn></entry></address>', "admin")
        assert names(store, ADDR + "/entry") == ["c"]

    @pytest.mark.parametrize("xpath,element", [
        (ADDR + "/entry[@name='a']", '<entry name="b"><fqdn>x</fqdn></entry>'),     # name mismatch
        (ADDR + "/entry[@name='a']", '<address><fqdn>x</fqdn></address>'),          # tag mismatch
        (DEV + "/deviceconfig/system/hostname", "<timezone>UTC</timezone>"),
        (DEV + "/deviceconfig/system/hostname", "<hostname>a</hostname><hostname>b</hostname>"),
    ])
    def test_mismatch_is_code_12(self, store, xpath, element):
        before = xml(store.candidate_root())
        with pytest.raises(EmulatorError) as exc:
            store.edit(xpath, element, "admin")
        assert envelope(exc.value).code == 12
        assert envelope(exc.value).lines == [M.EDIT_MISMATCH]
        assert xml(store.candidate_root()) == before
        assert not store.has_pending()


# ---------------------------------------------------------------------- delete
class TestDelete:
    def test_delete_entry(self, store):
        add_rules(store, "r1", "r2")
        store.delete(RULES + "/entry[@name='r1']", "admin")
        assert names(store, RULES + "/entry") == ["trust-to-untrust", "r2"]

    def test_delete_several_like_delete_similar(self, store):
        add_rules(store, "r1", "r2", "r3")
        store.delete(RULES + "/entry[@name='r1' or @name='r3']", "admin")
        assert names(store, RULES + "/entry") == ["trust-to-untrust", "r2"]

    def test_delete_member(self, store):
        store.delete(VSYS + "/import/network/interface/member[text()='ae1.518']", "admin")
        assert [m.text for m in store.get(VSYS + "/import/network/interface/member")] == [
            "ethernet1/1", "ethernet1/2"]

    def test_delete_missing_is_success_code_7_and_no_change(self, store):
        with pytest.raises(EmulatorError) as exc:
            store.delete(ADDR + "/entry[@name='ghost']", "admin")
        assert (envelope(exc.value).code, envelope(exc.value).status, envelope(exc.value).lines) == (7, "success", ["Object doesn't exist"])
        assert not store.has_pending()

    def test_delete_root_refused(self, store):
        with pytest.raises(EmulatorError) as exc:
            store.delete("/config", "admin")
        assert envelope(exc.value).code == 14
        assert store.get("/config/devices")


# ---------------------------------------------------------------------- rename
class TestRename:
    def test_rename(self, store):
        add_rules(store, "r1")
        store.rename(RULES + "/entry[@name='r1']", "r1-new", "admin")
        assert names(store, RULES + "/entry") == ["trust-to-untrust", "r1-new"]
        assert text(store, RULES + "/entry[@name='r1-new']/action") == "allow"

    def test_rename_missing_is_code_7(self, store):
        with pytest.raises(EmulatorError) as exc:
            store.rename(RULES + "/entry[@name='ghost']", "x", "admin")
        assert (envelope(exc.value).code, envelope(exc.value).status) == (7, "error")

    def test_rename_onto_existing_sibling_is_code_12(self, store):
        add_rules(store, "r1")
        with pytest.raises(EmulatorError) as exc:
            store.rename(RULES + "/entry[@name='r1']", "trust-to-untrust", "admin")
        assert envelope(exc.value).code == 12
        assert names(store, RULES + "/entry") == ["trust-to-untrust", "r1"]

    def test_rename_unnamed_node_is_code_12(self, store):
        with pytest.raises(EmulatorError) as exc:
            store.rename(DEV + "/deviceconfig/system", "x", "admin")
        assert envelope(exc.value).code == 12

    def test_rename_without_newname(self, store):
        with pytest.raises(MissingParam) as exc:
            store.rename(RULES + "/entry[@name='trust-to-untrust']", "", "admin")
        assert envelope(exc.value).http_status == 400


# ---------------------------------------------------------------------- move
class TestMove:
    @pytest.fixture
    def rules(self, store):
        store.delete(RULES + "/entry", "admin")
        add_rules(store, "a", "b", "c", "d")
        store.commit()
        return store

    @pytest.mark.parametrize("name,where,dst,expected", [
        ("c", "top", None, ["c", "a", "b", "d"]),
        ("b", "bottom", None, ["a", "c", "d", "b"]),
        ("d", "before", "b", ["a", "d", "b", "c"]),
        ("a", "after", "c", ["b", "c", "a", "d"]),
        ("a", "top", None, ["a", "b", "c", "d"]),      # already there: no error
        ("c", "after", "b", ["a", "b", "c", "d"]),
    ])
    def test_move(self, rules, name, where, dst, expected):
        rules.move(RULES + f"/entry[@name='{name}']", where, dst, "admin")
        assert names(rules, RULES + "/entry") == expected
        assert names(rules, RULES + "/entry", running=True) == ["a", "b", "c", "d"]

    def test_move_relative_to_itself_is_code_14(self, rules):
        with pytest.raises(EmulatorError) as exc:
            rules.move(RULES + "/entry[@name='b']", "before", "b", "admin")
        assert envelope(exc.value).code == 14

    def test_move_relative_to_missing_dst_is_code_7(self, rules):
        with pytest.raises(EmulatorError) as exc:
            rules.move(RULES + "/entry[@name='b']", "after", "ghost", "admin")
        assert envelope(exc.value).code == 7

    def test_move_missing_object_is_code_7(self, rules):
        with pytest.raises(EmulatorError) as exc:
            rules.move(RULES + "/entry[@name='ghost']", "top", None, "admin")
        assert envelope(exc.value).code == 7

    def test_move_before_without_dst_and_bad_where(self, rules):
        with pytest.raises(MissingParam) as exc:
            rules.move(RULES + "/entry[@name='b']", "before", None, "admin")
        assert envelope(exc.value).http_status == 400
        with pytest.raises(IllegalValue) as exc:
            rules.move(RULES + "/entry[@name='b']", "sideways", None, "admin")
        assert envelope(exc.value).http_status == 400
        assert not rules.has_pending()


# ---------------------------------------------------------------------- tracking, commit, revert
HOST = DEV + "/deviceconfig/system/hostname"
TZ = DEV + "/deviceconfig/system/timezone"


class TestCommit:
    def test_pending_tracking(self, store):
        assert not store.has_pending()
        store.edit(HOST, "<hostname>h</hostname>", "alice")
        store.set(ADDR, '<entry name="a"><fqdn>a</fqdn></entry>', "bob")
        store.edit(HOST, "<hostname>h2</hostname>", "alice")
        assert store.pending_admins() == {"alice", "bob"}
        assert store.has_pending() and store.has_pending("alice") and not store.has_pending("carol")
        assert store.pending_xpaths("alice") == [HOST]
        assert store.pending_xpaths("bob") == [ADDR]

    def test_failed_write_is_not_pending(self, store):
        with pytest.raises(EmulatorError):
            store.edit(HOST, "<timezone/>", "alice")
        assert store.pending_admins() == set()

    def test_full_commit(self, store):
        store.edit(HOST, "<hostname>h</hostname>", "alice")
        store.set(ADDR, '<entry name="a"><fqdn>a</fqdn></entry>', "bob")
        assert store.commit() is True
        assert text(store, HOST, running=True) == "h"
        assert names(store, ADDR + "/entry", running=True) == ["a"]
        assert not store.has_pending()
        assert xml(store.running_root()) == xml(store.candidate_root())

    def test_commit_without_changes_returns_false(self, store):
        assert store.commit() is False
        store.edit(HOST, "<hostname>h</hostname>", "alice")
        assert store.commit(["bob"]) is False
        assert store.commit([]) is False
        assert store.has_pending("alice")

    def test_partial_commit_leaves_other_admin_pending(self, store):
        store.edit(HOST, "<hostname>alice-host</hostname>", "alice")
        store.edit(TZ, "<timezone>Asia/Tokyo</timezone>", "bob")
        store.set(ADDR, '<entry name="alice-obj"><fqdn>a</fqdn></entry>', "alice")
        assert store.commit(["alice"]) is True
        # alice's changes are running; bob's are not ...
        assert text(store, HOST, running=True) == "alice-host"
        assert names(store, ADDR + "/entry", running=True) == ["alice-obj"]
        assert text(store, TZ, running=True) == "UTC"
        # ... but still in the candidate, still bob's, still pending.
        assert text(store, TZ) == "Asia/Tokyo"
        assert text(store, HOST) == "alice-host"
        assert store.pending_admins() == {"bob"}
        assert store.pending_xpaths("bob") == [TZ]
        assert store.replay_errors == []
        assert store.commit(["bob"]) is True
        assert text(store, TZ, running=True) == "Asia/Tokyo"
        assert not store.has_pending()

    def test_partial_commit_replays_in_order(self, store):
        # bob edits an object alice created: alice's partial commit must keep bob's edit on top.
        store.set(ADDR, '<entry name="x"><fqdn>alice</fqdn></entry>', "alice")
        store.set(ADDR + "/entry[@name='x']", "<description>bob</description>", "bob")
        store.commit(["alice"])
        assert xml(store.show(ADDR + "/entry")[0]) == '<entry name="x"><fqdn>alice</fqdn></entry>'
        assert xml(store.get(ADDR + "/entry")[0]) == (
            '<entry name="x"><fqdn>alice</fqdn><description>bob</description></entry>')

    def test_revert_one_admin(self, store):
        store.edit(HOST, "<hostname>alice-host</hostname>", "alice")
        store.edit(TZ, "<timezone>Asia/Tokyo</timezone>", "bob")
        store.revert("alice")
        assert text(store, HOST) == "PA-VM"
        assert text(store, TZ) == "Asia/Tokyo"
        assert store.pending_admins() == {"bob"}
        store.revert("nobody")
        assert store.pending_admins() == {"bob"}

    def test_revert_all(self, store):
        store.edit(HOST, "<hostname>alice-host</hostname>", "alice")
        store.edit(TZ, "<timezone>Asia/Tokyo</timezone>", "bob")
        store.revert()
        assert not store.has_pending()
        assert xml(store.running_root()) == xml(store.candidate_root())

    def test_replay_errors_recorded_and_op_dropped(self, store):
        # alice creates r1; bob moves r1 to the top. Reverting alice leaves bob's move with nothing to move.
        add_rules(store, "r1", admin="alice")
        store.move(RULES + "/entry[@name='r1']", "top", None, "bob")
        store.edit(TZ, "<timezone>Asia/Tokyo</timezone>", "bob")
        store.revert("alice")
        assert len(store.replay_errors) == 1
        op, err = store.replay_errors[0]
        assert (op.admin, op.action, envelope(err).code) == ("bob", "move", 7)
        assert store.pending_xpaths("bob") == [TZ]
        assert names(store, RULES + "/entry") == ["trust-to-untrust"]
        assert text(store, TZ) == "Asia/Tokyo"

    def test_replace_running_drops_pending(self, store):
        store.edit(HOST, "<hostname>local-change</hostname>", "alice")
        peer = ConfigStore(default_config_bytes())
        peer.edit(TZ, "<timezone>Asia/Tokyo</timezone>", "admin")
        peer.commit()
        store.replace_running(peer.running_root())
        assert not store.has_pending()
        assert text(store, TZ, running=True) == "Asia/Tokyo"
        assert text(store, HOST) == "PA-VM"
        # The store took a copy: the peer's tree is not shared.
        assert store.running_root() is not peer.running_root()
        peer.edit(TZ, "<timezone>UTC</timezone>", "admin")
        peer.commit()
        assert text(store, TZ, running=True) == "Asia/Tokyo"

    def test_replace_running_keep_pending(self, store):
        store.edit(HOST, "<hostname>local-change</hostname>", "alice")
        new = store.get("/config")[0]
        new.find("devices/entry/deviceconfig/system/timezone").text = "Asia/Tokyo"
        store.replace_running(new, keep_pending=True)
        assert text(store, TZ) == "Asia/Tokyo"
        assert text(store, HOST) == "local-change"
        assert store.pending_admins() == {"alice"}

    def test_replace_running_rejects_non_config(self, store):
        with pytest.raises(ValueError):
            store.replace_running(etree.Element("devices"))

    def test_load_candidate_from_running(self, store):
        store.edit(HOST, "<hostname>x</hostname>", "alice")
        store.load_candidate_from_running()
        assert text(store, HOST) == "PA-VM"
        assert not store.has_pending()

    def test_live_roots(self, store):
        assert store.running_root().tag == store.candidate_root().tag == "config"
        assert store.running_root() is not store.candidate_root()


# ---------------------------------------------------------------------- what pan-os-python really sends
class TestPanOsPythonRequests:
    """xpath/element strings built by pan-os-python itself (no device needed once the version is set)."""

    @pytest.fixture
    def fw(self):
        firewall = pytest.importorskip("panos.firewall")
        fw = firewall.Firewall("fw", api_key="k", vsys="vsys1")
        fw._set_version_and_version_info("10.1.0")
        return fw

    def test_object_lifecycle(self, store, fw):
        from panos.objects import AddressObject

        obj = AddressObject('we\'ird "name"', "10.0.0.1/32", description="a<b&c")
        fw.add(obj)
        assert "concat(" in obj.xpath()  # both quote kinds: pan-os-python writes concat()
        store.set(obj.xpath_short(), obj.element_str(), "admin")              # create()
        got = store.get(obj.xpath())[0]
        assert got.get("name") == 'we\'ird "name"' and got.findtext("description") == "a<b&c"
        obj.description = "changed"
        store.edit(obj.xpath(), obj.element_str(), "admin")                   # apply()
        union = "|".join(obj.xpath() + "/" + p for p in ("ip-netmask", "description"))
        assert [n.text for n in store.get(union)] == ["10.0.0.1/32", "changed"]  # optimized refresh
        store.rename(obj.xpath(), "plain", "admin")                           # rename()
        store.delete(obj.xpath_short() + "/entry[@name='plain']", "admin")    # delete()
        assert len(store.get(obj.xpath_short())[0]) == 0  # the emptied container stays
        assert store.pending_xpaths("admin") == [obj.xpath_short(), obj.xpath(),
                                                 obj.xpath_short() + "/entry[@name='plain']"]

    def test_system_settings_apply_replaces_system(self, store, fw):
        # apply() edits the whole <system>: settings the object does not carry are gone, as on a real device
        # (PaloAltoNetworks/ansible-pan#431).
        from panos.device import SystemSettings

        settings = SystemSettings(hostname="fw1", timezone="UTC")
        fw.add(settings)
        store.edit(settings.xpath(), settings.element_str(), "admin")
        system = store.get(settings.xpath())[0]
        assert [c.tag for c in system] == ["hostname", "timezone"]


def test_edit_of_config_root_replaces_everything(store):
    store.edit("/config", '<config version="10.1.0"><shared/></config>', "admin")
    root = store.get("/config")[0]
    assert xml(root) == '<config version="10.1.0"><shared/></config>'
    assert store.show(HOST)  # running untouched until commit
    store.commit()
    with pytest.raises(EmulatorError):
        store.show(HOST)


def test_deepcopied_state_is_independent(store):
    # device.py previews a partial commit on a deep copy of the store's state.
    import copy

    store.edit(HOST, "<hostname>alice-host</hostname>", "alice")
    store.edit(TZ, "<timezone>Asia/Tokyo</timezone>", "bob")
    probe = ConfigStore.__new__(ConfigStore)
    probe.__dict__ = copy.deepcopy(store.__dict__)
    assert probe.commit(["alice"]) is True
    assert text(probe, HOST, running=True) == "alice-host"
    assert text(store, HOST, running=True) == "PA-VM"
    assert store.pending_admins() == {"alice", "bob"}
