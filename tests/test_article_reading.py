"""Reading real press: the failure classes found on real articles, each a rule, both languages.

Every value below is the figure as the sentence writes it, in base units, with the
arithmetic in a comment where there is any.
"""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from computescale.articles import check_article, extract_claims
from computescale.articles.numbers import find_numbers
from computescale.claims import check_claim
from computescale.claims.model import Claim
from computescale.cli import main
from computescale.cluster import load_cluster
from computescale.currencies import to_usd
from computescale.shipped import known_cluster, known_clusters

DAY = dt.date(2025, 6, 1)


def drafts(text, lang, **kw):
    kw.setdefault("clusters", ())
    kw.setdefault("source_date", DAY)
    return [d for d in extract_claims(text, lang=lang, **kw).drafts if d.quantity != "unknown"]


def one(text, lang, **kw):
    found = drafts(text, lang, **kw)
    assert len(found) == 1, [(d.quantity, d.low) for d in found]
    return found[0]


# plural names: the catalogue's names with an "s" (they raised KeyError and lost the article)
@pytest.mark.parametrize(
    ("text", "chip"),
    [
        ("JUPITER has 24,000 GH200 superchips.", "GH200"),
        ("The lab bought 5,000 MI300Xs last year.", "MI300X"),
        ("Anthropic will get 100,000 Ironwoods.", "TPU-v7"),
        ("They run 2,000 H100 SXMs.", "H100-SXM"),
        ("Il centro ha 1.000 MI300Xs.", "MI300X"),
    ],
)
def test_plural_chip_names_are_read(text, chip):
    lang = "it" if text.startswith("Il") else "en"
    d = one(text, lang)
    assert d.quantity == "accelerators"
    assert d.fleets == (chip,)


# words between the number and what it counts
@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("Anthropic will use half a million of AWS' in-house Trainium2 chips.", "en", 5e5),
        ("El Capitan links 44,544 of AMD's MI300A APUs.", "en", 44544),
        ("xAI built a 300,000-GPU cluster in Memphis.", "en", 3e5),
        ("Sono arrivati quattrocento mila dei più recenti chip.", "it", 4e5),
        ("Il cluster usa 400mila dei nuovi acceleratori Nvidia.", "it", 4e5),
    ],
)
def test_words_between_a_count_and_its_noun(text, lang, value):
    d = one(text, lang)
    assert (d.quantity, d.low) == ("accelerators", value)


def test_a_count_of_clusters_is_not_a_count_of_gpus():
    assert [d.quantity for d in drafts("Five GPU clusters were built in 2024.", "en")] == []


@pytest.mark.parametrize(
    ("text", "lang", "quantity", "value"),
    [
        # a rate in the press: "exaflop" without a training run
        ("El Capitan raggiunge 1,742 exaflop.", "it", "peak_flops", 1.742e18),
        ("The 1.3 exaflop Frontier was first.", "en", "peak_flops", 1.3e18),
        ("Aurora reached 1.012 EFlop/s.", "en", "hpl", 1.012e18),  # no Linpack: see below
        ("Il sistema offre 793 PFlop/s.", "it", "peak_flops", 7.93e17),
        ("It has 8 FP8 ExaFLOPS.", "en", "peak_flops", 8e18),
        # an amount: a training run, or no prefix
        ("Grok 3 was trained with 4.6 exaflops of compute.", "en", "training_compute", 4.6e18),
        ("The run took 3.8 × 10^25 FLOP.", "en", "training_compute", 3.8e25),
        # operations per second in words: 10^9 x 10^9 = 10^18
        ("Fa un miliardo di miliardi di operazioni al secondo.", "it", "peak_flops", 1e18),
    ],
)
def test_flop_is_a_rate_or_an_amount_by_context(text, lang, quantity, value):
    if "Aurora" in text:
        text = text.replace("reached", "reached on the TOP500 list")
    d = one(text, lang)
    assert d.quantity == quantity
    assert d.low == pytest.approx(value)


