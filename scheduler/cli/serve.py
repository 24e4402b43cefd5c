"""``serve``: the web app on a project folder. The only command that imports the web stack.

The project folder (``--out``, default ``out``) is the one ``solve --out`` writes:
``timetable.csv`` and ``timetable.toml`` (plus ``invites/`` and the mail journal
later). ``serve`` with no TABLE opens the project there, or makes it from the
2021 notice; ``serve TABLE`` makes it from TABLE and its rules, or opens it in
place when TABLE is a project's own ``timetable.csv``. A folder that already holds
another project is never overwritten from the command line.
"""

from __future__ import annotations

import io
import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scheduler.cli.localized import argument, command, option
from scheduler.cli.options import IntRange, lang_option, rules_option, say, secret, sheet_option
from scheduler.errors import InputError
from scheduler.files.atomic import write_files
from scheduler.files.load import default_table
from scheduler.text.messages import Message

if TYPE_CHECKING:
    import socket

    from scheduler.web.guard import Guard

PASSWORD_VARIABLE = "DOCKING_WEB_PASSWORD"
"""Where ``serve --host`` reads the login password (else it asks)."""
MIN_PASSWORD = 8
SERVED_NAME = ".serve-lock"
"""In the project folder: locked by the ``serve`` that serves it, holding its address, removed when it stops
(:func:`_hold_served`, :func:`_let_go`)."""
PORT_NAME = ".serve-port"
"""In the project folder: the port ``serve`` listened on last, taken again (when free) without ``--port``,
so that the calendar feeds' addresses (``http://HOST:PORT/feed/...``) survive a restart."""


@command(help="help.serve")
@argument("table", required=False, metavar="metavar.table")
@rules_option
@sheet_option
@option("--out", "out_dir", metavar="metavar.dir", help="help.opt.out_serve")
@option("--port", type=IntRange(0, 65535), default=0, metavar="metavar.port", help="help.opt.port")
@option("--host", default="127.0.0.1", show_default=True, metavar="metavar.host", help="help.opt.host")
@option("--host-name", "host_names", multiple=True, metavar="metavar.name", help="help.opt.host_name")
@option("--no-browser", is_flag=True, help="help.opt.no_browser")
@lang_option
def serve(
    table: str | None,
    rules_path: str | None,
    sheet: str | None,
    out_dir: str | None,
    port: int,
    host: str,
    host_names: tuple[str, ...],
    no_browser: bool,
    lang: str,
) -> None:
    """Open the timetable in a web browser (help: ``help.serve`` in the catalog)."""
    from scheduler.web.guard import Guard, is_local

    folder = Path(out_dir) if out_dir else _default_folder(table)
    password = None
    if not is_local(host):
        password = _password(lang)
    _prepare(folder, table, rules_path, sheet, lang)
    import secrets

    guard = Guard(host, password=password, names=host_names, access=secrets.token_urlsafe(24))
    _run(folder, guard, port, not no_browser, lang)


def _password(lang: str) -> str:
    """The login password, as ``send`` and ``replies`` take theirs (:func:`~scheduler.cli.options.secret`):
    from the variable, else asked at a hidden prompt and confirmed (the password typed is the one set: a typo
    would lock the clerk out); without a terminal, one line naming ``--host``."""
    missing = Message("serve.no_password", variable=PASSWORD_VARIABLE)
    prompt = Message("serve.password_prompt")
    value = secret((PASSWORD_VARIABLE,), prompt, missing, lang, option="--host", confirm=True).reveal()
    if len(value) < MIN_PASSWORD:
        raise InputError(Message("serve.short_password"), column="--host")
    return str(value)


