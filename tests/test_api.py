import subprocess
import sys

import pytest

import computescale as cs
from tests.conftest import EXAMPLES


def test_public_names_resolve():
    for name in cs.__all__:
        assert getattr(cs, name) is not None, name
    with pytest.raises(AttributeError):
        cs.no_such_name  # noqa: B018


def test_lazy_names_work_from_the_package():
    results = cs.check_claims(EXAMPLES / "claims" / "seed-articles.yaml")
    assert len(results) == 20
    assert cs.convert("50e6 H100e", "GB300").count.magnitudes()[0] == pytest.approx(19_788_000)
    cluster = cs.load_cluster(EXAMPLES / "colossus1-2024-09.yaml")
    # 100,000 x 989.4e12 FLOP/s x the dense default MFU [0.18, 0.44] x 86,400 s
    low, high = cs.train(cluster, days=1).compute.magnitudes()
    assert (low, high) == pytest.approx(
        (1e5 * 989.4e12 * 0.18 * 86_400, 1e5 * 989.4e12 * 0.44 * 86_400)
    )
    with pytest.raises(cs.InputError, match="either compute or days"):
        cs.train(cluster, compute=1e26, days=3)


def test_import_does_not_load_claims_matplotlib_or_pint():
    code = (
        "import sys, computescale; print(sorted(m for m in ('computescale.claims', "
        "'matplotlib', 'pint') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
