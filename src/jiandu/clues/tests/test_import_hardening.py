"""E-mail import: Message-ID duplicates are found only in the importer's region; odd mail is refused."""

from __future__ import annotations

import pytest

from jiandu.clues.imports import import_eml
from jiandu.clues.models import Clue
from jiandu.errors import UserError

pytestmark = pytest.mark.django_db


def eml(message_id: str, *, charset: str = "utf-8", body: bytes = "反映乱收费问题".encode()) -> bytes:
    return (
        b"From: someone@example.test\r\nTo: jiandu@example.test\r\nSubject: complaint\r\n"
        b"Message-ID: " + message_id.encode() + b"\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=" + charset.encode() + b"\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body + b"\r\n"
    )


def test_a_message_id_filed_in_another_county_does_not_return_that_clue(city):
    west = import_eml(actor=city.outsider, data=eml("<same@x>"), region=city.west)
    east = import_eml(actor=city.officer, data=eml("<same@x>"), region=city.east)
    assert not east.duplicate
    assert east.clue.pk != west.clue.pk and east.clue.region == city.east
    again = import_eml(actor=city.officer, data=eml("<same@x>"), region=city.east)
    assert again.duplicate and again.clue.pk == east.clue.pk


def test_an_unknown_charset_is_a_chinese_error(city):
    with pytest.raises(UserError, match="字符集"):
        import_eml(actor=city.officer, data=eml("<c@x>", charset="x-no-such-charset"), region=city.east)
    assert not Clue.objects.exists()


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, b"MZ\x90\x00" + b"\x00" * 500, b""],
)
def test_a_binary_posted_as_eml_is_refused(city, data):
    with pytest.raises(UserError, match="电子邮件"):
        import_eml(actor=city.officer, data=data, region=city.east)
    assert not Clue.objects.exists()


def test_control_characters_leave_the_mail_text(city):
    result = import_eml(
        actor=city.officer, data=eml("<k@x>", body="乱收费\x01\x02问题".encode()), region=city.east
    )
    assert "\x01" not in result.clue.summary and "乱收费问题" in result.clue.summary