def _prepare(folder: Path, table: str | None, rules_path: str | None, sheet: str | None, lang: str) -> None:
    """Make sure ``folder`` holds a project: as it is, made from TABLE, or from the 2021 notice."""
    from scheduler.web.project import Project, open_table

    project = Project(folder)
    if table is not None and _same(Path(table), project.table_path) and rules_path is None:
        project.read()  # a project opened in place: it must read
        return
    if table is None and project.exists():
        project.read()
        return
    if project.exists():
        raise InputError(Message("serve.other_project", folder=folder.as_posix()), column="--out")
    source = Path(table) if table is not None else default_table()
    project.start_from(open_table(source, rules_path, sheet))
    say("serve.started_from", lang, err=True, table=source)


def _default_folder(table: str | None) -> Path:
    """TABLE's folder when TABLE is a project's own ``timetable.csv``, else ``out``."""
    from scheduler.export.outputs import RULES_NAME, TABLE_NAME

    if table is not None:
        path = Path(table)
        if path.name == TABLE_NAME and (path.parent / RULES_NAME).is_file():
            return path.parent
    return Path("out")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _run(folder: Path, guard: Guard, port: int, browser: bool, lang: str) -> None:
    import logging

    from waitress.server import create_server

    from scheduler.web.app import create_app

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    served = _hold_served(folder)  # before the port: a second serve of the folder never moves its address
    app = create_app(folder, guard, default_lang=lang)
    host = guard.host
    theirs = _unreadable_port(folder) if port == 0 else None
    socks = _sockets(folder, host, port)
    server = create_server(app, sockets=socks, threads=8, ident="docking-scheduler")
    bound = int(socks[0].getsockname()[1])
    guard.port = bound
    if theirs is not None:  # (not moved silently: QA qahand24 F5)
        say("serve.port_unreadable", lang, err=True, path=folder / PORT_NAME, owner=theirs, port=bound)
    with suppress(OSError, InputError):  # (a folder it cannot write to has no feeds to keep either)
        write_files(folder, {PORT_NAME: f"{bound}\n".encode("ascii")})  # as every file written: 0600, whole
    everywhere = host in ("0.0.0.0", "::", "")
    shown = "127.0.0.1" if everywhere else host
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{bound}/"
    if served is not None:
        with suppress(OSError):  # (what a second serve names)
            served.truncate(0)
            served.write(url.encode("utf-8"))
    entry = f"{url}?token={guard.access}"  # the page for the one who started it: the run's secret (guard.py)
    say("serve.project", lang, path=folder)
    # output to a file (a log): the secret goes to the opening page only, the user's alone (QA qaweb24 F10)
    to_file = _output_is_a_file()
    opening = opening_page(entry) if browser or to_file else None
    _tell(guard, url if to_file else entry, everywhere, socks, lang, opening if to_file else None)
    if browser:  # from a thread: the server never waits for the browser (docs/web.md)
        import threading

        threading.Thread(target=_open, args=(opening, lang), name="browser", daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if opening is not None:
            import shutil

            shutil.rmtree(opening.parent, ignore_errors=True)
        _stop_jobs(app.extensions["docking"].jobs, lang)
        _let_go(served, folder)


def _sockets(folder: Path, host: str, port: int) -> list[socket.socket]:
    """The listening sockets: the port the folder's last run had when none is asked and it is free (the
    calendar feeds' addresses name it), else ``port`` (0: any)."""
    socks: list[socket.socket] = []
    if port == 0 and _last_port(folder):
        with suppress(OSError):
            socks = listening_sockets(host, _last_port(folder))
    if not socks:
        try:
            socks = listening_sockets(host, port)
        except OSError as exc:
            raise InputError(Message("serve.port_busy", host=host, port=port, reason=exc.strerror or str(exc))) from exc
    return socks


def _output_is_a_file() -> bool:
    """Whether standard output is a file on disk (``serve > serve.log``, a shortcut's or a scheduled task's
    log), which keeps what is printed after the run and which other accounts may read (its mode is the
    umask's, ``0644``): the run's secret is not printed there (QA qaweb24 F10). A terminal, or a pipe read
    by the program that started ``serve``, is shown the address as before."""
    import stat

    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False


def _tell(
    guard: Guard, entry: str, everywhere: bool, socks: list[socket.socket], lang: str, hidden: Path | None = None
) -> None:
    """Where the page is: ``entry`` (with the run's secret; ``hidden``: the output is a file, ``entry`` is
    the address without it, and this opening page, which holds it, is named instead), the network
    addresses when it listens on every one, the addresses a host name stood for, and the warning of a
    page open to others."""
    from scheduler.web.guard import is_address

    host = guard.host
    if hidden is None:
        say("serve.listening", lang, url=entry)
    else:
        say("serve.listening_page", lang, url=entry, page=hidden)
    if everywhere:  # this machine's browser opens 127.0.0.1; the others need its network address
        from scheduler.web.guard import lan_addresses

        guard.reachable = lan_addresses()
        others = [f"http://{address}:{guard.port}/" for address in guard.reachable]
        if others:
            say("serve.reachable", lang, urls=others)
        else:
            say("serve.no_network", lang)
    if not is_address(host):  # a name: the addresses it stands for, as bound
        say("serve.addresses", lang, addresses=list(held_addresses(socks)))
    if guard.needs_login:
        say("serve.exposed", lang, err=True, host=host)


OPENING_PREFIX = "docking-serve-"
"""The opening page's folder: ``docking-serve-<pid>-<random>``, in the user's home on Linux (:func:`opening_folder`)."""


def opening_page(address: str) -> Path:
    """A page that sends the browser on to ``address`` (which holds the run's access secret), in a new
    folder of the user's only (``0700``, the page ``0600``; :func:`opening_folder` says where), removed
    when ``serve`` ends: the browser is started with this page's path, so the secret is never in a
    command line, which every account of the computer may read (``ps``), as Jupyter opens its own. A
    ``serve`` that is killed leaves it behind, its secret dead with the run; the next ``serve`` removes it."""
    import html

    folder = opening_folder()
    page = folder / "open.html"
    shown = html.escape(address)
    text = (
        f'<!doctype html><html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={shown}">'
        f'<title>docking-scheduler</title><p><a href="{shown}">{shown}</a></p></html>'
    )
    handle = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    return page


def opening_folder() -> Path:
    """A new folder for the opening page, the user's only. On Linux it is made in the user's home (a
    folder not hidden: ``~/docking-serve-<pid>-<random>``), the one place a browser from Snap (Ubuntu's
    Firefox and Chromium) may read besides the removable drives: it has a ``/tmp`` of its own and no
    hidden folder of the home (Jupyter's page in ``~/.local/share/jupyter/runtime`` fails there too), and
    showed "file not found" on the first ``serve`` (review23). A home that is missing, not writable, or
    where the folder does not keep ``0700`` (a Windows drive, a share) leaves the system's temporary folder,
    as on Windows and macOS, whose browsers read it. Folders of earlier runs that were killed (their
    process gone) are removed first (:func:`_sweep_openings`)."""
    import sys
    import tempfile

    prefix = f"{OPENING_PREFIX}{os.getpid()}-"
    home = _linux_home() if sys.platform.startswith("linux") else None
    if home is not None:
        _sweep_openings(home)
        with suppress(OSError):
            made = Path(tempfile.mkdtemp(prefix=prefix, dir=home))
            if made.stat().st_mode & 0o077 == 0:
                return made
            import shutil

            shutil.rmtree(made, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=prefix))


