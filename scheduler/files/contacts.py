"""The contacts table: each unit's mail address and contact person (单位, 邮箱, 联系人), and optionally
the addresses that may answer the invite for the unit (代理邮箱: a secretary; docs/replies.md).

Read like the unit table (UTF-8, UTF-8 with BOM or GBK from Excel; Chinese or
English headers). A unit may have no address: its invite is still written and
the export names it. Errors name the file, the row and the column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.addresses import AddressError, check_address, check_addresses, visible
from scheduler.files.table_file import read_table
from scheduler.files.tables import (
    DELEGATE,
    DELEGATE_HEADERS,
    UNIT,
    Table,
    canonical,
    header_words,
    label,
    single_line,
)
from scheduler.text.messages import Message

EMAIL, PERSON = "邮箱", "联系人"
ALIASES = {
    "邮箱": EMAIL,
    "电子邮箱": EMAIL,
    "邮件": EMAIL,
    "邮件地址": EMAIL,
    "电子邮件": EMAIL,
    "email": EMAIL,
    "e-mail": EMAIL,
    "mail": EMAIL,
    "address": EMAIL,
    "emailaddress": EMAIL,
    "e-mailaddress": EMAIL,
    "mailaddress": EMAIL,
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


@dataclass(frozen=True)
class Contacts:
    """The contacts by unit name, and where they were read from."""

    by_unit: Mapping[str, Contact]
    path: str | None = None

    def get(self, unit: str) -> Contact | None:
        """The contact of ``unit``, if the table lists it."""
        return self.by_unit.get(unit)

    def unknown(self, units: set[str]) -> list[str]:
        """Units listed in the table that are not in ``units`` (often a typo), in table order."""
        return [name for name in self.by_unit if name not in units]


def read_contacts(path: str | Path) -> Contacts:
    """Read and check a contacts table."""
    return parse_contacts(read_table(path, named=False))


def _column(table: Table, wanted: str) -> str | None:
    for column in table.columns:
        if ALIASES.get(column.lower(), ALIASES.get(canonical(column).lower(), canonical(column))) == wanted:
            return column
    return None


def _delegates(table: Table, raw: str, unit: str, number: int, column: str | None) -> tuple[str, ...]:
    """The addresses of a 代理邮箱 cell, or the one-line error naming the file, the row and the column."""
    try:
        return check_addresses(raw)
    except AddressError as exc:
        said = Message("input.unit_delegate", unit=visible(unit), value=visible(raw), reason=Message(exc.reason))
        raise InputError(said, table.path, number, table.labels.get(column or DELEGATE, DELEGATE)) from exc


def parse_contacts(table: Table) -> Contacts:
    """Check a read table and build :class:`Contacts`."""
    email = _column(table, EMAIL)
    if email is None:
        known = header_words((UNIT, EMAIL, PERSON))
        raise InputError(
            Message("input.missing_column", known=known), table.path, table.header_row, label(table, EMAIL)
        )
    person = _column(table, PERSON)
    delegate = _column(table, DELEGATE)
    found: dict[str, Contact] = {}
    for row in table.rows:
        unit = row.get(UNIT)
        if not single_line(unit):
            raise InputError(
                Message("input.unit_name", value=visible(unit)), table.path, row.number, label(table, UNIT)
            )
        if unit in found:
            raise InputError(
                Message("input.duplicate_unit", unit=unit, first=found[unit].row),
                table.path,
                row.number,
                label(table, UNIT),
            )
        raw = row.get(email)
        address = None
        if raw:
            try:
                address = check_address(raw)
            except AddressError as exc:
                raise InputError(
                    Message("input.unit_address", unit=visible(unit), value=visible(raw), reason=Message(exc.reason)),
                    table.path,
                    row.number,
                    table.labels.get(email, email),
                ) from exc
        name = row.get(person) if person else ""
        if not single_line(name):
            raise InputError(
                Message("input.unit_person", unit=visible(unit), value=visible(name)),
                table.path,
                row.number,
                label(table, person or PERSON),
            )
        found[unit] = Contact(
            unit,
            address,
            name,
            row.number,
            _delegates(table, row.get(delegate) if delegate else "", unit, row.number, delegate),
        )
    return Contacts(found, table.path)
