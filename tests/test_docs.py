"""Every Python example of the docs runs as written (README.md and docs/*.md, blocks marked python).

Each runs in a fresh folder holding a copy of examples/ (and, where it says so, what
``solve --out out`` writes), as a reader would run it from the checkout. The mail
example is the one change: its server is a real SMTP server of ours on 127.0.0.1
instead of mail.example.org (the line is replaced, nothing else).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.cli.main import main
from tests.conftest import ROOT

RUN_ELSEWHERE = {
    "README.md": "tests/test_readme.py",
    "docs/meetings.md": "tests/test_meeting_files.py",
    "docs/replies.md": "tests/test_replies_cli.py",
    "docs/web.md": "tests/test_web_app.py",
}
"""Examples another test runs (with their own fixtures); this file checks they do."""


def blocks(doc: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (ROOT / doc).read_text(encoding="utf-8"), re.S)


def documents() -> list[str]:
    docs = ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
    return [doc for doc in docs if blocks(doc)]


def run(doc: str, folder: Path, replace: tuple[str, str] | None = None, number: int | None = None) -> str:
    """The example of ``doc`` (its only one, or its ``number``-th) run in ``folder``; what it printed."""
    if number is None:
        (code,) = blocks(doc)
    else:
        code = blocks(doc)[number]
    if replace is not None:
        assert replace[0] in code, replace[0]
        code = code.replace(*replace)
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, doc, "exec"), {"__name__": "__doc_example__"})
    finally:
        os.chdir(cwd)
    return out.getvalue()


@pytest.fixture
def reader(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def test_every_example_is_run_somewhere():
    here = {
        "docs/python.md",
        "docs/explanations.md",
        "docs/alternatives.md",
        "docs/replanning.md",
        "docs/invites.md",
        "docs/mail.md",
    }
    assert set(documents()) == here | set(RUN_ELSEWHERE)
    for doc, test in RUN_ELSEWHERE.items():
        assert Path(doc).name in (ROOT / test).read_text(encoding="utf-8"), f"{test} does not run {doc}"


def test_replanning(reader):
    lines = run("docs/replanning.md", reader).splitlines()
    assert lines == [
        "optimal",
        "区发改委 2021-09-08 10:00:00 -> 2021-09-08 11:00:00",
        "区财政局 2021-09-08 11:00:00 -> 2021-09-08 10:00:00",
        "{'moved': 2, 'displacement': 2, 'end_slots': 23}",
    ]


def test_explanations(reader):
    lines = run("docs/explanations.md", reader).splitlines()
    assert lines[:2] == ["['category-order', 'unavailable', 'pinned']", "True"]
    assert lines[3].startswith("  区财政局 is unavailable every slot before Sep 9 15:00")
    assert lines[-1] == "infeasible True"


def test_alternatives(reader):
    assert run("docs/alternatives.md", reader).splitlines() == ["3", "False", "None", "optimal"]


def test_python_reading_an_upload(reader):
    """docs/python.md, "Reading an upload" (embed16 #4: a BytesIO was called "not a table" in an
    InputError whose file was "DataFrame"; load_meetings raised a raw TypeError)."""
    assert run("docs/python.md", reader, number=0) == "29 units\n"


def test_invites(reader):
    run("docs/invites.md", reader, number=0)
    assert len(list((reader / "out" / "invites").glob("*.ics"))) >= 29


def test_invites_without_a_rules_file(reader):
    """docs/invites.md, "Invites without a rules file" (embed16 #2: the docs named build_invites but not
    where InviteSettings, Contact and Person live, and mypy --strict refused Contact from calendar)."""
    assert run("docs/invites.md", reader, number=1).splitlines() == [
        "区财政局 REQUEST new caizheng@example.org",
        "区统计局 REQUEST new tongji@example.org",
        "['unchanged']",
    ]


def test_mail(reader, servers):
    shutil.copytree(reader / "examples", reader / "in")
    with contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as done:
        main(["solve", str(reader / "in" / "notice_2021.csv"), "--out", str(reader / "out")])
    assert done.value.code == 0
    server = servers(tls="starttls", user="zwgk-office", password="…")
    trust = f"__import__('ssl').create_default_context(cafile={str(server.cafile)!r})"
    ours = f"server=Server({server.host!r}, {server.port}, STARTTLS, 'zwgk-office', context={trust}),"
    line = next(x.strip() for x in blocks("docs/mail.md")[0].splitlines() if x.strip().startswith("server=Server("))
    out = run("docs/mail.md", reader, (line, ours))
    lines = out.splitlines()
    assert lines[0] == "29 to send, cancellations: ()"
    assert lines[29] == "29 / 29 柏庄镇政府 sent"
    assert lines[30].startswith("True ('区自然资源局', ") and lines[30].endswith(") () ()")
    assert lines[31] == "Mail: 29 sent, 0 already sent before, 0 skipped without address, 0 failed"
    assert len(server.recorder.messages) == 29


def test_the_json_how_to_of_cli_md_runs_as_written(reader):
    """docs/cli.md's ``--json`` how-to: its shell lines, run by bash in a copy of examples/ (``docking-scheduler``
    being this checkout's ``python -m scheduler``, ``python`` this interpreter), print what the page shows."""
    import subprocess
    import sys

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    (script,) = re.findall(r"```sh\n(.*?)```", text, re.S)
    (shown,) = re.findall(r"```sh\n.*?```\n\n```text\n(.*?)```", text, re.S)
    assert "--json" in script and "| python -c" in script
    functions = 'docking-scheduler() { "$PY" -m scheduler "$@"; }\npython() { "$PY" "$@"; }\nset -e -o pipefail\n'
    env = {**os.environ, "PY": sys.executable, "PYTHONPATH": str(ROOT), "DOCKING_LANG": ""}
    done = subprocess.run(["bash", "-c", functions + script], cwd=reader, env=env, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stdout.decode("utf-8") == shown


def test_every_python_example_of_the_docs_is_mypy_strict_clean(tmp_path, mypy_cache):
    """The examples as a user's ``mypy --strict`` sees them (docs/python.md says the API is checked so):
    before, it refused ``Unavailable(unit, {time})`` and ``Session(rooms={...})`` as the docs write
    them (the fields were typed ``frozenset`` only), and the examples read Optionals unchecked."""
    scripts = []
    for doc in documents():
        for k, code in enumerate(blocks(doc)):
            script = tmp_path / f"{Path(doc).stem.replace('-', '_')}_{k}.py"
            script.write_text(code, encoding="utf-8")
            scripts.append(str(script))
    # the docs' own ways of giving collections, checked even where no example shows them
    (tmp_path / "collections_given.py").write_text(
        "from datetime import datetime\n"
        "from scheduler import Unavailable\n"
        "from scheduler.domain.meetings import Attendee, Session\n"
        "Unavailable('区财政局', {datetime(2021, 9, 8, 11)})\n"
        "Unavailable('区财政局', [datetime(2021, 9, 8, 11)])\n"
        "s = Session('会', 60, (Attendee('甲'),), rooms={'大会议室'}, avoid=['301'], share=('F',))\n"
        "both: frozenset[str] = s.rooms | s.avoid\n",
        encoding="utf-8",
    )
    scripts.append(str(tmp_path / "collections_given.py"))
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(mypy_cache), *scripts],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stdout


