"""Benchmarks of computescale, reported as ratios against plain baselines.

Run: ``python benchmarks/run.py`` (about two minutes; ``--quick`` skips the 1e8-sample run).
``python benchmarks/run.py --limits`` runs (d) instead (about a minute); ``--many`` runs (e).

(a) ``computescale estimate examples/colossus2.yaml`` wall time vs a bare
    ``python -c "import numpy, pint, pydantic, yaml"`` (target <= 1.2x), and vs the same
    imports with pydantic's lazy import realised (``from pydantic import BaseModel``); also
    ``examples/colossus1.yaml``, whose unit text ("0.08 USD/kWh") makes the run import pint.
(b) A 1e6-sample estimate of a 4-fleet cluster vs a hand-written numpy baseline that draws
    the same inputs and computes the same totals and percentiles (target <= 1.5x).
(c) Scaling in samples and in fleets, and peak memory of a 1e8-sample run.
(d) Limits (opt-in): the worst build-out the input caps accept (10 phases, each a full list
    of 1,000 fleets that changes the previous one, so nothing carries over) and a build-out
    of 200 phases adding 5 fleets each, vs an estimate of their last phase alone; a split of
    1,000 members sampled in one chunk (2,000 samples) and in three (20,000), vs the same
    split without samples. Time and peak RSS, each in a fresh process.

(e) Many files (opt-in): 1,000 cluster files (the examples' clusters, counts varied) in one
    ``computescale estimate FOLDER --format csv`` process: the wall time after start-up
    (targets: 3 s, and 60 s with ``--samples 1e4``) and the cost per file, vs one
    ``estimate`` of one file in its own process.

Timing is never asserted in the test suite; this script prints figures to report.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from computescale import Cluster, Sampling, estimate  # noqa: E402

# Byte-code caching on, as for an installed package (pip compiles .pyc at install time); an
# environment with PYTHONDONTWRITEBYTECODE=1 would otherwise recompile our sources every run.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def walls(commands: dict[str, list[str]], rounds: int = 15) -> dict[str, float]:
    """Median wall time of each command [s], after one warm-up run of each.

    The commands take turns, round after round, so that a change in the machine's load
    weighs on all of them alike rather than on whichever ran during it.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(rounds + 1):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=ENV)
            if round_:  # round 0 warms the caches
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def bench_cli() -> None:
    # colossus2.yaml writes plain numbers only: pint is never imported. colossus1.yaml writes
    # an electricity price as text ("0.08 USD/kWh"), which loads pint and builds the registry.
    estimate = [sys.executable, "-m", "computescale", "estimate"]
    t = walls(
        {
            "bare": [sys.executable, "-c", "import numpy, pint, pydantic, yaml"],
            "real": [
                sys.executable,
                "-c",
                "import numpy, pint, pydantic, yaml; from pydantic import BaseModel",
            ],
            "colossus2.yaml": [*estimate, "examples/colossus2.yaml"],
            "colossus1.yaml": [*estimate, "examples/colossus1.yaml"],
        }
    )
    bare, real = t["bare"], t["real"]
    print(
        f"(a) bare imports {bare:.3f} s; with pydantic's lazy import realised {real:.3f} s "
        f"({real / bare:.2f}x)"
    )
    for name, target in (("colossus2.yaml", " (target <= 1.2x)"), ("colossus1.yaml", "")):
        print(
            f"    estimate {name}: {t[name]:.3f} s -> {t[name] / bare:.2f}x bare{target}, "
            f"{t[name] / real:.2f}x with pydantic realised"
        )


FOUR = {
    "name": "four fleets",
    "fleets": [
        {"accelerator": "H100", "count": [140_000, 160_000]},
        {"accelerator": "H200", "count": [45_000, 55_000]},
        {"accelerator": "GB200", "count": [25_000, 35_000]},
        {"accelerator": "GB300", "count": [50_000, 70_000], "price": ["50 kUSD", "60 kUSD"]},
    ],
}


