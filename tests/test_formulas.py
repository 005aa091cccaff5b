"""The engine's named formulas, each against arithmetic done by hand from datasheets.

As pvlib tests its models: one function at a time, on figures a reader can check (NVIDIA's
DGX H100 and H100 SXM datasheets, the export-control rule, Epoch AI's published factors),
and on ``[low, high]`` pairs, which the engine evaluates end to end.
"""

from __future__ import annotations

import numpy as np
import pytest

from computescale import get_accelerator
from computescale.engine.cost import (
    electricity_cost,
    facility_capex,
    hardware_capex,
    total_capex,
)
from computescale.engine.power import annual_energy, facility_power, it_power, system_power
from computescale.engine.throughput import (
    eight_bit_rate,
    epoch_rate,
    h100_equivalents,
    hpl_rmax,
    hpl_rpeak,
    tpp,
    tpp_rate,
)

TERA = 1e12


def test_system_power_of_a_dgx_h100_gpu():
    # DGX H100 datasheet: 10.2 kW max for 8 GPUs of 700 W TDP: 1,275 W per GPU, an
    # overhead of 1,275 / 700 = 1.8214 over the TDP
    assert system_power(700.0, 10_200 / 8 / 700) == pytest.approx(1_275.0)


def test_it_power_adds_the_network_share_to_the_system():
    # 1,275 W per GPU + 10 % for the cluster network and storage = 1,402.5 W
    assert it_power(1_275.0, 0.10) == pytest.approx(1_402.5)


def test_facility_power_is_it_power_times_pue():
    # 1,402.5 W x PUE 1.2 = 1,683 W
    assert facility_power(1_402.5, 1.2) == pytest.approx(1_683.0)


def test_annual_energy_of_a_megawatt_at_80_percent_load():
    # 1 MW x 0.8 x 8,766 h (a year of 365.25 days) = 7,012.8 MWh
    assert annual_energy(1e6, 0.8) == pytest.approx(7.0128e9)


def test_hardware_capex_with_epochs_factors():
    # Epoch AI: a 25,000 USD H100 x 1.64 (server) x 1.235 (interconnect, 19 % of the
    # total) = 50,635 USD
    assert hardware_capex(25_000.0, 1.64, 0.235) == pytest.approx(50_635.0)


def test_facility_capex_and_total_capex():
    # 1 MW of facility power at 10 USD/W = 10 million USD of construction
    assert facility_capex(1e6, 10.0) == pytest.approx(1e7)
    assert total_capex(5e7, 1e7) == pytest.approx(6e7)
    assert total_capex(5e7, None) == pytest.approx(5e7)  # construction excluded: not zero-added


def test_electricity_cost_of_a_megawatt_hour_at_six_cents():
    # 1 MWh at 0.06 USD/kWh = 1e6 Wh x 0.00006 USD/Wh = 60 USD
    assert electricity_cost(1e6, 0.06 / 1000) == pytest.approx(60.0)


def test_tpp_of_an_h100_is_its_8_bit_rate_times_eight():
    # ECCN 3A090: dense TOPS x bit length, the largest over formats: 1,978.9 x 8 = 15,831.2,
    # above bf16's 989.4 x 16 = 15,830.4
    assert tpp(get_accelerator("H100")) == pytest.approx(15_831.2)
    rates = [("bf16", 989.4 * TERA), ("fp8", 1_978.9 * TERA)]
    assert tpp_rate(rates) == pytest.approx(15_831.2 * TERA)


def test_eight_bit_and_epoch_rates():
    h100 = [("fp64", 34 * TERA), ("bf16", 989.4 * TERA), ("int8", 1_978.9 * TERA)]
    assert eight_bit_rate(h100) == pytest.approx(1_978.9 * TERA)  # int8 where fp8 is missing
    assert eight_bit_rate([("bf16", 123 * TERA)]) is None
    # TPU v3: 123 TFLOP/s bf16 is its best 8/16/32-bit rate; FP64 alone counts for nothing
    assert epoch_rate([("bf16", 123 * TERA), ("fp32", 4 * TERA)]) == pytest.approx(123 * TERA)
    assert epoch_rate([("fp64", 34 * TERA)]) is None


def test_hpl_rpeak_between_the_vector_and_tensor_rates():
    # H100 SXM datasheet: FP64 34 TFLOP/s, FP64 Tensor Core 67 TFLOP/s
    assert hpl_rpeak(34 * TERA, 67 * TERA, 0.0) == pytest.approx(34 * TERA)
    assert hpl_rpeak(34 * TERA, 67 * TERA, 1.0) == pytest.approx(67 * TERA)
    assert hpl_rpeak(34 * TERA, 67 * TERA, 0.5) == pytest.approx(50.5 * TERA)


def test_hpl_rmax_is_rpeak_times_efficiency():
    # 2 EFLOP/s Rpeak at 70 % HPL efficiency = 1.4 EFLOP/s
    assert hpl_rmax(2e18, 0.7) == pytest.approx(1.4e18)


def test_h100_equivalents_is_a_ratio_of_rates_on_one_basis():
    # a GB200 at 2,500 TFLOP/s dense bf16 over an H100's 989.4 = 2.527 H100e
    assert h100_equivalents(2_500 * TERA, 989.4 * TERA) == pytest.approx(2.52679, rel=1e-5)


def test_every_formula_takes_low_high_pairs():
    # the bounds pass evaluates [low, high] arrays: 700 W x [1.5, 2.0] = [1,050, 1,400] W
    pair = system_power(np.array([700.0, 700.0]), np.array([1.5, 2.0]))
    assert pair == pytest.approx([1_050.0, 1_400.0])
    assert facility_power(pair, np.array([1.1, 1.3])) == pytest.approx([1_155.0, 1_820.0])
