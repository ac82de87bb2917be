"""The fidelity comparer itself: it must see the differences it is there to see (no emulator needed)."""

from shapes import differences, quote_style

REAL = b"""<response status="success"><result><system><hostname>x</hostname><plugin_versions>
<entry name="dlp"><pkginfo>dlp</pkginfo></entry></plugin_versions></system></result></response>"""


def test_identical_and_superset_are_fine():
    assert differences(REAL, REAL) == []
    more = REAL.replace(b"<hostname>x</hostname>", b"<hostname>x</hostname><extra>1</extra>")
    assert differences(REAL, more) == []


def test_missing_tag_at_any_depth():
    assert differences(REAL, REAL.replace(b"<hostname>x</hostname>", b"")) == ["missing: result/system/hostname"]
    assert differences(REAL, REAL.replace(b"<pkginfo>dlp</pkginfo>", b"")) == [
        "missing: result/system/plugin_versions/entry/pkginfo"]


def test_wrong_nesting_is_a_difference():
    moved = b'<response status="success"><result><hostname>x</hostname><system/></result></response>'
    assert "missing: result/system/hostname" in differences(REAL, moved)


def test_text_leaf_must_stay_a_leaf():
    real = b'<response status="success"><result>on</result></response>'
    assert differences(real, b'<response status="success"><result><on/></result></response>') == [
        "not a text leaf: response/result"]
    assert differences(real, b'<response status="success"><result>off</result></response>') == []


def test_root_attribute_names():
    assert differences(b'<response status="success" code="19"/>', b'<response status="success"/>') == [
        "root attributes: ['code', 'status'] != ['status']"]


def test_repeated_children_are_merged():
    real = b"<response status='success'><result><entry><a/></entry><entry><b/></entry></result></response>"
    assert differences(real, b"<response status='success'><result><entry><a/><b/></entry></result></response>") == []
    assert differences(real, b"<response status='success'><result><entry><a/></entry></result></response>") == [
        "missing: result/entry/b"]


def test_ignore_and_depth():
    assert differences(REAL, REAL.replace(b"<hostname>x</hostname>", b""), ignore=["result/system/hostname"]) == []
    assert differences(REAL, b'<response status="success"><result><system/></result></response>', max_depth=2) == []


def test_quote_styles():
    assert quote_style(b"<response status = 'success'><result/></response>") == "single-spaced"
    assert quote_style(b'<response status="success"/>') == "double"
    assert quote_style(b"<response status='error' code='18'/>") == "single"
