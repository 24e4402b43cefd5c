"""Label mode: the slot model without enumerating groups, for when the groups would be too many.

The set-partitioning model (:mod:`scheduler.solver.model`) has one Boolean per allowed
group and slot. One label shared by every street office at 2,000 units allows far more
groups than it can hold (:data:`~scheduler.solver.model.MAX_GROUPS`), and the answer was
then the greedy's timetable. This model says the same timetables without naming a group:

* ``z[u, key, t]``: unit ``u`` meets in slot ``t`` in a room of ``key``, one per key of
  the unit (a *key* is a label and, where the category order splits rooms by category, a
  category; a unit without a label has one Boolean per slot, a room of its own);
* ``y[key, t, c, j]``: the ``j``-th room of capacity ``c`` in slot ``t`` holds ``key``'s
  units (one per room of that capacity, at most as many as the key's units there);
* ``sum z[., key, t] <= sum c * y[key, t, c, .]``: a key's units in a slot fit its rooms.

Its variables grow as the units times the slots open to them (times their keys, one to
three) plus the keys times the slots times the rooms, never as the groups. To the rules it is
the same port (:class:`~scheduler.rules.ports.SlotModel`): a unit's ``z`` are its starts, and
a room variable ``y`` is a "group" of its room's capacity, so room-capacity's count of groups
per slot and size, the category order's loads and the objectives' counting bounds read it
unchanged. The counting bounds read the units beyond one a room (``merges_at``) as a key's units
less its rooms, exactly as the enumerated model's groups' members less one.

Which units may share is the rules' (:func:`scheduler.rules.registry.allows`); each rule with a
grouping limit says what kind it is (:attr:`scheduler.rules.base.Rule.grouping`), and this model
states the three kinds there are: a label in common (its keys), the seats (its rooms' capacities)
and one category (its keys' categories). A rule whose limit is of no such kind, or a pair of a
key the rules refuse, and the model is not built (:class:`NotExpressible`). Every timetable it
gives is checked by the checker like any other (:func:`scheduler.rules.check.validate`).

Used only where the groups would be too many (:func:`slot_model`); see docs/performance.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import pairwise
from typing import Any

from scheduler.domain import Problem, Unit, labels
from scheduler.rules.base import Rule
from scheduler.rules.ports import Terms
from scheduler.rules.registry import allows
from scheduler.solver import model as enumerated
from scheduler.solver.model import MAX_VARIABLES, ModelBuilder, TooManyGroups

GROUPING = frozenset({"label", "seats", "category"})
"""The grouping limits (:attr:`scheduler.rules.base.Rule.grouping`) this model states: a label in
common by its keys, the seats by its rooms, one category by its keys' categories."""


class NotExpressible(TooManyGroups):
    """The rules limit grouping in a way label mode does not state: no model (the caller keeps what it has)."""


Key = tuple[str, str]
"""A label and a category (``""``: no category, or the rooms are not split by category)."""


SMALLER = 4
"""The label model is built when the set-partitioning model would have more than this many times its
variables (estimated before either is made), on a problem whose labels allow too many groups (:func:`crowded`):
``biglabel-2000u-4r``'s first ``stable`` round, 158,000 against 22,600 estimated (30,000 groups), switches.
(``cap5-1000u-4r``'s whole model would too, 7.0 times, and ``overlap-1000u-4r``'s would not, 2.9 times; neither
is crowded, so both keep the set-partitioning model: docs/performance.md.)"""


def slot_model(problem: Problem, **options: Any) -> ModelBuilder:
    """The set-partitioning model (:class:`~scheduler.solver.model.ModelBuilder`, same options), or, when
    the labels allow too many groups (:func:`crowded`), the label model (:class:`LabelModel`) where the
    groups would pass :data:`~scheduler.solver.model.MAX_GROUPS` or the group variables :data:`SMALLER`
    times the label model's; :class:`TooManyGroups` when neither can be built (the label model too large
    as well). Never while explaining (no label model then)."""
    if options.get("explaining") or not crowded(problem):
        return ModelBuilder(problem, **options)  # (every shape of the sweep but biglabel's: as before)
    known: list[bool] = []

    def ahead(model: ModelBuilder, windows: Mapping[str, range]) -> bool:
        return _told(known, model, windows)

    try:
        return ModelBuilder(problem, switch=_larger, ahead=ahead, **options)
    except TooManyGroups:
        try:
            return LabelModel(problem, **options)  # (NotExpressible, a TooManyGroups, when it cannot say the rules)
        except NotExpressible:
            if not known:
                raise
    # the count ahead took a key's units to share as they please, and the rules refuse some of them: the groups
    # enumerated decide, as they would have without the count
    return ModelBuilder(problem, switch=_larger, **options)