def baseline(n: int, seed: int) -> dict[str, np.ndarray]:
    """Hand-written numpy: the same draws and figures as the engine, no units, no models."""
    from computescale.assumptions import DEFAULTS
    from computescale.catalogue import get_accelerator

    rng = np.random.default_rng(seed)
    specs = [get_accelerator(f["accelerator"]) for f in FOUR["fleets"]]
    out: dict[str, list[np.ndarray]] = {}
    # draw order mirrors the engine: per fleet count, then site assumptions, then price
    counts, prices = [], []
    drawn = {}
    for i, (f, s) in enumerate(zip(FOUR["fleets"], specs, strict=True)):
        counts.append(rng.uniform(*f["count"], n))
        for name in ("network_share", "pue", "utilisation", "electricity_price", "hpl_efficiency"):
            if name not in drawn:
                drawn[name] = rng.uniform(*DEFAULTS[name].value, n)
        low, high = (50e3, 60e3) if i == 3 else (s.price.low_usd, s.price.high_usd)
        prices.append(rng.uniform(low, high, n))
        for name in ("server_multiplier", "network_capex_share"):
            if name not in drawn:
                drawn[name] = rng.uniform(*DEFAULTS[name].value, n)
    for count, price, s in zip(counts, prices, specs, strict=True):
        # catalogue power may be a range (GB200: 120-132 kW per NVL72 rack): drawn, as priced
        system = rng.uniform(s.it_power_w.low, s.it_power_w.high, n)
        fp64 = s.peak_tflops_dense["fp64"] * 1e12
        fp64_tensor = s.peak_tflops_dense["fp64_tensor"] * 1e12
        it = count * system * (1 + drawn["network_share"])
        facility = it * drawn["pue"]
        energy = facility * drawn["utilisation"] * 8766
        figures = {
            "h100e": count * s.peak_tflops_dense["bf16"] / 989.4,
            "chip": count * s.tdp_w.low,
            "it": it,
            "facility": facility,
            "energy": energy,
            "electricity": energy * drawn["electricity_price"] / 1000,
            "capex_acc": count * price,
            "capex_hw": count
            * price
            * (drawn["server_multiplier"] if s.price.includes == "accelerator" else 1.0)
            * (1 + drawn["network_capex_share"]),
            # Linpack: between the FP64 vector and the faster rate, x HPL efficiency
            "hpl_rmax": count
            * (fp64 + rng.uniform(0, 1, n) * (max(fp64, fp64_tensor) - fp64))
            * drawn["hpl_efficiency"],
            "rental": count
            * (rng.uniform(s.rental.low_usd, s.rental.high_usd, n) if s.rental else 0),
        }
        for key, value in figures.items():
            out.setdefault(key, []).append(value)
    results = {}
    for key, parts in out.items():
        for j, part in enumerate(parts):
            results[f"{key}[{j}]"] = np.percentile(part, [5, 50, 95])
        results[key] = np.percentile(np.sum(parts, axis=0), [5, 50, 95])
    return results


