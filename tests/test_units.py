import subprocess
import sys

import pint
import pytest

from computescale.units import Q_, ureg


def test_plural_trap_flops_means_flop_per_second():
    # pint would read "flops" as the plural of "flop" (a count); here it is a rate.
    assert Q_("1 flops").dimensionality == Q_("1 FLOP/s").dimensionality
    assert Q_("1 flops").to("FLOP/s").magnitude == 1
    assert Q_("50 EFLOPS").to("FLOP/s").magnitude == pytest.approx(5e19)


def test_flop_is_its_own_dimension():
    assert Q_("1 FLOP").dimensionality != Q_("1").dimensionality
    with pytest.raises(pint.DimensionalityError):
        Q_("1 FLOP/s").to("1/s")


def test_prefixes_up_to_zetta():
    assert Q_("2 ZFLOP/s").to("FLOP/s").magnitude == pytest.approx(2e21)
    assert Q_("989.4 TFLOP/s").to("PFLOP/s").magnitude == pytest.approx(0.9894)


def test_currency_is_its_own_dimension_and_prefixes_apply():
    assert Q_("45 kUSD") == Q_("45000 USD")
    assert Q_("0.08 USD/kWh").to("USD/MWh").magnitude == pytest.approx(80)
    with pytest.raises(pint.DimensionalityError):
        Q_("1 USD").to("W")


def test_integer_ops_are_not_flops():
    with pytest.raises(pint.DimensionalityError):
        Q_("1 OP/s").to("FLOP/s")


def test_registry_does_not_leak_into_other_pint_users():
    other = pint.UnitRegistry()
    with pytest.raises(pint.UndefinedUnitError):
        other("1 USD")
    assert ureg is not pint.get_application_registry()


def test_registry_is_built_once_when_threads_race_for_it():
    # in a fresh process, so that the registry is not built yet when the threads start
    code = """
import threading
from computescale.units import registry
barrier = threading.Barrier(8)
built = []
def first_use():
    barrier.wait()
    built.append(registry())
threads = [threading.Thread(target=first_use) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(len({id(r) for r in built}), len(built))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "8"]
