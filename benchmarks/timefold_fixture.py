"""Records Timefold's own scores of many placements, so the tests can hold our scorer to them.

Run in the bench environment (``make timefold-fixture``): for the demo and a 50-meeting instance it
draws placements of four kinds (uniform over the horizon, crowded into the first hours so that
meetings overlap and touch, all in the smallest room, and Timefold's own answers after a short
solve), asks Timefold to score each, and writes ``tests/data/timefold_scores.json``. The tests
regenerate the instances from the recorded recipe arguments and compare
``benchmarks.timefold_score.score`` with every recorded score,
without Timefold or a JDK.
"""

import json
import random
from pathlib import Path

from benchmarks.timefold_peer import score_all, solve
from benchmarks.timefold_recipe import Instance, generate

OUT = Path("tests/data/timefold_scores.json")


def draws(instance: Instance, rnd: random.Random, count: int) -> list[dict[str, list]]:
    rooms = [r.id for r in instance.rooms]
    smallest = [min(instance.rooms, key=lambda r: r.seats).id]
    last = max(g.index for g in instance.grains)
    out = []
    for k in range(count):
        horizon = last if k % 2 == 0 else 24  # every other one crowded into the first hours
        # every third one puts everything into the smallest room: seats run short
        choices = smallest if k % 3 == 2 else rooms
        out.append({m.id: [rnd.randint(1, horizon), rnd.choice(choices)] for m in instance.meetings})
    return out


def main() -> None:
    rnd = random.Random(7)
    cases = []
    # The recipe's meetings never need more than 16 seats: the third case has a room of 6 seats.
    for meetings, seconds, seats in ((24, 5, (30, 20, 16)), (50, 40, (30, 20, 16)), (24, 5, (30, 20, 6))):
        instance = generate(meetings, 0, seats=seats)
        placements = draws(instance, rnd, 30)
        answer = solve(instance, seconds)
        complete = all(None not in v for v in answer["placements"].values())
        if complete:
            placements.append(answer["placements"])
        scores = score_all(instance, placements)
        if complete:
            assert scores[-1] == answer["score"], (scores[-1], answer["score"])
        cases.append({"meetings": meetings, "seed": 0, "seats": seats, "placements": placements, "scores": scores})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(cases, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {sum(len(c['scores']) for c in cases)} placements scored by Timefold")


if __name__ == "__main__":
    main()