def best_of(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_samples() -> None:
    cluster = Cluster.model_validate(FOUR)
    n = 1_000_000
    ours = best_of(lambda: estimate(cluster, sampling=Sampling(n, seed=1)))
    theirs = best_of(lambda: baseline(n, 1))
    print(
        f"(b) 1e6 samples, 4 fleets: computescale {ours:.3f} s; numpy baseline {theirs:.3f} s "
        f"-> {ours / theirs:.2f}x (target <= 1.5x)"
    )
    print("(c) scaling in samples (4 fleets):")
    for k in (4, 5, 6, 7):
        t = best_of(lambda k=k: estimate(cluster, sampling=Sampling(10**k, seed=1)), runs=1)
        print(f"      1e{k}: {t:.3f} s")
    print("    scaling in fleets (1e6 samples):")
    for fleets in (1, 4, 16):
        c = Cluster.model_validate(
            {"name": "n", "fleets": [FOUR["fleets"][i % 4] for i in range(fleets)]}
        )
        t = best_of(lambda c=c: estimate(c, sampling=Sampling(10**6, seed=1)), runs=1)
        print(f"      {fleets:2} fleets: {t:.3f} s")


def bench_memory() -> None:
    # Peak RSS read from /proc (VmHWM) in a fresh process: getrusage's ru_maxrss is inherited
    # across fork + exec on Linux, so a child of this (by then large) process would report the
    # parent's peak. Writing 5 to clear_refs resets the high-water mark before the run.
    code = (
        "import sys, time; sys.path.insert(0, %r)\n"
        "from computescale import Cluster, Sampling, estimate\n"
        "from benchmarks.run import FOUR\n"
        "def hwm():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'): return int(line.split()[1])\n"
        "c = Cluster.model_validate(FOUR)\n"
        "estimate(c, sampling=Sampling(1000, seed=1))\n"
        "before = hwm(); open('/proc/self/clear_refs', 'w').write('5')\n"
        "t = time.perf_counter(); estimate(c, sampling=Sampling(10**8, seed=1))\n"
        "print(time.perf_counter() - t, before, hwm())"
    ) % str(ROOT)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout.split()
    seconds, before, peak = float(out[0]), int(out[1]), int(out[2])
    print(
        f"(c) 1e8 samples, 4 fleets: {seconds:.1f} s; peak RSS {peak / 1024:.0f} MiB "
        f"(after imports and a small run {before / 1024:.0f} MiB; one float64 array of 1e8 "
        "is 763 MiB)"
    )


CHIPS = ["H100", "H200", "GB200", "GB300", "B200", "MI300X"]


def build_out(phases: int, fleets: int, *, changed: bool) -> dict:
    """Return a build-out of ``phases`` phases.

    Each phase adds ``fleets`` fleets or, with ``changed``, lists ``fleets`` fleets in full,
    the first one's count changed from the previous phase's (nothing carries over).
    """
    out = []
    for p in range(phases):
        date = f"{2000 + p // 12}-{1 + p % 12:02d}-01"
        if changed:
            listed = [
                {"accelerator": CHIPS[j % 6], "count": [1000 + j + p * (j == 0), 2000 + j]}
                for j in range(fleets)
            ]
            out.append({"date": date, "fleets": listed})
        else:
            new = [
                {"accelerator": CHIPS[(p * fleets + j) % 6], "count": [1000 + j, 2000 + j]}
                for j in range(fleets)
            ]
            out.append({"date": date, ("fleets" if p == 0 else "add"): new})
    return {"name": "build-out", "phases": out}


def big_split(members: int) -> dict:
    """Return a total of 1e6 accelerators split between ``members`` types in unknown shares."""
    split = [{"accelerator": CHIPS[i % 6]} for i in range(members)]
    return {"name": "split", "fleets": [{"total": 10**6, "split": split}]}


def measured(setup: str, run: str) -> tuple[float, int, int]:
    """Return the time [s] of ``run`` in a fresh process, its RSS before and its peak [KiB].

    ``setup`` runs first, then the high-water mark is reset (see bench_memory).
    """
    code = (
        "import sys, time; sys.path.insert(0, %r)\n"
        "from computescale import Cluster, Sampling, estimate\n"
        "from computescale.timeline import estimate_timeline\n"
        "from benchmarks.run import big_split, build_out\n"
        "def hwm():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'): return int(line.split()[1])\n"
        "estimate(Cluster.model_validate(big_split(2)), sampling=Sampling(10, seed=1))\n"
        "%s\n"
        "open('/proc/self/clear_refs', 'w').write('5'); before = hwm()\n"
        "t = time.perf_counter(); %s\n"
        "print(time.perf_counter() - t, before, hwm())"
    ) % (str(ROOT), setup, run)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def bench_limits() -> None:
    from computescale.sampling import memory_bound

    print("(d) build-outs: estimate_timeline vs an estimate of the last phase alone")
    for name, args in (
        ("10 phases x 1,000 changed fleets (worst accepted)", "10, 1000, changed=True"),
        ("200 phases adding 5 fleets each", "200, 5, changed=False"),
    ):
        setup = f"c = Cluster.model_validate(build_out({args})); last = c.at_phases()[-1]"
        t, before, peak = measured(setup, "estimate_timeline(c)")
        t0, before0, peak0 = measured(setup, "estimate(last)")
        grown, grown0 = max(peak - before, 1), max(peak0 - before0, 1)
        print(
            f"      {name}: {t:.2f} s, RSS +{grown / 1024:.0f} MiB -> {t / t0:.1f}x the time and "
            f"{grown / grown0:.1f}x the memory of the last phase alone ({t0:.2f} s, "
            f"+{grown0 / 1024:.0f} MiB)"
        )
    print("    1,000-member split, sampled vs without samples")
    setup = "c = Cluster.model_validate(big_split(1000))"
    t0, before0, peak0 = measured(setup, "estimate(c)")
    grown0 = max(peak0 - before0, 1)
    for n in (2000, 20_000):
        t, before, peak = measured(setup, f"estimate(c, sampling=Sampling({n}, seed=1))")
        grown = peak - before
        print(
            f"      {n:,} samples: {t:.2f} s, RSS +{grown / 1024:.0f} MiB -> {t / t0:.1f}x the "
            f"time and {grown / grown0:.1f}x the memory without samples ({t0:.2f} s, "
            f"+{grown0 / 1024:.0f} MiB); memory_bound {memory_bound(n, 1000, 1000) / 2**20:.0f} "
            f"MiB; every sample kept would be {1000 * 22 * n * 8 / 2**20:,.0f} MiB"
        )


def bench_many(n: int = 1000) -> None:
    """Time one process estimating ``n`` cluster files, with and without samples."""
    import tempfile

    import yaml

    examples = sorted((ROOT / "examples").glob("*.yaml"))
    with tempfile.TemporaryDirectory() as folder:
        for i in range(n):
            data = yaml.safe_load(examples[i % len(examples)].read_text(encoding="utf-8"))
            data["name"] = f"{data['name']} #{i}"
            Path(folder, f"c{i:04d}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        cli = [sys.executable, "-m", "computescale", "estimate"]
        base = walls({"one": [*cli, str(examples[0]), "--format", "json"]}, rounds=5)["one"]
        print(f"(e) {n:,} cluster files in one process (start-up, one file: {base:.2f} s)")
        for extra in ([], ["--samples", "1e4"]):
            start = time.perf_counter()
            subprocess.run(
                [*cli, folder, "--format", "csv", *extra], check=True, capture_output=True, env=ENV
            )
            wall = time.perf_counter() - start - base
            label = " ".join(extra) or "bounds only"
            print(f"    {label}: {wall:.2f} s after start-up, {1000 * wall / n:.2f} ms per file")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1e8-sample run")
    parser.add_argument("--limits", action="store_true", help="run (d), the limits, instead")
    parser.add_argument("--many", action="store_true", help="run (e), many files, instead")
    args = parser.parse_args()
    if args.many:
        bench_many()
    elif args.limits:
        bench_limits()
    else:
        bench_cli()
        bench_samples()
        if not args.quick:
            bench_memory()
