"""Real press and vendor claims of 2024-2025 (examples/claims/press-2024-2025.yaml).

Each claim's arithmetic, from the catalogue's figures, is in a comment above it in the file;
the expected verdicts are pinned here with the reason in a phrase. Where the checker's verdict
or diagnosis is not what an expert would say, the file says so in a "DISAGREE:" comment.
"""

import pytest

from computescale.claims import check_claims
from tests.conftest import EXAMPLES

EXPECTED = {
    # Oracle OCI Zettascale (2024-09): 131,072 GB200 x 20 PF sparse FP4 = 2.62 ZF vs 2.4
    "oracle-zs-131k-gpus": "consistent",
    "oracle-zs-2.4-zettaflops": "consistent",
    # 459 EF bf16 sits between dense 328 EF and sparse 655 EF, neither within 25 %
    "oracle-zs-459-ef-bf16": "inconsistent",
    # Zettascale10: 800,000 x 20 PF sparse FP4 = 16.0 ZF
    "oracle-zs10-16-zettaflops": "consistent",
    # Ironwood pod: 9,216 x 4,614 TF FP8 = 42.52 EF; / El Capitan Rmax 1.742 EF = 24.4 (flagged)
    "ironwood-pod-42.5-ef": "consistent",
    "ironwood-24x-el-capitan": "consistent",
    # Azure GB300: 64 racks x 72 = 4,608 GPUs; x 20 PF sparse FP4 = 92.16 EF
    "azure-gb300-4608-gpus": "consistent",
    "azure-gb300-92.1-ef-fp4": "consistent",
    # a rack's 1.44 EF written as 1.44 PF for the whole cluster
    "azure-gb300-headline-1.44-pf": "inconsistent",
    "gb300-rack-1440-pf": "consistent",
    # Abilene: 400,000 GB200; $40B is x2.32 above 400k x $41.7-43.1k
    "abilene-400k-gb200": "consistent",
    "abilene-40bn-chips": "inconsistent",
    "abilene-1.2-gw": "consistent",
    "crusoe-phase1-200mw": "consistent",
    "abilene-15bn-financing": "not_comparable",
    # Rainier: ~500,000 Trainium2; 1,300 EF is the planned 1M at FP8 (1,299 EF)
    "rainier-500k-trainium2": "consistent",
    "rainier-1-gw": "consistent",
    "rainier-1300-ef": "inconsistent",
    # Meta 2024: 350,000 H100; its "600k H100-equivalents" include GPUs never counted
    "meta-350k-h100": "consistent",
    "meta-600k-h100e": "unverifiable",
    "meta-600k-gpus-dcd": "unverifiable",
    # Colossus: 100k H100 at 147-203 MW facility; 200k need 295-407 MW; 70 MW is the chips
    "colossus-150mw-tva": "consistent",
    "colossus-200k-on-150mw": "inconsistent",
    "colossus-phase2-300mw": "consistent",
    "colossus-100k-70mw": "inconsistent",
    # DeepSeek-V3: 2,048 H800 x 60 days x 24 h = 2.95M GPU-hours; x $2 = $5.90M
    "deepseek-v3-2.79m-gpu-hours": "consistent",
    "deepseek-v3-5.58m-usd": "consistent",
    "deepseek-servers-51m": "consistent",
    # TOP500: Rmax = Rpeak (FP64 vector to tensor) x 0.51-0.85
    "el-capitan-1.742-ef": "consistent",
    "frontier-1.353-ef": "consistent",
    "eagle-561-pf": "consistent",
    "eagle-x5-2.8-ef": "consistent",
    "jupiter-1-ef": "consistent",
    "jupiter-fp64-peak-range": "consistent",
}


@pytest.fixture(scope="module")
def results():
    return {r.claim.id: r for r in check_claims(EXAMPLES / "claims" / "press-2024-2025.yaml")}


def test_every_claim_is_pinned(results):
    assert set(results) == set(EXPECTED) and len(EXPECTED) >= 20


@pytest.mark.parametrize(("claim_id", "verdict"), EXPECTED.items())
def test_press_verdicts(results, claim_id, verdict):
    assert results[claim_id].verdict == verdict


def test_the_diagnoses_an_expert_would_give(results):
    # 131,072 x 3,500 TF (B100 sparse bf16, NVIDIA's Blackwell brief) = 458.75 EFLOP/s
    first = results["oracle-zs-459-ef-bf16"].diagnosis[0]
    assert first.reading.endswith("HGX B100, at bf16 sparse instead of dense")
    assert first.recomputed.magnitudes("EFLOP/s") == pytest.approx((458.752, 458.752))
    assert not any("int8" in x.reading for x in results["oracle-zs-459-ef-bf16"].readings)
    # one NVL72 rack: 72 x 20,000 TF sparse fp4 = 1.44 EFLOP/s, written as 1.44 PFLOP/s
    assert results["azure-gb300-headline-1.44-pf"].explanation.startswith(
        "One GB300 NVL72 rack, with an SI-prefix slip (×0.001"
    )
    # the 100,000-H100 phase holds 150 MW (147-203 MW); chip power 140 MW is only near it
    assert (
        results["colossus-200k-on-150mw"]
        .diagnosis[0]
        .reading.startswith("the figure of another cluster")
    )
    # 7.2M GPUs, 13.9-21.1 GW, meets "more than 200 MW" but does not explain it
    assert [a.fits for a in results["crusoe-phase1-200mw"].alternatives] == [False]
    assert "precision_mismatch" in results["ironwood-24x-el-capitan"].flags
    assert results["rainier-1300-ef"].diagnosis[0].reading.endswith("at fp8 dense instead of bf16")
    assert results["colossus-100k-70mw"].explanation.startswith("chip power instead of facility")
