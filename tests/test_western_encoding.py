"""A CSV saved by Excel on Western Windows (cp1252, "CSV (Comma delimited)") is read as what it is, or
refused with the reason, never read as GBK into Chinese mojibake (QA qaeng22 F3: ``Carlos Pe馻`` mailed)."""

from __future__ import annotations

import pytest

from scheduler.errors import InputError
from scheduler.files.encodings import decode

NAMES = ["Carlos Peña", "Anna Müller", "Lars Ågström", "José García", "Café Olé"]


def test_a_cp1252_file_of_latin_names_is_read_as_cp1252():
    text = "Name,Unit,Email\n" + "".join(f"{name},Staff,x{i}@example.org\n" for i, name in enumerate(NAMES))
    decoded = decode(text.encode("cp1252"), "people.csv")
    assert decoded.text == text and decoded.encoding == "cp1252"


@pytest.mark.parametrize("name", NAMES)
def test_each_latin_name_alone_is_read_right(name):
    text = f"Meeting,Participants\nReview,{name}\n"
    assert decode(text.encode("cp1252"), "m.csv").text == text


@pytest.mark.parametrize(
    "text",
    [
        "单位,类别\n区财政局,部门\n柏庄镇政府,镇办\n",
        "单位\n张\n",
        "Unit,Contact\n区财政局,张三\n",
        "Name\n朱镕基\n",  # 镕: a GBK character outside GB2312
    ],
)
def test_gbk_chinese_is_still_read_as_gbk(text):
    decoded = decode(text.encode("gbk"), "t.csv")
    assert decoded.text == text and decoded.encoding == "gb18030"


def test_latin_text_that_is_not_cp1252_alone_is_refused_with_the_way_out():
    data = "Name\nÑá Peña\n".encode("cp1252")  # two accented letters side by side: not read as a guess
    with pytest.raises(InputError) as refused:
        decode(data, "people.csv")
    said = refused.value.text("en")
    assert "people.csv" in said and "row 2" in said, said
    assert "Windows-1252" in said and "CSV UTF-8" in said, said


def test_an_unreadable_file_says_how_to_save_it():
    with pytest.raises(InputError) as refused:
        decode(b"Name\n\x81\x20x\n", "t.csv")
    assert "CSV UTF-8" in refused.value.text("en")
