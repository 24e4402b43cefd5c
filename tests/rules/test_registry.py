"""The registry and what every rule owes it: one rule a file, stable names, its own sentences,
and no rule named by its string anywhere outside ``scheduler/rules/``."""

from __future__ import annotations

import ast
import re
import string
import sys
from pathlib import Path

import pytest

from scheduler.rules import registry
from scheduler.rules.base import Rule
from scheduler.rules.registry import MEETINGS, NOT_RULES, RULES, UNIT_RULES
from scheduler.text.messages import CATALOG
from tests.conftest import ROOT

PACKAGE = ROOT / "scheduler"
RULE_FILES = sorted(
    [
        *(p for p in (PACKAGE / "rules").glob("*.py") if p.stem not in NOT_RULES | {"__init__"}),
        *(p for p in (PACKAGE / "rules" / MEETINGS).glob("*.py") if p.stem != "__init__"),
    ]
)


def test_every_rule_file_holds_one_rule_and_every_rule_has_a_file():
    assert len(RULE_FILES) == len(RULES) == 19
    for path, rule in zip(RULE_FILES, sorted(RULES, key=lambda r: type(r).__module__), strict=True):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        assert type(rule).__module__ == module
        assert path.stem == rule.name.replace("-", "_")


UNIT_HOOKS = (
    "allows_group",
    "restrict",
    "post_slots",
    "check",
    "instances",
    "describe",
    "relax",
    "facts",
    "tell",
    "tell_after",
    "crowding",
    "fixes",
    "follows",
    "fixed_starts",
    "phases",
    "seats",
)
"""What a rule may say of a unit table: a rule that says any of it belongs to :data:`UNIT_RULES`."""


def test_the_rules_of_meeting_problems_only_say_nothing_of_unit_tables():
    """A unit table's commands load only ``UNIT_RULES``: a rule of the meeting family that said something
    of unit tables would be silently left out of them."""
    meeting_only = [rule for rule in RULES if rule not in UNIT_RULES]
    assert {type(rule).__module__.rsplit(".", 2)[1] for rule in meeting_only} == {MEETINGS}
    assert len(meeting_only) == 10
    said = [f"{rule.name}.{hook}" for rule in meeting_only for hook in UNIT_HOOKS if hook in vars(type(rule))]
    assert said == []
    assert all(any(hook in vars(type(rule)) for hook in UNIT_HOOKS) for rule in UNIT_RULES)
    assert list(UNIT_RULES) == [rule for rule in RULES if rule in UNIT_RULES]  # the same rank order


def test_any_rule_is_found_by_its_name():
    assert [registry.rule(rule.name) for rule in RULES] == list(RULES)
    assert registry.RULES_BY_NAME["gap"] is registry.rule("gap")
    with pytest.raises(KeyError):
        registry.rule("no-such-rule")


def test_rules_are_in_rank_order_with_stable_names():
    assert [r.name for r in RULES] == [
        "each-unit-once",
        "each-meeting-once",
        "within-window",
        "working-hours",
        "time-window",
        "allowed-sharing",
        "room-capacity",
        "room-seats",
        "changeover",
        "room-wishes",
        "series-room",
        "category-order",
        "unavailable",
        "no-double-booking",
        "gap",
        "started",
        "meeting-order",
        "pinned",
        "linked",
    ]
    assert [r.rank for r in RULES] == sorted({r.rank for r in RULES})


SAID_APART = {"mwish.written"}
"""Sentences whose languages say different values on purpose: a wish in Chinese in the words the table's
cell wrote (周三上午), in English from its windows (QA qaoffice18 F10: the clerk searches for what they
wrote; an English reader gets English words, not the Chinese cell)."""


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_each_rule_keeps_its_own_sentences(rule: Rule):
    assert f"rule.{rule.name}" in rule.TEXT
    assert not rule.TEXT.keys() & CATALOG.keys()
    fields = string.Formatter()
    for key, (zh, en) in rule.TEXT.items():
        # a plural's {count|unit|units} asks for count (scheduler.text.messages.plural)
        names = [{f.split("|")[0] for _, f, _, _ in fields.parse(text) if f} for text in (zh, en)]
        if key in SAID_APART:
            continue
        assert names[0] == names[1], f"{rule.name}: {key} asks for other values in Chinese and English"
        assert zh != en and re.search(r"[\u4e00-\u9fff]", zh), key