def _told(known: list[bool], model: ModelBuilder, windows: Mapping[str, range]) -> bool:
    """:func:`_surely_larger`, remembered in ``known`` when it says ``True``."""
    if _surely_larger(model, windows):
        known.append(True)
        return True
    return False


def _larger(model: ModelBuilder, estimate: int, windows: Mapping[str, range]) -> bool:
    """Whether ``estimate`` group variables are more than :data:`SMALLER` times the label model's."""
    keys, unit_keys = _keys(model.problem, len(model.problem.categories) > 1)
    return estimate > SMALLER * _label_estimate(model, keys, unit_keys, windows)


def _surely_larger(model: ModelBuilder, windows: Mapping[str, range]) -> bool:
    """Whether :func:`_larger` would say ``True`` of the set-partitioning model, or its groups pass the cap, told
    before a group is enumerated (``biglabel-5000u-4r``'s guided model: 1.1 s of CPU to enumerate 200,000
    groups and be refused, then the label model). Its variables are at least one a group whose members' slots
    meet (each at least one slot, :meth:`~scheduler.solver.model.ModelBuilder._check_size`), so the units' own and
    one per pair of units of one key whose slots meet (:func:`_pairs_meeting`) are a floor on the estimate, and
    the units and those pairs a floor on the groups, as long as the rules let a key's units share as the label
    model takes them to (the caller enumerates them when they do not: :class:`NotExpressible`)."""
    problem = model.problem
    if len(model.horizon) == 0:
        return False
    keys, unit_keys = _keys(problem, len(problem.categories) > 1)
    horizon = len(model.horizon)
    singles = 0
    for unit in problem.units:
        limit = model.within.get(unit.name)
        window = windows.get(unit.category)
        singles += min([horizon, *([len(limit)] if limit is not None else []), *([len(window)] if window else [])])
    pairs = _pairs_meeting(model.within, problem.units, unit_keys, len(keys))
    label = _label_estimate(model, keys, unit_keys, windows)
    groups = len(problem.units) + pairs
    return groups > min(model.group_limit, enumerated.MAX_GROUPS) or singles + pairs > SMALLER * label


PAIRED_HELD = 2_000
"""Units of one key with a limit of several slots whose pairs with the key's held units :func:`_pairs_meeting`
counts (each a look per slot a held unit is at); past it, none of the others' (the count stays a floor)."""
PAIRED = 300
"""Units of one key with a limit of several slots (neither held at one nor free everywhere) whose pairs
:func:`_pairs_meeting` counts one by one; past it, none of theirs among themselves (the count stays a floor)."""