def test_an_efficiency_per_watt_is_not_a_rate():
    assert drafts("It reaches 60.9 Gigaflops per watt.", "en") == []


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("A quarter of a million GPUs arrived.", "en", 250_000),  # 0.25 x 1e6
        ("Half a million GPUs arrived.", "en", 500_000),
        ("Arriva un milione e mezzo di GPU.", "it", 1_500_000),  # (1 + 0.5) x 1e6
        ("Two and a half million GPUs arrived.", "en", 2_500_000),
        ("The lab has 100,000+ GPUs.", "en", 100_000),
    ],
)
def test_fractions_and_compound_number_words(text, lang, value):
    d = one(text, lang)
    assert (d.quantity, d.low) == ("accelerators", value)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("Costa 10 mila miliardi di dollari.", "it", 1e13),  # 10 x 1e3 x 1e9
        ("It reaches one quintillion operations per second.", "en", 1e18),
        ("An 11-billion-dollar complex opened.", "en", 1.1e10),
        ("Un campus da 1.2-gigawatt.", "en", 1.2e9),
    ],
)
def test_multipliers_and_hyphenated_units(text, lang, value):
    assert one(text, lang).low == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "lang", "qualifier"),
    [
        ("The site draws exceeding 300 MW.", "en", "at_least"),
        ("It will draw a maximum of 20 MW.", "en", "at_most"),
        ("It uses close to 100,000 GPUs.", "en", "about"),
        ("Il cluster supera i 100.000 GPU.", "it", "at_least"),
        ("Il progetto potrebbe sfiorare il milione di GPU.", "it", "about"),
    ],
)
def test_qualifiers_are_kept(text, lang, qualifier):
    assert one(text, lang).qualifier == qualifier


def test_racks_are_counted_with_the_chips_they_hold():
    d = one("Microsoft linked 64 GB300 NVL72 racks.", "en")
    assert (d.quantity, d.low) == ("accelerators", 64 * 72)  # an NVL72 rack holds 72 GPUs
    assert any("counted in racks" in n for n in d.needs_review)


def test_digits_of_names_are_not_figures():
    x = extract_claims(
        "Huawei sells Ascend 910C processors and Amazon the Trainium 2 chips.",
        lang="en",
        clusters=(),
    )
    assert [d for d in x.drafts if d.quantity != "unknown"] == []
    assert "'910': part of a name" in x.skipped


def test_memory_and_bandwidth_are_not_figures():
    x = extract_claims("It has 37 terabytes of memory and 130 TB/s.", lang="en", clusters=())
    assert x.drafts == []


# money in other currencies: converted at the year's rate, the rate said
def test_euro_are_converted_at_the_years_rate():
    text = "Il budget di 500 milioni di euro copre la macchina."
    d = one(text, "it", source_date=dt.date(2023, 6, 1))
    # 500e6 EUR x 1.0817 USD/EUR (2023 average, Federal Reserve G.5A) = 540,850,000 USD
    assert (d.quantity, d.low) == ("capex", pytest.approx(540_850_000))
    assert any("1.082 USD/EUR" in n and "2023" in n for n in d.needs_review)


def test_a_year_the_rate_table_lacks_gives_a_range_said_so():
    c = to_usd(1e9, 1e9, "EUR", dt.date(2025, 5, 1))
    # the yearly averages of 2018-2023 run from 1.0534 (2022) to 1.1830 (2021)
    assert (c.low, c.high) == (pytest.approx(1.0534e9), pytest.approx(1.1830e9))
    assert "no 2025 average" in c.note


@pytest.mark.parametrize(
    ("text", "currency"),
    [("The UK spent £225m on it.", "GBP"), ("Costa 100 miliardi di yuan.", "CNY")],
)
def test_pounds_and_yuan_are_money(text, currency):
    d = one(text, "it" if "Costa" in text else "en", source_date=dt.date(2022, 1, 1))
    assert d.quantity == "capex"
    assert any(f"USD/{currency}" in n for n in d.needs_review)


# decimal separators: a reading, never a verdict
def test_an_italian_text_with_decimal_points_is_read_so_and_keeps_the_other_reading():
    text = "Aurora fa 1.012 Exaflop/s e 17.41 Petaflop/s sul benchmark HPL."
    d = drafts(text, "it")[0]
    assert d.low == pytest.approx(1.012e18)  # the text writes 17.41: points are decimals
    assert d.other == pytest.approx(1.012e21)  # 1,012 EFLOP/s, the Italian reading


def test_thousands_of_a_prefixed_rate_read_as_a_decimal_point():
    d = one("El Capitan: 1.742 exaFLOPS nel benchmark HPL.", "it")
    assert d.low == pytest.approx(1.742e18)
    assert d.other == pytest.approx(1.742e21)


def test_a_figure_that_holds_only_in_the_other_convention_is_unverifiable():
    cluster = load_cluster("el-capitan-2024-11")
    claim = Claim(
        id="x",
        source={"title": "t", "outlet": "o", "date": dt.date(2025, 1, 1)},
        says="s",
        quantity="hpl",
        scope="rmax",
        cluster="el-capitan-2024-11",
        value="1742 EFLOP/s",  # read as Italian thousands: 1,000 times El Capitan's Rmax
        other_reading="1.742 EFLOP/s",  # its measured Rmax, 1.742 EFLOP/s
    )
    r = check_claim(claim, cluster)
    assert r.verdict == "unverifiable"
    assert "separator" in r.flags
    wrong = check_claim(claim.model_copy(update={"other_reading": "17 EFLOP/s"}), cluster)
    assert wrong.verdict == "inconsistent"  # neither reading holds: the verdict stands


