"""The validation set: real clusters, their reported figures, and the share bracketed."""

import importlib.util
import re

import yaml

from computescale import load_cluster
from computescale.claims import check_claims
from tests.conftest import EXAMPLES, ROOT

spec = importlib.util.spec_from_file_location("gen_validation", ROOT / "docs" / "gen_validation.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

PAGE = ROOT / "docs" / "validation.md"


def test_the_share_bracketed_never_falls_below_the_figure_the_page_states():
    written = re.search(r"brackets \*\*(\d+) of (\d+) reported figures", PAGE.read_text("utf-8"))
    assert written, "docs/validation.md no longer states its share"
    stated_share = int(written[1]) / int(written[2])
    s = gen.share(check_claims(ROOT / gen.CLAIMS))
    assert s.bracketed / s.judged >= stated_share, (
        f"the share of reported figures bracketed fell from {written[1]}/{written[2]} to "
        f"{s.bracketed}/{s.judged}: see what changed, then run `python docs/gen_validation.py`"
    )


def test_the_validation_page_is_up_to_date():
    assert gen.page(ROOT) == PAGE.read_text("utf-8"), (
        "docs/validation.md is stale: run `python docs/gen_validation.py`"
    )


def test_the_share_counts_what_it_says():
    results = check_claims(ROOT / gen.CLAIMS)
    s = gen.share(results)
    verdicts = [r.verdict for r in results]
    # financing is recorded, never judged; every other figure counts
    assert s.judged == len(verdicts) - verdicts.count("not_comparable")
    assert s.bracketed == verdicts.count("consistent")
    assert s.recomputed == s.judged - verdicts.count("unverifiable")
    assert s.inside <= s.bracketed  # inside the range holds without any tolerance


def test_at_least_25_real_clusters_each_with_its_sources():
    files = sorted((EXAMPLES / "clusters").glob("*.yaml"))
    assert len(files) >= 25
    for path in files:
        text = path.read_text("utf-8")
        comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
        assert any("http" in line for line in comments), f"{path.name}: no source in comments"
        assert load_cluster(path).fleets
    # every reported figure is cited, with an address
    for claim in yaml.safe_load((ROOT / gen.CLAIMS).read_text("utf-8"))["claims"]:
        assert claim["source"]["url"].startswith(("http://", "https://")), claim["id"]
