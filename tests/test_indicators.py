"""The indicator registry: one declaration reaches every view and the public edition."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import disclosure
import indicators as registry

HERE = Path(__file__).parent


def test_a_new_rate_is_one_entry_and_appears_everywhere(tmp_path, cache_dir):
    """tests/toy_indicator.py adds an exit rate to indicators/ and nothing else, then
    builds, publishes and serves: the rate is computed from each level's own sums, offered
    on the map, filled in the table and the download, compared on the province page, and
    published rounded, never (but for a 0) beside a withheld count it is made of."""
    done = subprocess.run([sys.executable, str(HERE / "toy_indicator.py"), str(tmp_path),
                           str(cache_dir)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["offered"][-1] == "exit_rate"
    assert found["map_status"] == 200 and found["map_title"] == "Exit rate"
    assert any(isinstance(v, float) and 0 < v < 1 for v in found["table_values"])
    assert "Exit rate" in found["export_columns"]
    assert abs(found["province_rate"] - found["province_by_hand"]) < 1e-12  # not a mean of counties
    assert "exit_rate" in found["comparison_columns"]
    assert found["published_values"] > 0
    assert found["published_beside_withheld_counts"] == 0
    assert found["published_unrounded"] < 1e-12
    assert round(found["province_rate"], 3) == found["public_province_rate"]


def test_the_registry_is_not_extended_outside_that_interpreter():
    assert "exit_rate" not in registry.by_key()


@pytest.mark.parametrize("definition", [("people who exited during the year", ""),
                                        ("people who exited during the year",
                                         "people who exited during the year"),
                                        ("", "当年脱贫人口")])
def test_the_registry_refuses_an_indicator_not_defined_in_both_languages(definition):
    with pytest.raises(ValueError, match="exit_count.*definition"):
        registry.Indicator("exit_count", ("Exits", "脱贫人数"), ("people", "人"), registry.SUM,
                           definition)


def test_every_yearly_indicator_is_classified_for_the_public_edition():
    """Each declared column of the county rollup has a disclosure class, derived from its
    declaration: counts of people or households are counts, rates over them are derived."""
    for indicator in registry.at("county"):
        kind = disclosure.YEARLY[indicator.key]
        if indicator.kind == registry.SUM and indicator.people:
            assert kind == disclosure.COUNT, indicator.key
        elif registry.counts_behind(indicator):
            assert isinstance(kind, disclosure.Derived), indicator.key