def _linux_home() -> Path | None:
    """The user's home when a confined browser may read a folder made there: an absolute folder that is not
    itself hidden nor inside Snap's own ``~/snap``; else ``None``."""
    try:
        home = Path.home()
    except (KeyError, RuntimeError):
        return None
    if not home.is_absolute() or not home.is_dir() or any(part.startswith(".") for part in home.parts[1:]):
        return None
    return home


def _sweep_openings(home: Path) -> None:
    """Remove the opening folders (``docking-serve-<pid>-…`` holding at most ``open.html``) of runs whose
    process is gone: a ``serve`` that was killed left its own in the home."""
    import shutil

    with suppress(OSError), os.scandir(home) as entries:
        for entry in entries:
            pid = entry.name[len(OPENING_PREFIX) :].partition("-")[0]
            if not (entry.name.startswith(OPENING_PREFIX) and pid.isdigit() and entry.is_dir(follow_symlinks=False)):
                continue
            if _alive(int(pid)):
                continue
            with suppress(OSError):
                if {child.name for child in Path(entry.path).iterdir()} <= {"open.html"}:
                    shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (one of another account's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def page_uri(page: Path, command: str) -> str:
    """The ``file:`` address of ``page`` for the browser ``command``. Under WSL a Windows browser (a
    ``….exe``, or ``wslview`` that hands it to Windows) reads the Linux files only through their Windows
    name, ``\\\\wsl.localhost\\<distro>\\…`` (as ``wslpath -w`` gives it): that name's address;
    any other browser, or a name not had, gets the page's own ``file:///…``."""
    name = Path(command).name.lower()
    if not (_in_wsl() and (name.endswith(".exe") or name == "wslview")):
        return page.as_uri()
    import subprocess
    from pathlib import PureWindowsPath

    try:
        done = subprocess.run(["wslpath", "-w", str(page)], capture_output=True, text=True, timeout=5, check=True)
        return PureWindowsPath(done.stdout.strip()).as_uri()
    except (OSError, ValueError, subprocess.SubprocessError):
        return page.as_uri()


def _in_wsl() -> bool:
    """Whether this Linux runs under Windows' WSL (its kernel's release names Microsoft)."""
    try:
        return "microsoft" in Path("/proc/sys/kernel/osrelease").read_text(encoding="ascii").lower()
    except (OSError, UnicodeDecodeError):
        return False


def _stop_jobs(jobs: Any, lang: str) -> None:
    """The server's jobs stopped and waited for: a solve still running in its thread when the interpreter
    exits aborts the process; a sending is stopped as ``send`` stops on Ctrl-C, after the message in
    flight, and its summary said (QA qaconc22 F1)."""
    sending = [job for job in jobs.running() if job.kind == "send"]
    for job in sending:
        job.stop_event.set()
        say("serve.stopping_sending", lang, err=True)
    jobs.stop_all()
    if sending:
        _said_sending(sending[0], lang)


def _said_sending(job: Any, lang: str) -> None:
    """The page's sending that the server's stop ended: its summary in serve's terminal, as ``send`` prints
    its own on Ctrl-C, and exit 130; one that did not stop within the wait is named as left in doubt."""
    import click

    from scheduler.text.messages import render

    if job.state == "running":  # its message in flight never answered within the wait: killed with us
        say("serve.sending_cut", lang, err=True)
    elif isinstance(job.result, dict) and job.result.get("interrupted"):
        for line in job.result["notices"]:
            click.echo(render(line, lang), err=True)
        say("serve.sending_resume", lang, err=True)  # the page those lines name is going away (QA qaint26 F7)
    else:
        return  # it ended by itself meanwhile: the page said how
    raise SystemExit(130)


def _hold_served(folder: Path) -> IO[bytes] | None:
    """The folder's ``.serve-lock``, locked for as long as this server runs (the system lets it go when the
    process ends, killed too; a server that stops removes it: :func:`_let_go`), saying its address; ``None``
    when the folder cannot be written (nothing to keep apart there). Another ``serve`` holding it: refused
    on one line naming the address the folder is served at (QA qaconc22 F4: the second one took another
    port and wrote it into ``.serve-port``, moving every calendar-feed address at the next restart). One
    another user's server left (killed) is taken over when no process holds it (:func:`_left_by_another`)."""
    from scheduler.files.appendlog import Locked, lock, open_log

    path = folder / SERVED_NAME
    for _ in range(20):  # (the file removed between our open and our lock, by a server stopping: again)
        try:
            handle = open_log(path)
        except InputError as refusal:
            _left_by_another(path, refusal)
            continue
        except OSError:
            return None
        try:
            lock(handle)
        except Locked:
            handle.close()
            _already_served(folder, path)
        except OSError:
            handle.close()
            return None
        if _still_ours(handle, path):
            return handle
        handle.close()
    return None


def _already_served(folder: Path, path: Path) -> None:
    """The refusal of a second ``serve`` on ``folder``, naming the address its ``.serve-lock`` says."""
    from scheduler.files.owned import read_note

    try:
        url = read_note(path, 300).decode("utf-8", "replace").strip()
    except OSError:
        url = ""
    if url.startswith("http") and url.isprintable():
        raise InputError(Message("serve.already_served", url=url), str(folder)) from None
    raise InputError(Message("serve.already_starting"), str(folder)) from None


def _left_by_another(path: Path, refusal: InputError) -> None:
    """Another user's ``.serve-lock`` (QA qahand24 F4: a colleague's server, on a shared folder, handed over):
    removed when no process holds its lock (their server has stopped; the system can tell even of a file we
    may not open: :func:`~scheduler.files.appendlog.lock_held`), so that this server makes its own; refused
    naming its owner when their server runs; ``refusal`` (the file's owner and the way) when the system
    cannot tell, or for anything else (a link, a folder)."""
    import stat

    from scheduler.files.appendlog import listed_lock, lock_held
    from scheduler.files.owned import owner_name

    try:
        there = path.lstat()
    except FileNotFoundError:
        return  # (removed meanwhile: again)
    except OSError:
        raise refusal from None
    if not stat.S_ISREG(there.st_mode) or not hasattr(os, "geteuid") or there.st_uid == os.geteuid():
        raise refusal
    held = lock_held(path)
    if held is None:
        raise refusal
    if not held:
        try:
            if os.path.samestat(path.lstat(), there):
                path.unlink()
        except FileNotFoundError:
            return
        except OSError:
            raise refusal from None
        held = listed_lock(there) is True  # (locked meanwhile by a server starting at that very moment)
    if held:
        raise InputError(Message("serve.served_by_other", owner=owner_name(there.st_uid)), str(path.parent))


def _still_ours(handle: IO[bytes], path: Path) -> bool:
    """Whether ``path`` is still the file ``handle`` has open (not removed by a server stopping)."""
    try:
        return os.path.samestat(os.fstat(handle.fileno()), path.lstat())
    except OSError:
        return False


def _let_go(handle: IO[bytes] | None, folder: Path) -> None:
    """Remove the folder's ``.serve-lock`` this server holds, then let its lock go: the next ``serve``, a
    colleague's too, finds none (QA qahand24 F4: a file left behind was another user's to them, refused)."""
    if handle is None:
        return
    with suppress(OSError):
        if _still_ours(handle, folder / SERVED_NAME):
            (folder / SERVED_NAME).unlink()
    handle.close()


def listening_sockets(host: str, port: int) -> list[socket.socket]:
    """Sockets bound to every address ``host`` stands for (``localhost``: 127.0.0.1 and ::1 where the
    system names both; Windows names ::1 first), all on one port: ``port``, or the one the first address
    got (0: a free port). The first address must bind (its :class:`OSError` is raised); another that
    cannot (no IPv6 on this machine, the port taken there) is left out, and ``serve`` names the addresses
    it holds. Each socket is made as :func:`listening_socket` makes one."""
    import socket

    found = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, 0, socket.AI_PASSIVE)
    unique = list(dict.fromkeys((family, kind, proto, str(address[0])) for family, kind, proto, _, address in found))
    family, kind, proto, first = unique[0]
    socks = [_bound(family, kind, proto, _address(family, first, port))]
    held = int(socks[0].getsockname()[1])
    for family, kind, proto, address in unique[1:]:
        with suppress(OSError):
            socks.append(_bound(family, kind, proto, _address(family, address, held)))
    return socks


