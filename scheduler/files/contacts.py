"""The contacts table: each unit's mail addresses and contact persons (单位, 邮箱, 联系人), and optionally
the addresses that may answer the invite for the unit (代理邮箱: a secretary; docs/replies.md).

A unit sending several people has several addresses: one row each (the unit written again), or several
in one 邮箱 cell separated as 代理邮箱's are (、 ; , …), their names in 联系人 the same way, in the same
order. One rule reads both: the unit's addresses in the order written, the first its own (the invite
file ``<unit>.ics`` it always had), each further one a copy of that invite (docs/invites.md).

Read like the unit table (UTF-8, UTF-8 with BOM or GBK from Excel; Chinese or
English headers). A unit may have no address: its invite is still written and
the export names it. Errors name the file, the row and the column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.addresses import (
    AddressError,
    address_key,
    check_addresses,
    display_names,
    several,
    split_names,
    visible,
)
from scheduler.files.table_file import read_table
from scheduler.files.tables import (
    CONTACTS_EMAIL_HEADERS,
    DELEGATE,
    DELEGATE_HEADERS,
    EMAIL_HEADERS_SAID,
    UNIT,
    Table,
    canonical,
    contacts_need,
    label,
    single_line,
)
from scheduler.files.unchanged import read_unchanged
from scheduler.text.messages import Message
from scheduler.text.names import Spellings, name_key

EMAIL, PERSON = "邮箱", "联系人"
ALIASES = {
    **dict.fromkeys(CONTACTS_EMAIL_HEADERS, EMAIL),  # the people sheet's list and address (one list, has_mail's)
    "联系人": PERSON,
    "姓名": PERSON,
    "contact": PERSON,
    "contactperson": PERSON,
    "person": PERSON,
    "name": PERSON,  # only beside a unit column (Unit, Name, Email): alone, Name is the unit (the unit table's word)
    **dict.fromkeys(DELEGATE_HEADERS, DELEGATE),
}


@dataclass(frozen=True)
class Contact:
    """A unit's mail address (``None`` when the table has none) and contact person; ``delegates``: the
    addresses that may answer for the unit besides its own (the 代理邮箱 column)."""

    unit: str
    address: str | None
    person: str = ""
    row: int | None = None
    delegates: tuple[str, ...] = ()
    more: tuple[tuple[str, str], ...] = ()
    """The unit's further addresses, each with its person (empty when not named), in the order written:
    a row of its own or a cell listing several (docs/formats.md, "Contacts table")."""


class ByUnit(Mapping[str, Contact]):
    """Contacts by unit name, in table order; a unit is found under its name as the timetable writes it
    when the two differ only in the width of letters, digits or brackets (:func:`~scheduler.text.names.name_key`:
    a colleague's ``区财政局(国资办)`` is the timetable's ``区财政局（国资办）``)."""

    def __init__(self, contacts: Mapping[str, Contact]) -> None:
        self._named = dict(contacts)
        self._keys = {name_key(name): name for name in self._named}

    def __getitem__(self, unit: str) -> Contact:
        found = self._named.get(unit)
        if found is None:
            found = self._named[self._keys[name_key(unit)]]  # KeyError: not listed
        return found

    def __contains__(self, unit: object) -> bool:
        return isinstance(unit, str) and (unit in self._named or name_key(unit) in self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._named)

    def __len__(self) -> int:
        return len(self._named)


class DelegatesByUnit(Mapping[str, tuple[str, ...]]):
    """Each unit's 代理邮箱 (:attr:`Contact.delegates`), found under a unit's name as :class:`ByUnit` finds
    its contact (width aside): the one lookup, for a reader that needs only the delegates (``replies``)."""

    def __init__(self, by_unit: Mapping[str, Contact]) -> None:
        self._by_unit = by_unit

    def __getitem__(self, unit: str) -> tuple[str, ...]:
        return self._by_unit[unit].delegates  # KeyError: not listed

    def __contains__(self, unit: object) -> bool:
        return unit in self._by_unit

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_unit)

    def __len__(self) -> int:
        return len(self._by_unit)


@dataclass(frozen=True)
class Contacts:
    """The contacts by unit name (:class:`ByUnit`), and where they were read from."""

    by_unit: Mapping[str, Contact]
    path: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.by_unit, ByUnit):
            object.__setattr__(self, "by_unit", ByUnit(self.by_unit))

    def get(self, unit: str) -> Contact | None:
        """The contact of ``unit``, if the table lists it."""
        return self.by_unit.get(unit)

    def unknown(self, units: set[str]) -> list[str]:
        """Units listed in the table that are not in ``units`` (often a typo), in table order."""
        return unknown_units(self.by_unit, units)

    def further(self) -> int:
        """How many addresses the units have beyond their first (each gets an invite of its own)."""
        return sum(len(contact.more) for contact in self.by_unit.values())


def unknown_units(listed: Iterable[str], units: Iterable[str]) -> list[str]:
    """The names of ``listed`` that name none of ``units``, width aside (:func:`~scheduler.text.names.name_key`),
    in their order: a contacts row for a unit the timetable does not have (often a typo)."""
    keys = {name_key(unit) for unit in units}
    return [name for name in listed if name_key(name) not in keys]


def read_contacts(path: str | Path) -> Contacts:
    """Read and check a contacts table; what was read is kept while the file is unchanged
    (:func:`~scheduler.files.unchanged.read_unchanged`: the web app reads it on every request)."""
    return read_unchanged(path, "contacts", _read_contacts)


def _read_contacts(path: str | Path) -> Contacts:
    return parse_contacts(read_table(path, named=False, contacts=True))


def _column(table: Table, wanted: str) -> str | None:
    for column in table.columns:
        if canonical(column, ALIASES) == wanted:  # (a template's mark too: 邮箱（必填）)
            return column
    return None


def _delegates(table: Table, raw: str, unit: str, number: int, column: str | None) -> tuple[str, ...]:
    """The addresses of a 代理邮箱 cell, or the one-line error naming the file, the row and the column."""
    try:
        return check_addresses(raw)
    except AddressError as exc:
        said = Message("input.unit_delegate", unit=visible(unit), value=visible(raw), reason=Message(exc.reason))
        raise InputError(said, table.path, number, table.labels.get(column or DELEGATE, DELEGATE)) from exc


def _addresses(table: Table, raw: str, unit: str, number: int, column: str) -> tuple[str, ...]:
    """The addresses of a 邮箱 cell, in order: one, or several separated as 代理邮箱's are; the one-line
    error naming the file, the row and the column for one that cannot be used."""
    try:
        return check_addresses(raw, once=False)  # two written together are told to be separated
    except AddressError as exc:
        raise InputError(
            Message("input.unit_address", unit=visible(unit), value=visible(raw), reason=Message(exc.reason)),
            table.path,
            number,
            table.labels.get(column, column),
        ) from exc


def _names(table: Table, raw: str, unit: str, count: int, number: int, column: str | None) -> tuple[str, ...]:
    """The contact persons of a row for its ``count`` addresses: one name per address, in the same order,
    when the cell lists several; else the cell as it is for the first and none for the others."""
    if not single_line(raw) and not (count > 1 and several(raw)):
        said = Message("input.unit_person", unit=visible(unit), value=visible(raw))
        raise InputError(said, table.path, number, label(table, column or PERSON))
    if count < 2 or not several(raw):
        return (raw, *("",) * (count - 1))
    names = split_names(raw)
    if len(names) != count:
        said = Message("input.contact_names", unit=visible(unit), value=visible(raw), names=len(names), count=count)
        raise InputError(said, table.path, number, label(table, column or PERSON))
    return names


MAIL_WORDS = ("邮箱", "邮件", "信箱", "mail")
"""What a header of a mail column holds whatever else it says (工作邮箱, 单位邮箱, Mail to)."""


def _mail_lookalike(table: Table) -> None:
    """Refuse a table without a 邮箱 column whose header holds a mail word (:data:`MAIL_WORDS`): the clerk's
    column, named, with the header to write, rather than "邮箱 is missing" beside their 工作邮箱."""
    for column in table.columns:
        if column == UNIT or canonical(column, ALIASES) in (PERSON, DELEGATE):
            continue  # read as what it is: 代理邮箱 is the delegates', never the units' own 邮箱 (review18 F6)
        folded = canonical(column).lower()
        if any(word in folded for word in MAIL_WORDS):
            known = EMAIL_HEADERS_SAID  # (a list: joined in the message's language when said)
            said = Message("input.contacts_column", header=label(table, column), column=EMAIL, known=known)
            raise InputError(said, table.path, table.header_row, label(table, column))


# Long: one pass over the rows reads each unit's addresses (its first row, then the rows that add
# one), names and delegates, refusing a repeat with the row where it was first written.
def parse_contacts(table: Table) -> Contacts:
    """Check a read table and build :class:`Contacts`."""
    email = _column(table, EMAIL)
    if email is None:
        _mail_lookalike(table)
        delegate = _column(table, DELEGATE)
        if delegate is not None:  # the units' own addresses are missing, not misnamed
            said = Message("input.contacts_no_mail", column=EMAIL, delegate=label(table, delegate))
            raise InputError(said, table.path, table.header_row, label(table, EMAIL))
        written = [table.labels.get(column, column) for column in table.columns]  # (as the header writes them)
        raise InputError(contacts_need(written), table.path, table.header_row, label(table, EMAIL))
    person = _column(table, PERSON)
    delegate = _column(table, DELEGATE)
    found: dict[str, Contact] = {}
    first_row: dict[tuple[str, str], int] = {}  # (unit, address key) -> the row that first gave it
    spelled = Spellings()  # each unit as its first row writes it
    for row in table.rows:
        unit = row.get(UNIT)
        if not single_line(unit):
            raise InputError(
                Message("input.unit_name", value=visible(unit)), table.path, row.number, label(table, UNIT)
            )
        unit = spelled.add(unit)  # 区财政局(国资办) after 区财政局（国资办）: the same unit
        raw = row.get(email)
        before = found.get(unit)
        if before is not None and raw and before.address is None:  # the first row gave none
            said = Message("input.first_row_no_address", unit=visible(unit), first=before.row)
            raise InputError(said, table.path, row.number, label(table, email))
        if before is not None and not raw:  # a further row adds an address, or is a repeat
            raise InputError(
                Message("input.duplicate_unit", unit=unit, first=before.row),
                table.path,
                row.number,
                label(table, UNIT),
            )
        addresses = _addresses(table, raw, unit, row.number, email) if raw else ()
        keys = [address_key(address) for address in addresses]
        for number, address in enumerate(addresses):
            first = first_row.setdefault((unit, keys[number]), row.number)
            if first != row.number or keys[number] in keys[:number]:
                key = "input.duplicate_address" if first != row.number else "input.duplicate_address_cell"
                said = Message(key, unit=visible(unit), address=address, first=first)
                raise InputError(said, table.path, row.number, table.labels.get(email, email))
        names = _names(table, row.get(person) if person else "", unit, max(len(addresses), 1), row.number, person)
        shown = display_names(raw) if addresses and not any(names) else ()
        if any(shown) and len(shown) == len(addresses):  # 刘某 <czj@example.org> pasted from a mail client
            names = shown
        delegates = _delegates(table, row.get(delegate) if delegate else "", unit, row.number, delegate)
        pairs = tuple(zip(addresses, names, strict=False))
        if before is not None:
            merged = before.delegates + tuple(d for d in delegates if d not in before.delegates)
            found[unit] = replace(before, delegates=merged, more=before.more + pairs)
            continue
        found[unit] = Contact(
            unit,
            addresses[0] if addresses else None,
            names[0],
            row.number,
            delegates,
            pairs[1:],
        )
    return Contacts(found, table.path)
