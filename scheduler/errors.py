"""The exceptions the library raises on purpose: one tree under one base class.

::

    SchedulerError              every error below; carries a bilingual Message
    ├── InputError              a file, row, value or option the user gave cannot be used
    │                           (edge subclasses: AddressError in files.addresses, Refused in
    │                           mail.campaign, TooManyCancellations in invites.guard, StaleError in web.project)
    │   └── OtherFormat         ... a file of ours that another version wrote in another format
    ├── ProblemError            a problem built in code is not well formed
    │   └── UnknownName         ... looked up by a name it does not hold (also a KeyError)
    ├── ArgumentError           a library function was called with a value it cannot use
    │                           (an unknown objective, a time limit of zero or less, a wrong kind)
    ├── NoTimetableError        there is no timetable to give
    │   ├── InfeasibleError     ... because none satisfies the rules (``conflict`` says which clash;
    │   │                       defined beside the Conflict it carries, in conflicts.conflict)
    │   └── TimeLimitError      ... because none was found in the time limit (none is known to be impossible)
    ├── BrokenRules             a timetable breaks rules, so nothing made from it goes out (``report`` says which)
    └── DeliveryError           a mail server refused or failed a step (edge subclass: Failure in mail.smtp)

Every error carries a :class:`~scheduler.text.messages.Message`, so it can be shown
in Chinese or English with ``text(lang)``; ``str(error)`` gives the Chinese text.
The command line maps the tree to exit codes in one place (``scheduler/cli/main.py``):
2 for input, problem and argument errors, 1 for no timetable, broken rules and delivery.

``ArgumentError`` is also a ``ValueError``, so code that guards calls with
``except ValueError`` keeps working.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from scheduler.text.messages import LANGS, Message, render


def language(lang: object) -> str:
    """``lang`` when it is ``"zh"`` or ``"en"``; anything else (``"fr"``, ``"EN"``, ``"zh-CN"``) is
    refused with :class:`ArgumentError`. Every public ``text(lang)`` and ``lines(lang)`` asks here
    first: before, another value gave Chinese sentences with English words around them. The command
    line and the web app turn what users type (``zh_CN``, ``en-US``) into one of the two first
    (:func:`scheduler.cli.language.normalize`)."""
    if lang not in LANGS:
        raise wrong("lang", lang, Message("kind.lang"))
    assert isinstance(lang, str)
    return lang


class SchedulerError(Exception):
    """Base class of every error this library raises on purpose."""

    def __init__(self, message: Message) -> None:
        super().__init__(render(message, "zh"))
        self.message = message

    def text(self, lang: str = "zh") -> str:
        """The error as one line in ``lang`` (``"zh"`` or ``"en"``)."""
        return render(self.message, language(lang))

    def __str__(self) -> str:
        return self.text("zh")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (a worker process's error) and copied by its state, not by calling the class
        # again with ``args`` (the Chinese text, which no ``__init__`` here takes).
        return (_restored, (type(self), self.args), self.__dict__)


def _restored(cls: type[SchedulerError], args: tuple[Any, ...]) -> SchedulerError:
    """An error of ``cls`` with ``args``, its ``__init__`` not run (its state is set after)."""
    return cls.__new__(cls, *args)


class InputError(SchedulerError):
    """A file, row or value supplied by the user cannot be used.

    ``path``, ``row`` and ``column`` say where in a table (``row`` is the
    spreadsheet row number, the header being row 1); ``line`` and ``key`` say
    where in a rules file; a ``column`` that starts with ``-`` is a command-line
    option and is named as one (``选项 --smtp-host``, not ``列“--smtp-host”``), one that starts with
    ``$`` an environment variable (``$DOCKING_NOW``: ``环境变量 DOCKING_NOW``).
    ``index``: for a pandas DataFrame's row, its index label, named beside the row
    (``DataFrame, row 2 (index 100), column 单位``).
    """

    index: object = None

    def __init__(
        self,
        message: Message,
        path: str | None = None,
        row: int | None = None,
        column: str | Message | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.path = path
        self.row = row
        self.column = column
        self.line = line
        self.key = key
        super().__init__(message)

    def text(self, lang: str = "zh") -> str:
        """The error as one line in ``lang``: where (file, row, column or line and key), then what."""
        lang = language(lang)
        where = [self.path] if self.path else []
        for code, value in (("row", self.row), ("column", self.column), ("line", self.line), ("key", self.key)):
            if value is not None:
                if code == "column" and isinstance(value, str) and value.startswith("-"):
                    code = "option"
                if code == "column" and isinstance(value, str) and value.startswith("$"):
                    where.append(render(Message("where.variable", variable=value[1:]), lang))
                    continue
                if code == "row" and self.index is not None:
                    where.append(render(Message("where.frame_row", row=value, index=self.index), lang))
                    continue
                where.append(render(Message(f"where.{code}", **{code: value}), lang))
        body = render(_short_value(self.message), lang)
        return f"{', '.join(where)}: {body}" if where else body


class OtherFormat(InputError):
    """A file this program writes and reads back (the invites' ``state.json``, the mail journal, the
    replies ledger) that says it is in another format than the one this version reads: written by a
    newer version (a colleague's copy of the tool on the shared drive) or an older one. Never taken for
    damage: a damaged file is rebuilt or restored from a backup, which would drop what the newer format
    holds or lose the mails sent since the backup (QA qaupgrade17 F2). Nothing is written."""

    def __init__(self, found: int, ours: int, path: str | None, line: int | None = None) -> None:
        key = "input.newer_format" if found > ours else "input.older_format"
        super().__init__(Message(key, found=found, ours=ours), path, line=line)


def check_format(value: object, ours: int, path: str | None, line: int | None = None) -> None:
    """Nothing when ``value`` (a file's ``format``, a line's ``v``) is ``ours``; :class:`OtherFormat` when
    it is another whole number; ``ValueError`` otherwise (not a file of ours: the caller's damage)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:  # ``1.0``, ``"1"``, ``true``
        raise ValueError("format")
    if value != ours:
        raise OtherFormat(value, ours, path, line)


QUOTED = 200
"""The most characters of a bad value an error quotes (a cell of 100,000 made a line of as many)."""


def _short_value(message: Message) -> Message:
    """``message`` with the value it quotes (its ``value``) on one line and cut to :data:`QUOTED`
    characters with an ellipsis: a one-line error stays one line (a stray quote made a cell of eight rows)."""
    from scheduler.text.messages import one_line

    value = message.params.get("value")
    if not isinstance(value, str) or (len(value) <= QUOTED and "\n" not in value and "\r" not in value):
        return message
    short = Message(message.key, **{**message.params, "value": one_line(value, QUOTED)})
    object.__setattr__(short, "own", message.own)
    return short


class ProblemError(SchedulerError):
    """A problem built in code breaks a structural requirement (unknown unit, bad slot...)."""


class UnknownName(ProblemError, KeyError):
    """A name the problem does not hold, looked up by name (``Problem.unit("丙")``,
    ``MeetingProblem.session(...)``): a :class:`ProblemError` saying so in both languages, and a
    ``KeyError`` as any lookup by key raises (code catching ``KeyError`` keeps working)."""


class ArgumentError(SchedulerError, ValueError):
    """A library function was called with a value it cannot use (unknown objective, time limit <= 0,
    a value of the wrong kind: ``problem must be a Problem, not None``)."""


def shown(value: object) -> str:
    """A wrong value as an error names it: a short value as written, anything else by its type."""
    if value is None or isinstance(value, bool | int | float | str | bytes):
        text = repr(value)
        return text if len(text) <= 40 else f"{text[:37]}..."
    return type(value).__name__


def wrong(name: str, value: object, expected: Message, error: type[SchedulerError] = ArgumentError) -> SchedulerError:
    """The error for ``name`` given ``value`` where ``expected`` (a ``kind.*`` message) was needed:
    ``count must be a whole number of at least 1, not 0``."""
    return error(Message("argument.type", name=name, expected=expected, got=shown(value)))


def need(name: str, value: object, kind: type | tuple[type, ...], error: type[SchedulerError] = ArgumentError) -> None:
    """Refuse ``value`` unless it is a ``kind`` (an instance of one class: named after it)."""
    if not isinstance(value, kind):
        shape = kind[0] if isinstance(kind, tuple) else kind
        raise wrong(name, value, Message("kind.a", type=shape.__name__), error)


def need_whole(
    name: str,
    value: object,
    least: int,
    optional: bool = False,
    error: type[SchedulerError] = ArgumentError,
    *,
    kind_only: bool = False,
) -> None:
    """Refuse ``value`` unless it is a whole number (an ``int``, never a ``bool``) of at least ``least``,
    or ``None`` when ``optional``. ``kind_only``: the kind alone, a number below ``least`` being left
    to the caller, which refuses it in its own words (a room of capacity 0)."""
    if optional and value is None:
        return
    if isinstance(value, int) and not isinstance(value, bool) and (kind_only or value >= least):
        return
    raise wrong(name, value, Message("kind.optional_whole" if optional else "kind.whole", least=least), error)


def local(value: object) -> bool:
    """Whether ``value`` is a meeting time as the domain holds them: a ``datetime`` without a time zone
    (local time, in the calendar's zone). An aware one never equals a slot, so it is refused where it
    is given rather than reported as "outside the meeting hours" at a time the calendar lists."""
    return isinstance(value, datetime) and value.tzinfo is None


def need_local(name: str, value: object, optional: bool = False, error: type[SchedulerError] = ArgumentError) -> None:
    """Refuse ``value`` unless it is a :func:`local` time, or ``None`` when ``optional``: the one check
    of a meeting time given to a domain class or a function."""
    if not local(value) and not (optional and value is None):
        raise wrong(name, value, Message("kind.optional_local" if optional else "kind.local"), error)


def need_tuple(
    name: str,
    values: object,
    kind: type,
    error: type[SchedulerError] = ProblemError,
    expected: Message | None = None,
    fits: Callable[[Any], bool] | None = None,
) -> None:
    """Refuse ``values`` unless it is a tuple of ``kind`` (each also ``fits``, if given), naming
    the first item that is not. The kinds are read in C (``map(type, ...)``), an ``isinstance`` per
    item only when some item is not exactly a ``kind`` (a subclass): a meeting problem's 40,000 busy
    spans cost 0.2 s over ten copies the other way."""
    if isinstance(values, tuple):
        exact = set(map(type, values)) <= {kind}
        if (exact or all(isinstance(v, kind) for v in values)) and (fits is None or all(map(fits, values))):
            return
    expected = expected or Message("kind.tuple", type=kind.__name__)  # made for a refusal only
    if not isinstance(values, tuple):
        raise wrong(name, values, expected, error)
    raise wrong(name, next(v for v in values if not isinstance(v, kind) or (fits and not fits(v))), expected, error)


class NoTimetableError(SchedulerError):
    """There is no timetable to give (see the two subclasses for why)."""


class TimeLimitError(NoTimetableError):
    """No timetable was found within the time limit; whether one exists is not known."""


class _Lines(Protocol):
    def lines(self, lang: str = "zh") -> list[str]: ...


class BrokenRules(SchedulerError):
    """A timetable breaks rules, so no invite or mail is made from it; ``report`` says which."""

    def __init__(self, report: _Lines) -> None:
        self.report = report
        super().__init__(Message("show.invites_refused"))

    def text(self, lang: str = "zh") -> str:
        """The refusal in ``lang``, then each broken rule of ``report``, one line each."""
        return "\n".join([render(self.message, language(lang)), *self.report.lines(lang)])


class DeliveryError(SchedulerError):
    """A mail server refused or failed a step (connection, TLS, login, a message)."""


def __getattr__(name: str) -> Any:
    """``scheduler.errors.InfeasibleError``, where it was defined before it moved beside the
    :class:`~scheduler.conflicts.conflict.Conflict` it carries: scripts importing it from here keep
    working. Looked up by name at run time only, so this module stays below ``conflicts`` in the
    layers (``tests/test_layers.py`` reads import statements; this is an old path, not a dependency)."""
    if name == "InfeasibleError":
        from importlib import import_module

        return import_module("scheduler.conflicts.conflict").InfeasibleError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