def _address(family: int, address: str, port: int) -> tuple[str, int] | tuple[str, int, int, int]:
    import socket

    return (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)


def held_addresses(socks: list[socket.socket]) -> list[str]:
    """``address:port`` of each socket, as a browser's address bar writes it (``[::1]:8765``)."""
    out = []
    for sock in socks:
        address, port = sock.getsockname()[:2]
        out.append(f"[{address}]:{port}" if ":" in address else f"{address}:{port}")
    return out


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` (0: a free port) that no other process can bind while it is open.

    waitress sets ``SO_REUSEADDR`` on every socket it binds itself. On Windows that option lets a second
    socket bind a port another one already listens on: a second ``serve`` on the same folder (or on a
    copy of it, which carries ``.serve-port``) would answer on the same address, each with its own
    token and folder. So the socket is made here and handed to waitress: ``SO_EXCLUSIVEADDRUSE`` on
    Windows (the port is refused while it is held), ``SO_REUSEADDR`` elsewhere, where it only lets a
    restart take the port back from connections still closing."""
    import socket

    family, kind, proto, _, address = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, 0, socket.AI_PASSIVE)[0]
    return _bound(family, kind, proto, address)


def _bound(family: int, kind: int, proto: int, address: Any) -> socket.socket:
    """A socket of this kind bound to ``address``, with :func:`bind_options` set first."""
    import socket

    sock = socket.socket(family, kind, proto)
    try:
        for level, option, value in bind_options(family):
            sock.setsockopt(level, option, value)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def bind_options(family: int) -> list[tuple[int, int, int]]:
    """The socket options :func:`listening_socket` sets before it binds: ``SO_EXCLUSIVEADDRUSE`` where the
    system has it (Windows), else ``SO_REUSEADDR``; IPv6 only on an IPv6 socket, as waitress does."""
    import socket

    exclusive = getattr(socket, "SO_EXCLUSIVEADDRUSE", None)
    options = [(socket.SOL_SOCKET, exclusive if exclusive is not None else socket.SO_REUSEADDR, 1)]
    if family == socket.AF_INET6:
        options.append((socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1))
    return options


def _unreadable_port(folder: Path) -> str | None:
    """The owner of the folder's ``.serve-port`` when it is another user's that cannot be read (a colleague's
    server's, ``0600``, on a folder handed over or shared): the port it keeps is lost, and is said to be
    (QA qahand24 F5); ``None`` otherwise."""
    from scheduler.files.owned import owner_name

    path = folder / PORT_NAME
    try:
        with path.open("rb"):
            return None
    except PermissionError:
        with suppress(OSError):
            uid = path.lstat().st_uid
            if not hasattr(os, "geteuid") or uid != os.geteuid():
                return owner_name(uid)
    except OSError:
        pass
    return None


def _last_port(folder: Path) -> int:
    """The port ``serve`` had last time on this folder (0: none remembered)."""
    try:
        port = int((folder / PORT_NAME).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return 0
    return port if 1 <= port <= 65535 else 0


CONSOLE_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m", "browsh", "links2"})
"""Browsers that run in the terminal (Python's :mod:`webbrowser` picks one when there is no display:
SSH to a server): one would take over the terminal ``serve`` reports in, and Ctrl+C would not reach it."""


def _open(page: Path, lang: str) -> None:
    """Open the opening ``page`` in the user's browser when there is a graphical one (nothing happens
    without), never waiting for it, at the address that browser reads it by (:func:`page_uri`). A console
    browser is not started: one line says to open the address.
    A command :mod:`webbrowser` would wait for (a ``BROWSER`` it does not know) runs detached from
    this terminal, not waited for."""
    import subprocess
    import webbrowser

    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return
    url = page_uri(page, str(getattr(controller, "name", "")))
    if type(controller) is not webbrowser.GenericBrowser:  # every other kind returns once the page is asked for
        with suppress(webbrowser.Error, OSError):
            controller.open(url)
        return
    if Path(controller.name).name.lower() in CONSOLE_BROWSERS:
        say("serve.console_browser", lang, browser=controller.name)
        return
    with suppress(OSError):
        subprocess.Popen(
            [controller.name, *(arg.replace("%s", url) for arg in controller.args)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