def _pairs_meeting(
    within: Mapping[str, AbstractSet[int]], units: Sequence[Unit], unit_keys: Sequence[Sequence[int]], count: int
) -> int:
    """Pairs of units of one key, each of no other key, whose slots meet (``within``; a unit not in it: any
    slot): at most one set a unit, held units counted per slot, so thousands of units cost milliseconds."""
    held: list[dict[int, int]] = [defaultdict(int) for _ in range(count)]
    free = [0] * count
    ranged: list[list[AbstractSet[int]]] = [[] for _ in range(count)]
    for unit, mine in zip(units, unit_keys, strict=True):
        if len(mine) != 1:
            continue  # (a pair of units of several keys may share more than one: not counted, so never twice)
        k = mine[0]
        limit = within.get(unit.name)
        if limit is None:
            free[k] += 1
        elif len(limit) == 1:
            held[k][next(iter(limit))] += 1
        elif limit:
            ranged[k].append(limit)
    pairs = 0
    for k in range(count):
        anywhere, some = free[k], ranged[k]
        placed = sum(held[k].values())
        pairs += anywhere * (anywhere - 1) // 2 + anywhere * (placed + len(some))
        pairs += sum(n * (n - 1) // 2 for n in held[k].values())
        at = held[k]
        pairs += sum(sum(n for t, n in at.items() if t in limit) for limit in some[:PAIRED_HELD])
        if len(some) <= PAIRED:
            pairs += sum(1 for i, a in enumerate(some) for b in some[i + 1 :] if not a.isdisjoint(b))
    return pairs


def _label_estimate(
    model: ModelBuilder, keys: Sequence[Key], unit_keys: Sequence[Sequence[int]], windows: Mapping[str, range]
) -> int:
    """The label model's variables, about: each unit's open slots times its keys, and each key's rooms
    in as many slots as its units have open (at most the horizon)."""
    horizon = len(model.horizon)
    rooms = len(model.problem.rooms)
    estimate = 0
    open_to_key = [0] * len(keys)
    for unit, mine in zip(model.problem.units, unit_keys, strict=True):
        limit = model.within.get(unit.name)
        window = windows.get(unit.category)
        sizes = [horizon, *([len(limit)] if limit is not None else []), *([len(window)] if window else [])]
        estimate += min(sizes) * max(1, len(mine))
        for k in mine:
            open_to_key[k] += min(sizes)
    return estimate + sum(min(horizon, slots) * rooms for slots in open_to_key)


def crowded(problem: Problem) -> bool:
    """Whether the labels would allow more groups than :data:`~scheduler.solver.model.MAX_GROUPS`, counting
    their pairs alone (at once, before any group is made): one label shared by every street office at
    2,000 units has 500,000 pairs; ``overlap-1000u-4r``'s 200 labels of about 10 units, 9,000."""
    members: dict[str, int] = defaultdict(int)
    for unit in problem.units:
        for label in labels(unit):
            members[label] += 1
    cap = enumerated.MAX_GROUPS  # (read when asked: a test lowers it)
    return problem.max_capacity >= 2 and sum(n * (n - 1) // 2 for n in members.values()) > cap


class LabelModel(ModelBuilder):
    """The slot model in label mode (see the module's docstring). Not for explaining.

    Its group variables (``var_group``, ``var_slot``, ``groups``) are the units' starts
    ``z``, each the group of its unit alone, so whatever reads a solution unit by unit
    (the ``stable`` objective, the stable search's prices) reads it unchanged; the rooms
    ``y`` are numbered after them, then the absent literals."""

    def _grouped(self, grouping: Sequence[Rule]) -> list[tuple[int, ...]]:
        if self.explaining:
            raise NotExpressible
        problem = self.problem
        limits = {r.grouping for r in grouping if type(r).allows_group is not Rule.allows_group}
        if not limits <= GROUPING:
            raise NotExpressible  # a rule limits groups in a way the keys and rooms do not say
        split = "category" in limits and len(problem.categories) > 1
        self.keys, self.unit_keys = _keys(problem, split)
        for members in _members(self.unit_keys, len(self.keys)):
            pair = [problem.units[i] for i in members[:2]]
            if len(pair) == 2 and problem.max_capacity >= 2 and not allows(problem, pair, grouping):
                raise NotExpressible  # the rules refuse what the key would allow
        return [(i,) for i in range(len(problem.units))]

    def _check_size(self, windows: Mapping[str, range]) -> None:
        estimate = _label_estimate(self, self.keys, self.unit_keys, windows)
        if estimate > MAX_VARIABLES:
            raise TooManyGroups
        self._deadline_allows(estimate)

    def _make_variables(self, windows: Mapping[str, range]) -> None:
        self._start_indexes()
        self._all_slots: frozenset[int] | None = None
        self._check_size(windows)
        self.var_key: list[int] = []
        """Per start variable, its key (-1: a room of its unit's own)."""
        in_key: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, unit in enumerate(self.problem.units):
            self.check_time()
            for k in self.unit_keys[i] or [-1]:
                category = self.keys[k][1] if k >= 0 and self.keys[k][1] else unit.category
                made, ordered = self._starts(i, windows.get(category))
                self.var_key.extend([k] * len(ordered))
                for var, t in zip(made, ordered, strict=True):
                    if k < 0:
                        self._by_slot[t].append((var, 1))
                        self._by_slot_category[(t, unit.category)].append((var, 1))
                    else:
                        in_key[(k, t)].append(var)
        self._rooms_of_keys(in_key)

    def _starts(self, i: int, window: range | None) -> tuple[range, list[int]]:
        """Unit ``i``'s start variables, one per slot open to it (inside ``window`` when given)."""
        name = self.problem.units[i].name
        ordered = sorted(self._open_slots(name, window).difference(self._forbidden.blocked(name)))
        made = self.cp.new_bools(len(ordered))
        self.var_group.extend([i] * len(ordered))
        self.var_slot.extend(ordered)
        self._by_unit[name].extend(made)
        self._slots_of[name].update(ordered)  # (the links are posted only where an end has a start)
        for var, t in zip(made, ordered, strict=True):
            self._by_unit_slot[(name, t)].append(var)
        return made, ordered

    def _open_slots(self, name: str, window: range | None) -> frozenset[int]:
        """The slots of the horizon within ``name``'s limit and ``window``, each limit read from the smaller
        side: a unit held at its reference slot is one look, not a set of the whole horizon (``biglabel-5000u-4r``'s
        guided model, 5,000 units in 1,300 slots: its build 0.58-0.73 -> 0.38-0.62 s of CPU)."""
        horizon = self.horizon
        limit = self.within.get(name)
        if limit is None:
            if window is None:
                return self._everywhere()
            return frozenset(range(max(window.start, 0), min(window.stop, horizon.stop)))
        inside = [t for t in limit if t in horizon and (window is None or t in window)]
        return frozenset(inside)

    def _everywhere(self) -> frozenset[int]:
        """Every slot of the horizon (made once)."""
        if self._all_slots is None:
            self._all_slots = frozenset(self.horizon)
        return self._all_slots

    def _rooms_of_keys(self, in_key: Mapping[tuple[int, int], list[int]]) -> None:
        """Per key and slot with starts, its rooms (``y``) and the rule that its units fit them."""
        classes = sorted({r.capacity for r in self.problem.rooms}, reverse=True)
        count = {c: sum(1 for r in self.problem.rooms if r.capacity == c) for c in classes}
        self._merges: dict[tuple[int, str | None], Terms] = defaultdict(list)
        self.key_rooms: dict[tuple[int, int], list[tuple[int, int]]] = {}
        """(key, slot) -> (room variable, capacity), largest rooms first."""
        implied: list[tuple[int, int]] = []
        for (k, t), starts in in_key.items():
            category = self.keys[k][1]
            rooms: list[tuple[int, int]] = []
            firsts: list[int] = []
            for c in classes:
                made = self.cp.new_bools(min(count[c], len(starts)))
                implied += [(b, a) for a, b in pairwise(made)]  # rooms of one capacity are alike: in order
                rooms += [(y, c) for y in made]
                firsts += made[:1]
            for y, c in rooms:
                self._by_slot[t].append((y, c))
                self._by_slot_category[(t, category)].append((y, c))
            self.cp.linear([(v, 1) for v in starts] + [(y, -c) for y, c in rooms], hi=0)
            if len(firsts) == 1:  # a unit there takes a room of the key (stated for the relaxation's bound)
                implied += [(v, firsts[0]) for v in starts]
            self.key_rooms[(k, t)] = rooms
            # the units there beyond one a room: its units less its rooms (a room's capacity would
            # only bound it, and the stable search's relaxation needs it exact: an absent unit
            # without a label is covered by no merge it could not make)
            merges = [(v, 1) for v in starts] + [(y, -1) for y, _ in rooms]
            self._merges[(t, None)] += merges
            self._merges[(t, category)] += merges
        self.cp.implications(implied)

    def merges_at(self, t: int, category: str | None = None) -> Terms:
        """Per key in slot ``t`` (of ``category``; ``None``: any), its units less its rooms taken."""
        return self._merges.get((t, category), [])

    # -- reading and hinting a solution ------------------------------------------------------

    def variables(self) -> list[tuple[int, tuple[Unit, ...]]]:
        """Every start variable with its unit (label mode has no group variables)."""
        units = self.problem.units
        return [(var, (units[i],)) for var, i in enumerate(self.var_group)]

    def placements(self, values: Sequence[int]) -> dict[int, list[tuple[Unit, ...]]]:
        """Slot -> the groups meeting in it: each key's units in a slot shared out over its rooms, largest first."""
        units = self.problem.units
        out: dict[int, list[tuple[Unit, ...]]] = defaultdict(list)
        in_key: dict[tuple[int, int], list[Unit]] = defaultdict(list)
        for var, i in enumerate(self.var_group):
            if values[var]:
                k, t = self.var_key[var], self.var_slot[var]
                if k < 0:
                    out[t].append((units[i],))
                else:
                    in_key[(k, t)].append(units[i])
        for (k, t), members in in_key.items():
            taken = [c for y, c in self.key_rooms[(k, t)] if values[y]]
            for c in taken:
                if members:
                    out[t].append(tuple(members[:c]))
                    members = members[c:]
            if members:
                raise AssertionError("label mode: a key's units do not fit its rooms")
        return dict(out)

    def hint(self, slot_groups: Mapping[int, Iterable[tuple[Unit, ...]]]) -> int:
        """Hint a known timetable (each group in a key all its units have, in the smallest room it
        fits among the key's); returns how many of its groups could be hinted."""
        values = dict.fromkeys(range(len(self.var_group)), 0)
        values.update((y, 0) for rooms in self.key_rooms.values() for y, _ in rooms)
        position = {u.name: i for i, u in enumerate(self.problem.units)}
        hinted = 0
        for t, groups in slot_groups.items():
            used: set[int] = set()
            for group in groups:
                found = self._hinted_group(t, [position[u.name] for u in group], used)
                if found:
                    values.update(dict.fromkeys(found, 1))
                    hinted += 1
        placed = {
            self.problem.units[self.var_group[v]].name for v, on in values.items() if on and v < len(self.var_group)
        }
        values.update((literal, int(name not in placed)) for name, literal in self.absent.items())
        self.check_time()
        self.cp.hint(values)
        return hinted

    def _hinted_group(self, t: int, members: list[int], used: set[int]) -> list[int]:
        """The variables that place ``members`` together in slot ``t`` (a room variable not in
        ``used``, which it joins), or none when the model has no such place. Members the model
        holds elsewhere are left out (absent, in a round of the stable search), the rest kept together."""
        units = self.problem.units
        common = set(self.unit_keys[members[0]] or [-1]).intersection(*(self.unit_keys[i] or [-1] for i in members))
        best: tuple[int, list[int]] | None = None
        for k in sorted(common):
            starts = []
            for i in members:
                mine = [v for v in self._by_unit_slot.get((units[i].name, t), []) if self.var_key[v] == k]
                starts += mine[:1]
            if starts and (best is None or len(starts) > len(best[1])):
                best = (k, starts)
        if best is None:
            return []
        k, starts = best
        if k < 0:
            return starts
        # the smallest rooms it fits first, each capacity's rooms in their order (the model's)
        rooms = sorted(self.key_rooms.get((k, t), []), key=lambda room: room[1])
        free = [y for y, c in rooms if c >= len(starts) and y not in used]
        if not free:
            return []
        used.add(free[0])
        return [*starts, free[0]]


def _keys(problem: Problem, split: bool) -> tuple[list[Key], list[list[int]]]:
    """The keys, and each unit's keys (as indexes): one per label, and per category when ``split``.

    A unit without a category joins each category's key of its label, and a key of its label
    with no category when it has label-mates without one (a group of them alone is one of no category)."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, unit in enumerate(problem.units):
        for label in sorted(labels(unit)):
            by_label[label].append(i)
    keys: list[Key] = []
    index: dict[Key, int] = {}
    unit_keys: list[list[int]] = [[] for _ in problem.units]
    for label, members in by_label.items():
        if len(members) < 2:
            continue  # no one to share with: its unit meets in a room of its own
        categories = sorted({problem.units[i].category for i in members if problem.units[i].category})
        loose = sum(1 for i in members if not problem.units[i].category)
        for i in members:
            category = problem.units[i].category
            wanted = [category] if category or not split else [*categories, *([""] if loose > 1 else [])]
            for c in wanted if split else [""]:
                key = (label, c)
                if key not in index:
                    index[key] = len(keys)
                    keys.append(key)
                unit_keys[i].append(index[key])
    return keys, unit_keys


def _members(unit_keys: Sequence[Sequence[int]], count: int) -> list[list[int]]:
    """Each key's units."""
    out: list[list[int]] = [[] for _ in range(count)]
    for i, keys in enumerate(unit_keys):
        for k in keys:
            out[k].append(i)
    return out