def test_every_table_row_of_the_docs_is_in_a_table():
    """docsaudit #5: two option rows of cli.md stood after a paragraph with no header or ``|---|`` row, so
    they showed as one paragraph of pipes and the option table lacked them. Outside code blocks, every run
    of ``|`` lines is a table: a header, then a delimiter row."""
    delimiter = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
    loose = []
    for doc in ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]:
        run_start, rows, fence = 0, [], False
        lines = (ROOT / doc).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate([*lines, ""], start=1):
            fence ^= line.startswith("```")
            if line.startswith("|") and not fence:
                run_start = run_start or number
                rows.append(line)
                continue
            if rows and (len(rows) < 2 or not delimiter.match(rows[1])):
                loose.append(f"{doc}:{run_start}")
            run_start, rows = 0, []
    assert loose == []


def test_the_readme_index_lists_every_page_by_kind():
    """docsaudit #4: README's index left docs/meetings.md out. Every page of docs/ is listed under one of
    the four kinds, once."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    index = readme.split("\n## Documentation\n", 1)[1].split("\n## ", 1)[0]
    kinds = re.split(r"\*\*(Tutorial|How-to guides|Reference|Background)\*\*", index)[1:]
    listed: list[str] = []
    for kind, text in zip(kinds[::2], kinds[1::2], strict=True):
        pages = re.findall(r"\]\(docs/([\w-]+\.md)[)#]", text)
        listed += pages
        assert kind != "Tutorial" or "this README" in text
        word = {"How-to guides": "how to", "Reference": "reference", "Background": "background"}.get(kind)
        for name in pages:  # the page's title says its kind too, as the index does
            title = (ROOT / "docs" / name).read_text(encoding="utf-8").splitlines()[0].lower()
            assert word is None or word in title.replace("how-to", "how to"), (name, kind, title)
    assert sorted(listed) == sorted(p.name for p in (ROOT / "docs").glob("*.md"))


def test_the_matching_example_of_explanations_md_is_what_explain_says(reader):
    """docs/explanations.md, "Clashes proven by matching": its output block is what ``explain`` prints for the
    notice with the three ``[[only]]`` entries the page names (newcomer22: the block was not run, and its
    rule lines said "不能参加：" where the rules written say "only")."""
    text = (ROOT / "docs" / "explanations.md").read_text(encoding="utf-8")
    section = text.split("## Clashes proven by matching")[1]
    shown = re.search(r"\n\n((?:    .*\n)+)", section)
    assert shown is not None
    (times,) = set(re.findall(r'three\s+`\[\[only\]\]` entries, `times = \["([^"]+)"\]`', section))
    named = re.search(r"个单位（([^）]+)）只能在", shown.group(1))
    assert named is not None
    units = named.group(1).split("、")
    rules = reader / "examples" / "notice_2021.toml"
    entries = "".join(f'\n[[only]]\nunit = "{unit}"\ntimes = ["{times}"]\n' for unit in units)
    rules.write_text(rules.read_text(encoding="utf-8") + entries, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as done:
        main(["explain", str(reader / "examples" / "notice_2021.csv")])
    assert done.value.code == 1
    assert out.getvalue() == "".join(line[4:] + "\n" for line in shown.group(1).splitlines())
    (english,) = re.findall(r"\(`(These .*?) \(…\)` in English\.\)", section, re.S)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["--lang", "en", "explain", str(reader / "examples" / "notice_2021.csv")])
    assert " ".join(english.split()) in out.getvalue()
