"""The HTML pages: self-contained, escaped, complete; and rendered in a real browser."""

import datetime as dt
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from computescale import estimate, estimate_many, load_cluster
from computescale.catalogue import default_catalogue
from computescale.claims import check_claims
from computescale.cli import main
from computescale.report import claims_html, estimate_html, survey_html
from tests.conftest import EXAMPLES

PRESS = EXAMPLES / "claims" / "press-2024-2025.yaml"
DAY = dt.date(2026, 12, 1)


class Page(HTMLParser):
    """The elements of a page: tags with their attributes, and the text by element class."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []
        self.classed = {}
        self._open = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self._open.append(attrs.get("class", ""))

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self._open and self._open[-1]:
            self.classed.setdefault(self._open[-1], []).append(data)


def _self_contained(page):
    """Assert that the page asks for nothing: no script, no resource, only http(s) links."""
    names = [tag for tag, _ in page.tags]
    assert "script" not in names and "link" not in names and "img" not in names
    assert "iframe" not in names and "object" not in names
    for tag, attrs in page.tags:
        assert "src" not in attrs and not any(a.startswith("on") for a in attrs), (tag, attrs)
        href = attrs.get("href")
        if href is not None and tag == "a":
            assert href.startswith(("#", "http://", "https://")), href
        elif href is not None:  # SVG's own references to its glyphs and markers
            assert href.startswith("#"), (tag, href)
    (policy,) = [
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_a_fact_check_page_holds_every_claim_its_verdict_and_the_counts():
    results = check_claims(PRESS)
    text = claims_html(results, title=PRESS.name, catalogue=default_catalogue(), generated=DAY)
    page = Page(text)
    _self_contained(page)
    cards = [a for t, a in page.tags if t == "article"]
    assert [a["data-verdict"] for a in cards] == [r.verdict for r in results]
    assert page.classed["claim-id"] == [r.claim.id for r in results]
    counts = dict(re.findall(r'class="count" data-verdict="(\w+)">(\d+)<', text))
    assert counts == {
        v: str(sum(r.verdict == v for r in results))
        for v in ("consistent", "inconsistent", "unverifiable", "not_comparable")
    }
    words = " ".join(page.text)
    for r in results:  # each claim's sentence, source and explanation, as written
        assert r.claim.says in words and r.claim.source.outlet in words
    inconsistent = [r for r in results if r.verdict == "inconsistent" and r.diagnosis]
    assert inconsistent and all(r.diagnosis[0].reading in words for r in inconsistent)
    # the clusters' assumptions and the catalogue's sources, primary ones marked
    assert "pue" in words and "primary;" in words and "Made with computescale" in words
    assert "2026-12-01" in words


def test_text_from_files_is_escaped_and_only_web_addresses_become_links(write, tmp_path):
    write("name: X\nfleets:\n  - accelerator: H100\n    count: 1000\n", "c.yaml")
    claims = write(
        "claims:\n"
        "  - id: '\"><img src=x onerror=alert(1)>'\n"
        "    source: {title: '<script>alert(2)</script>', outlet: O, date: 2025-01-01, "
        "url: 'javascript:alert(3)'}\n"
        "    says: '</blockquote><script>alert(4)</script>'\n"
        "    quantity: accelerators\n"
        "    value: 2000\n"
        "    cluster: c.yaml\n",
        "claims.yaml",
    )
    text = claims_html(check_claims(claims), title="<b>t</b>", catalogue=default_catalogue())
    page = Page(text)
    _self_contained(page)
    assert "<script" not in text
    assert not any(a.get("href", "").startswith("javascript") for _, a in page.tags)
    words = " ".join(page.text)
    assert (
        "<script>alert(2)</script>" in words and "</blockquote><script>alert(4)</script>" in words
    )
    assert '"><img src=x onerror=alert(1)>' in words


def test_an_estimate_page_and_a_page_of_several_clusters():
    cat = default_catalogue()
    e = estimate(load_cluster(EXAMPLES / "colossus2.yaml"))
    page = Page(estimate_html(e, catalogue=cat, figure_svg="<svg><title>x</title></svg>"))
    _self_contained(page)
    words = " ".join(page.text)
    assert "Power: facility (IT x PUE 1.1–1.3)" in words  # the labels of the text table
    assert "Capex: total (facility construction excluded)" in words
    assert "GB200" in words and "GB300" in words and "primary;" in words
    assert any(t == "svg" for t, _ in page.tags)
    several = estimate_many([EXAMPLES / "colossus1-2024-09.yaml", EXAMPLES / "colossus2.yaml"])
    page = Page(survey_html(several, catalogue=cat))
    _self_contained(page)
    rows = [a for t, a in page.tags if t == "td" and a.get("data-label") == "cluster"]
    assert len(rows) == 2  # a row per cluster, its cells labelled for a phone
    assert "Colossus 2, first batch (announced July 2025)" in " ".join(page.text)


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(EXAMPLES / "claims" / "seed-articles.yaml")],
        ["estimate", str(EXAMPLES / "colossus1.yaml")],  # a build-out: its timeline drawn
        ["estimate", str(EXAMPLES / "colossus2.yaml"), str(EXAMPLES / "meta-2024.yaml")],
    ],
)
def test_the_cli_writes_one_self_contained_page(tmp_path, capsys, args):
    out = tmp_path / "report.html"
    assert main([*args, "--format", "html", "-o", str(out)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    page = Page(text)
    _self_contained(page)
    if "check" in args or "colossus1.yaml" in args[1]:  # one figure, drawn inline
        assert [t for t, _ in page.tags].count("svg") == 1
        assert "<?xml" not in text and "<!--" not in text


# --- in a real browser ----------------------------------------------------------------------

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _browser():
    found = next((b for b in map(shutil.which, BROWSERS) if b), None)
    if found is None:
        if os.environ.get("COMPUTESCALE_BROWSER_TESTS") == "required":
            pytest.fail("no Chromium found, and COMPUTESCALE_BROWSER_TESTS=required (as in CI)")
        pytest.skip(
            "no Chromium found: install Debian's chromium package to render the HTML page "
            "in a real browser (CI installs it and runs this test)"
        )
    return found


def _chromium(browser, tmp_path, *args):
    profile = tmp_path / "profile"
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
    ]
    home = tmp_path / "home"  # Chromium's caches (fonts, certificates) stay in the temporary folder
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_fact_check_page_renders_in_chromium_on_a_phone(tmp_path):
    import matplotlib.pyplot as plt
    import numpy as np

    browser = _browser()
    claims = EXAMPLES / "claims" / "seed-articles.yaml"
    page_file = tmp_path / "report.html"
    assert main(["check", str(claims), "--format", "html", "-o", str(page_file)]) == 0
    url = page_file.as_uri()
    # the DOM as Chromium built it: every claim's id and verdict
    dom = Page(_chromium(browser, tmp_path, "--dump-dom", url))
    results = check_claims(claims)
    assert dom.classed["claim-id"] == [r.claim.id for r in results]
    assert [a["data-verdict"] for t, a in dom.tags if t == "article"] == [
        r.verdict for r in results
    ]
    # a phone-sized screenshot: drawn, not blank, with the verdicts' colours
    shot = tmp_path / "phone.png"
    _chromium(browser, tmp_path, f"--screenshot={shot}", "--window-size=390,1600", url)
    pixels = plt.imread(shot)[..., :3]
    assert pixels.shape[:2] == (1600, 390)
    ink = np.any(pixels < 0.9, axis=-1).mean()
    assert 0.03 < ink < 0.9, ink  # text and badges on a white page

    def near(rgb):  # the badges' CSS colours, as Chromium painted them
        return np.all(np.abs(pixels - np.array(rgb) / 255) < 0.06, axis=-1).sum()

    assert near((0x1A, 0x7F, 0x37)) > 200 and near((0xCF, 0x22, 0x2E)) > 200


def test_the_browser_test_skips_with_a_reason_when_no_chromium(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("COMPUTESCALE_BROWSER_TESTS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="install Debian's chromium package"):
        _browser()
    monkeypatch.setenv("COMPUTESCALE_BROWSER_TESTS", "required")
    with pytest.raises(pytest.fail.Exception, match="no Chromium found"):
        _browser()


# --- any text a file may hold ---------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40
).filter(lambda t: t.strip())
_HOSTILE = st.sampled_from(
    ["<script>x</script>", '"><b onmouseover=1>', "&amp;", "</article>", "javascript:x", "]]>"]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    says=st.one_of(_TEXT, _HOSTILE),
    outlet=st.one_of(_TEXT, _HOSTILE),
    ident=st.one_of(_TEXT, _HOSTILE),
    url=st.one_of(st.none(), _TEXT, _HOSTILE, st.just("https://example.org/a?b=<c>&d")),
)
def test_any_text_stays_text(tmp_path, says, outlet, ident, url):
    import yaml

    cluster = {"name": "X", "fleets": [{"accelerator": "H100", "count": "1000"}]}
    source = {"title": "T", "outlet": outlet, "date": "2025-01-01"}
    if url is not None:
        source["url"] = url
    claim = {
        "id": ident,
        "source": source,
        "says": says,
        "quantity": "accelerators",
        "value": "1000",  # numbers as text: every scalar below is a quoted string
        "cluster": cluster,
    }
    path = tmp_path / "claims.yaml"
    # every string double-quoted, controls escaped: "0E0" and "\x7f" stay text, as written
    document = yaml.safe_dump({"claims": [claim]}, default_style='"', allow_unicode=False)
    path.write_text(document, encoding="utf-8")
    text = claims_html(check_claims(path), title=ident, catalogue=default_catalogue())
    page = Page(text)
    _self_contained(page)
    assert [t for t, _ in page.tags].count("article") == 1
    links = [a["href"] for t, a in page.tags if t == "a" and not a["href"].startswith("#")]
    external = [h for h in links if "example.org" in h or h == url]
    assert external == ([url] if url and url.startswith("https://") else [])