# limits: no overflow, nothing infinite, linear time
@pytest.mark.parametrize("text", ["1e999 GW", "1e300 GW", "10^309 FLOP", "1" * 5000 + " GPUs"])
def test_absurd_numbers_are_skipped_with_the_reason(text):
    x = extract_claims(text, lang="en", clusters=())
    assert x.drafts == []
    assert any("beyond any real figure" in s for s in x.skipped)


@pytest.mark.parametrize("word", ["mila", "one"])
def test_runs_of_number_words_take_linear_time(word):
    short, long = (" ".join([word] * n) for n in (3000, 12000))
    times = []
    for text in (short, long):
        start = time.perf_counter()
        find_numbers(text, "it")
        times.append(time.perf_counter() - start)
    assert times[1] < 1.0  # was 87 s for 12,000 words of "mila"
    assert times[1] < 12 * max(times[0], 0.005)  # four times the text, not sixteen


def test_html_is_read_as_text():
    page = (
        "<html><head><title>Colossus</title><style>p>b{}</style></head><body>"
        "<p>xAI ha &gt; 100.000 GPU</p><script>if (a>3) x = 5;</script>"
        "<p>Consuma 150 MW.</p></body></html>"
    )
    x = extract_claims(page, lang="it", clusters=())
    assert [(d.quantity, d.low, d.qualifier) for d in x.drafts] == [
        ("accelerators", 100_000, "at_least"),  # the entity is "more than"; the tags are not
        ("power", 150e6, None),
    ]
    assert x.title == "Colossus"


def test_a_date_line_that_is_no_date_is_said():
    x = extract_claims("Title\ndate 2025-02-30\n100 GPU", lang="en", clusters=())
    assert "is no date" in x.notes[-1]


# matching with a certainty
def test_how_each_cluster_was_found_is_said():
    text = (
        "date 2025-07-23\nColossus 2 sorgerà a Memphis. Avrà 550.000 GPU. "
        "xAI ha raccolto 10 miliardi di dollari. Il costo sarà di 1.000 dollari."
    )
    x = extract_claims(text, lang="it", clusters=["colossus2", "colossus1"])
    how = {d.id: (d.cluster, d.cluster_from) for d in x.drafts}
    # the first sentence names Colossus 2 without a figure: the next speaks of it
    assert how["accelerators-550k"] == ("colossus2", "inferred")
    assert how["financing-10b"] == (None, "none")  # money raised is no site's figure


def test_a_lowercase_word_is_no_name():
    text = "date 2025-01-10\nA frontier-level model needs 100,000 GPUs."
    d = one(text, "en", clusters=["frontier-2024-11"], source_date=None)
    assert d.cluster is None


def test_a_number_in_a_clusters_name_alone_is_a_guess():
    text = "date 2025-07-23\nThe goal is 50 million H100-equivalents."
    d = one(text, "en", clusters=["target-50m-h100e", "colossus2"], source_date=None)
    assert (d.cluster, d.cluster_from) == ("target-50m-h100e", "inferred")


def test_a_vendor_named_by_many_clusters_names_none():
    text = "date 2025-12-01\nNVIDIA will ship 100,000 GPUs this year."
    d = one(text, "en", clusters=None, source_date=None)  # the shipped clusters
    assert d.cluster is None


# the shipped library
def test_shipped_clusters_are_known_by_name():
    assert {"colossus2", "abilene-2025-05", "el-capitan-2024-11"} <= set(known_clusters())
    assert load_cluster("colossus2").name.startswith("Colossus 2")
    assert known_cluster("colossus2.yaml") is None  # a file name is a path, not a name


def test_an_article_is_matched_only_to_clusters_built_or_announced_by_its_date():
    text = "Colossus 2 will have 550,000 GB200 and GB300."
    early = one(text, "en", clusters=None, source_date=dt.date(2024, 1, 1))
    later = one(text, "en", clusters=None, source_date=dt.date(2025, 8, 1))
    assert early.cluster is None  # Colossus 2 was announced in July 2025
    assert (later.cluster, later.cluster_from) == ("colossus2", "named")


