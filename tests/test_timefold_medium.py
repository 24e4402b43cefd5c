"""The instrument that bounds the medium level of the Timefold-recipe instances
(``benchmarks.timefold_medium``): its configuration LP's bound against brute force on small random
problems (a bound above a known optimum fails), its premise against the common scorer (a grain's set
costs what the scorer's medium level counts), and the demo, whose medium optimum 40 is proven."""

import random
from itertools import combinations, product

from benchmarks.timefold_medium import Conflicts, configuration_bound, conflicts, lp_bound, set_cost
from benchmarks.timefold_recipe import DAYS, GRAINS_PER_DAY, demo, generate
from benchmarks.timefold_score import score


def _random_conflicts(rnd: random.Random) -> Conflicts:
    n = rnd.randint(3, 4)
    hard, shared = set(), {}
    for pair in combinations(range(n), 2):
        kind = rnd.random()
        if kind < 0.25:
            hard.add(pair)
        elif kind < 0.8:
            shared[pair] = rnd.randint(1, 3)
    return Conflicts(
        [rnd.randint(1, 3) for _ in range(n)],
        [rnd.choice((2, 5, 9)) for _ in range(n)],
        hard,
        shared,
        sorted(rnd.choice((4, 6, 10)) for _ in range(rnd.randint(1, 3))),
    )


def _brute(c: Conflicts, grains: int) -> int | None:
    """The least medium over every start and room of every meeting in one period of ``grains`` grains."""
    n, best = len(c.length), None
    for starts in product(*(range(grains - length + 1) for length in c.length)):
        spans = [(s, s + length) for s, length in zip(starts, c.length, strict=True)]
        shared = {
            pair: max(0, min(spans[pair[0]][1], spans[pair[1]][1]) - max(spans[pair[0]][0], spans[pair[1]][0]))
            for pair in combinations(range(n), 2)
        }
        if any(shared[pair] for pair in c.hard):
            continue
        cost = sum(k * shared[pair] for pair, k in c.shared.items())
        if best is not None and cost >= best:
            continue
        for rooms in product(range(len(c.seats)), repeat=n):
            if all(c.seats[r] >= size for r, size in zip(rooms, c.size, strict=True)) and not any(
                rooms[i] == rooms[j] and shared[i, j] for i, j in combinations(range(n), 2)
            ):
                best = cost
                break
    return best


def test_bound_never_above_brute_force():
    rnd = random.Random(15)
    seen = 0
    raised = 0
    while seen < 25:
        c = _random_conflicts(rnd)
        grains = rnd.randint(3, 5)
        truth = _brute(c, grains)
        if truth is None:
            continue  # no timetable: no bound to hold
        seen += 1
        found = lp_bound(c, grains, 30.0, price_seconds=5.0)
        assert found["converged"]
        assert found["bound"] <= truth, (c, grains, found, truth)
        raised += found["bound"] > 0
    assert raised >= 5  # the draws force conflicts often enough for the comparison to mean something


def _random_placement(instance, rnd):
    """Each meeting at a random start in a random day where it overlaps none sharing a required person
    with it (rooms at random: the medium level does not look at them); ``None`` when one finds no place."""
    placed: dict[str, tuple[int, str]] = {}
    for m in instance.meetings:
        options = []
        for day in range(DAYS):
            for offset in range(GRAINS_PER_DAY - m.grains + 1):
                start = 1 + day * GRAINS_PER_DAY + offset
                if not any(
                    set(m.required) & set(o.required)
                    and min(start + m.grains, placed[o.id][0] + o.grains) > max(start, placed[o.id][0])
                    for o in instance.meetings
                    if o.id in placed
                ):
                    options.append(start)
        if not options:
            return None
        placed[m.id] = (rnd.choice(options), rnd.choice(instance.rooms).id)
    return placed


def test_a_grains_set_costs_what_the_scorer_counts():
    """The LP's premise: with no two meetings sharing a required person at once, the scorer's medium
    level is the sum over the grains of the running set's cost."""
    rnd = random.Random(24)
    checked = 0
    for instance in (demo(), generate(12, 1), generate(30, 2)):
        c = conflicts(instance)
        for _ in range(20):
            placement = _random_placement(instance, rnd)
            if placement is None:
                continue
            found = score(instance, placement)
            assert "Required attendance conflict" not in found.terms
            starts = [placement[m.id][0] for m in instance.meetings]
            ends = [s + m.grains for s, m in zip(starts, instance.meetings, strict=True)]
            total = sum(
                set_cost(frozenset(i for i in range(len(starts)) if starts[i] <= g < ends[i]), c)
                for g in range(1, DAYS * GRAINS_PER_DAY + 1)
            )
            assert total == -found.medium
            checked += total > 0
    assert checked >= 5


def test_demo_bound_is_its_optimum():
    found = configuration_bound(demo(), 120.0)
    assert found["converged"]
    assert found["bound"] == 40  # the demo's medium optimum, proven (docs/benchmarks.md, twentieth session)
