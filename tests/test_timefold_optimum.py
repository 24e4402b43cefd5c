"""The instrument that proves the demo's soft optimum by days (``benchmarks.timefold_optimum``), against
the common scorer and against brute force: its day model's value is the scorer's soft level on its
own answer (one day, and days joined across the night), and its walk over the days' orders and
boundary counts is the least of every combination."""

import random
from dataclasses import replace
from itertools import pairwise, permutations, product

import pytest

from benchmarks.timefold_optimum import TERMS, chained, solve_days
from benchmarks.timefold_recipe import demo
from benchmarks.timefold_score import score

# a day of the demo at its fewest optional conflicts (12), and two days of the optimum's grouping (0 and 24)
DAY = (0, 2, 5, 6, 7, 15)
TWO = [(6, 7, 8, 17, 18), (1, 3, 4, 10, 14, 16)]


@pytest.mark.parametrize(("order", "medium"), [([DAY], 12), (TWO, 24)])
def test_day_model_equals_scorer(order, medium):
    instance = demo()
    found = solve_days(instance, order, medium, 20.0)
    assert found["status"] == "OPTIMAL"
    placed = found["placed"]
    # the scorer wants every meeting of its instance: the instance of these meetings alone
    checked = score(replace(instance, meetings=tuple(m for m in instance.meetings if m.id in placed)), placed)
    assert checked.hard == 0
    assert -checked.medium <= medium
    assert -checked.soft == found["value"], checked.terms


def test_day_model_holds_the_boundary_counts():
    instance = demo()
    table = {}
    for b, e in product(range(4), repeat=2):
        found = solve_days(instance, [DAY], 12, 20.0, TERMS, (b, e))
        if found["status"] == "INFEASIBLE":
            continue
        table[b, e] = found["value"]
        grains = [g for g, _ in found["placed"].values()]
        lasts = [g + instance.meetings[int(k)].grains - 1 for k, (g, _) in found["placed"].items()]
        assert (grains.count(1), lasts.count(40)) == (b, e)
    free = solve_days(instance, [DAY], 12, 20.0)
    assert free["value"] == min(table.values())


def _brute(groupings, tables, terms):
    best = float("inf")
    for days in groupings:
        for order in permutations(days):
            later = 40 * sum(p * len(d) for p, d in enumerate(order)) if "early" in terms else 0
            for choice in product(*(sorted(tables[d]) for d in order)):
                total = later + sum(tables[d][be]["bound"] for d, be in zip(order, choice, strict=True))
                if "b2b" in terms:
                    total += sum(100 * e * b for (_, e), (b, _) in pairwise(choice))
                best = min(best, total)
    return best


@pytest.mark.parametrize("seed", range(20))
def test_chain_equals_brute_force(seed):
    rnd = random.Random(seed)
    days = [tuple(range(k, k + rnd.randint(1, 3))) for k in range(0, 40, 5)][: rnd.randint(3, 6)]
    tables = {
        d: {
            (b, e): {"bound": rnd.randint(0, 300)}
            for b, e in product(range(4), repeat=2)
            if rnd.random() < 0.5 or (b, e) == (1, 1)
        }
        for d in days
    }
    groupings = [rnd.sample(days, 3) for _ in range(3)]
    for terms in (TERMS, ("b2b",), ("early",), ("overlap",)):
        value, order, path = chained(groupings, tables, "bound", terms)
        assert value == _brute(groupings, tables, terms)
        assert sorted(order) in [sorted(g) for g in groupings]
        assert all(be in tables[d] for d, be in zip(order, path, strict=True))