def test_no_two_rules_share_a_sentence_key():
    keys = [k for rule in RULES for k in rule.TEXT]
    assert len(keys) == len(set(keys))


def references(tree: ast.AST, names: set[str]) -> list[tuple[int, str]]:
    """Where code refers to a rule by its name: compares something with it (``inst.rule ==
    "pinned"``), builds or looks up with it (``Instance("linked", ...)``, ``rule("pinned")``,
    ``RULES_BY_NAME["linked"]``) or makes its message keys (``"rule.pinned"``). A file-format key or
    a UI word that happens to equal a rule's name (the rules file's ``[[unavailable]]``, a JSON
    field ``"pinned"``) is data, not a reference, and is not flagged."""

    def named(node: ast.AST) -> str | None:
        return node.value if isinstance(node, ast.Constant) and node.value in names else None

    found = []
    for node in ast.walk(tree):
        hits: list[ast.AST] = []
        if isinstance(node, ast.Compare):
            hits = [node.left, *node.comparators]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
            "Instance",
            "rule",
        ):
            hits = list(node.args[:1])
        elif (
            isinstance(node, ast.Subscript)
            and "rule" in getattr(node.value, "id", getattr(node.value, "attr", "")).lower()
        ):
            hits = [node.slice]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            key = node.value.split(".")
            if len(key) > 1 and key[0] in ("rule", "explain", "check") and key[1] in names:
                found.append((node.lineno, node.value))
        found += [(hit.lineno, value) for hit in hits if (value := named(hit)) is not None]
    return found


def test_the_reference_finder_finds_what_the_old_code_did():
    old = """
if inst.rule == "pinned": pass
kept = Instance("category-order", u.name) in kept
title = render(Message("rule.linked"))
section = entries("unavailable", {"unit": str})
data["unavailable"] = away
told = RULES_BY_NAME["linked"]
"""
    assert sorted(references(ast.parse(old), {rule.name for rule in RULES})) == [
        (2, "pinned"),
        (3, "category-order"),
        (4, "rule.linked"),
        (7, "linked"),
    ]


def test_nothing_outside_the_rules_names_a_rule_by_its_string():
    names = {rule.name for rule in RULES}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "rules":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{rel}:{line}: {value!r}" for line, value in references(tree, names)]
    assert found == []


def test_a_module_without_a_rule_is_refused(tmp_path: Path, monkeypatch):
    (tmp_path / "empty_rule.py").write_text('"""No RULE here."""\n', encoding="utf-8")
    monkeypatch.setattr(registry.package, "__path__", [*registry.package.__path__, str(tmp_path)])
    monkeypatch.setitem(sys.modules, "scheduler.rules.empty_rule", None)  # forgotten afterwards
    del sys.modules["scheduler.rules.empty_rule"]
    with pytest.raises(AssertionError, match="holds no rule"):
        registry._discover()


def test_the_rules_are_found_when_the_package_is_a_zip(tmp_path: Path):
    """Installed as a zip (zipimport), the rules folder is no folder: the importer lists the modules."""
    import site
    import subprocess
    import zipfile

    archive = tmp_path / "scheduler.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in PACKAGE.rglob("*.py"):
            out.write(path, path.relative_to(ROOT))
    code = (
        f"import sys; sys.path[1:1] = {[str(archive)]!r}; sys.path += {site.getsitepackages()!r}\n"
        "import scheduler.rules.registry as registry\n"
        "print(registry.__file__.startswith(sys.path[1]), [rule.name for rule in registry.RULES])\n"
    )
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert out.stdout.strip() == f"True {[rule.name for rule in RULES]}", out.stderr