def test_check_article_gives_what_the_command_line_gives(capsys):
    path = "examples/articles/seed-000.it.txt"
    with open(path, encoding="utf-8") as f:
        text = f.read()
    checked = check_article(text, source_date=dt.date(2025, 7, 23), outlet="seed-000.it.txt")
    assert main(["check", path, "--source-date", "2025-07-23", "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)["claims"]
    assert [(c["id"], c["verdict"]) for c in cli] == [
        (r.claim.id, r.verdict) for r in checked.results
    ]
    assert {c["match"]["how"] for c in cli} >= {"named", "none"}
    named = next(c for c in cli if c["match"]["how"] == "named")
    assert named["cluster"]["file"] in known_clusters()


def test_check_reads_an_article_from_standard_input(monkeypatch, capsys):
    import io

    text = "date 2025-07-23\nColossus 2 avrà 550.000 GB200 e GB300.".encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text)))
    assert main(["check", "-", "--lang", "it", "--format", "json"]) == 0
    (claim,) = json.loads(capsys.readouterr().out)["claims"]
    assert (claim["verdict"], claim["cluster"]["file"]) == ("consistent", "colossus2")


def test_cluster_accepts_a_folder(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("date 2025-07-23\nColossus 2 avrà 550.000 GB200 e GB300.", "utf-8")
    folder = known_cluster("colossus2").parent
    assert main(["extract", str(article), "--cluster", str(folder), "--format", "json"]) == 0
    (claim,) = json.loads(capsys.readouterr().out)["claims"]
    assert claim["cluster"].endswith("colossus2.yaml")


def test_a_drafted_ratio_to_another_system_is_unverifiable():
    checked = check_article(
        "date 2025-03-18\nBlackwell Ultra is 10 times more powerful than Hopper.",
        lang="en",
        clusters=(),
    )
    (r,) = checked.results
    assert (r.claim.quantity, r.verdict) == ("ratio", "unverifiable")


def test_the_term_of_a_comparison_is_not_the_subject():
    d = one(
        "LLNL's El Capitan surpasses Frontier with 1.74 exaFLOPS performance.",
        "en",
        clusters=["el-capitan-2024-11", "frontier-2024-11"],
        source_date=dt.date(2024, 11, 18),
    )
    assert (d.cluster, d.cluster_from) == ("el-capitan-2024-11", "named")


def test_a_named_cluster_that_holds_none_of_the_chips_named_is_a_guess():
    d = one(
        "A 4,096-GPU deployment on NVIDIA GB300 NVL72 reached the Llama 3.1 405B target.",
        "en",
        clusters=["llama3-405b-2024-07"],
        source_date=dt.date(2026, 6, 1),
    )
    assert d.cluster_from == "inferred"
    assert any("does not hold: the cluster is a guess" in n for n in d.needs_review)


def test_a_file_of_one_phase_is_a_guess_for_the_whole_project():
    text = "Stargate UAE will be a 1-gigawatt project."
    d = one(text, "en", clusters=["stargate-uae-phase1-2025-05"], source_date=dt.date(2025, 6, 1))
    assert d.cluster_from == "inferred"  # the file is phase 1 (200 MW): the text says no phase


def test_the_count_of_a_part_names_the_part():
    text = "Colossus 2 will have 550,000 GB200 and GB300."
    d = one(text, "en", clusters=["colossus2"], source_date=dt.date(2025, 8, 1))
    assert d.cluster_from == "named"  # "first batch" unsaid, but 550,000 is its count


def test_a_hpcg_result_is_neither_a_peak_nor_linpack():
    x = extract_claims("El Capitan reached 17.41 PFLOP/s on HPCG.", lang="en", clusters=())
    assert [d.quantity for d in x.drafts] == ["unknown"]


def test_a_rate_without_a_format_may_be_a_linpack_result():
    checked = check_article(
        "date 2024-11-18\nEl Capitan delivers 1.74 exaFLOPS of performance.",
        lang="en",
        clusters=["el-capitan-2024-11"],
    )
    (r,) = checked.results
    # 1.742 EFLOP/s is El Capitan's measured Rmax (TOP500, November 2024), not its peak
    assert r.verdict == "unverifiable"
    assert "open_reading" in r.flags


def test_a_ratios_reference_is_not_its_cluster():
    text = "Il pod supera di oltre 24 volte le prestazioni del supercomputer El Capitan."
    d = one(text, "it", clusters=["el-capitan-2024-11"], source_date=dt.date(2025, 4, 10))
    assert (d.quantity, d.reference, d.cluster) == ("ratio", "el-capitan", None)


def test_an_owners_name_shared_by_clusters_of_other_chips_is_a_guess():
    text = "Anthropic will use 1,000,000 chips."
    # one file of TPUs, one of Trainium2: "Anthropic" names the owner, not one cluster
    d = one(
        text,
        "en",
        clusters=["anthropic-tpu-1m-2025-10", "rainier-1m"],
        source_date=dt.date(2026, 1, 5),
    )
    assert d.cluster is not None
    assert d.cluster_from == "inferred"
