"""Clues come in from every channel: staff entry, the public mailbox (no login), with files checked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiandu.audit.models import AuditEntry
from jiandu.clues import services
from jiandu.clues.models import Channel, Clue, ClueAttachment, ClueStatus
from jiandu.clues.uploads import UploadError

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% test\n"
TEXT = "我公司在东城区经营餐饮，执法人员检查时要求我们购买指定的消毒柜，否则要罚款两万元"


@pytest.mark.parametrize("channel", Channel.values)
def test_every_channel_can_file_a_clue(city, channel):
    clue = services.file_clue(actor=city.task_force, channel=channel, summary=TEXT, region=city.east)
    assert Clue.objects.get(pk=clue.pk).channel == channel


def test_file_clue_keeps_its_published_signature(city, enterprises):
    east, _ = enterprises
    clue = services.file_clue(
        actor=None,
        channel=Channel.CASE_REVIEW,
        summary="案卷评查发现：罚款未说明裁量理由",
        region=city.east,
        received_at=None,
        enterprise=east[0],
        domain=None,
        reporter_name="",
        reporter_phone="",
    )
    assert clue.enterprise == east[0] and clue.enterprise_name == east[0].name


def test_filing_runs_triage_and_keeps_identities_out_of_the_audit_trail(city):
    clue = services.file_clue(
        actor=city.task_force,
        channel=Channel.FORUM,
        summary=TEXT,
        region=city.east,
        reporter_name="钱某某",
        reporter_phone="13900000001",
    )
    clue.refresh_from_db()
    assert clue.status == ClueStatus.TRIAGED
    assert clue.suggestion["category"] in {"P0", "P1", "P2", "P3", "P4"}
    assert isinstance(clue.suggestion["cues"], list)
    entries = AuditEntry.objects.filter(target_type="clues.clue", target_id=str(clue.pk))
    assert entries.filter(action="create").exists() and entries.filter(action="transition").exists()
    assert not any("钱某某" in str(e.after) or "13900000001" in str(e.after) for e in entries)


def test_staff_form_files_a_clue_with_an_attachment(client, city):
    client.force_login(city.task_force)
    page = client.get(reverse("clue_create"))
    assert page.status_code == 200 and "座谈会" in page.content.decode()
    upload = _upload("记录.pdf", PDF)
    response = client.post(
        reverse("clue_create"),
        {"channel": Channel.FORUM, "region": city.east.pk, "summary": TEXT, "attachments": [upload]},
    )
    clue = Clue.objects.get()
    assert response.status_code == 302 and response.url == reverse("clue_detail", args=[clue.pk])
    assert clue.channel == Channel.FORUM and clue.attachments.get().name == "记录.pdf"


def test_files_of_a_wrong_type_or_disguised_content_are_refused(city):
    with pytest.raises(UploadError, match="类型不允许"):
        services.file_clue(
            actor=None,
            channel=Channel.MAILBOX,
            summary=TEXT,
            region=city.east,
            attachments=[("a.exe", b"MZ")],
        )
    with pytest.raises(UploadError, match="内容与扩展名不符"):
        services.file_clue(
            actor=None,
            channel=Channel.MAILBOX,
            summary=TEXT,
            region=city.east,
            attachments=[("a.pdf", b"MZ")],
        )
    assert not Clue.objects.exists()


def test_public_mailbox_needs_no_login_and_gives_a_receipt(client, city, settings):
    page = client.get(reverse("public_mailbox"))
    assert page.status_code == 200 and "查询码" in page.content.decode()
    response = client.post(
        reverse("public_mailbox"),
        {
            "region": city.east.pk,
            "summary": TEXT,
            "enterprise_name": "东城区某餐饮店",
            "officers": "张某、李某",
            "reporter_name": "孙某某",
            "attachments": [_upload("收据.png", b"\x89PNG\r\n\x1a\n....")],
        },
    )
    assert response.status_code == 200
    clue = Clue.objects.get()
    assert clue.receipt_code and clue.receipt_code in response.content.decode()
    assert clue.channel == Channel.DIRECT_LINE and clue.officers == "张某、李某"
    stored = ClueAttachment.objects.get()
    assert str(settings.MEDIA_ROOT) in stored.file.path and stored.file.read().startswith(b"\x89PNG")

    status = client.get(
        reverse("public_mailbox_status"), {"code": clue.receipt_code.lower()}
    ).content.decode()
    assert "已分办" in status or "已收到" in status
    for secret in ("孙某某", "东城区某餐饮店", "张某", "消毒柜", "东城区"):
        assert secret not in status
    missing = client.get(reverse("public_mailbox_status"), {"code": "AAAAA-BBBBB"}).content.decode()
    assert "没有找到" in missing


def test_public_mailbox_refuses_bad_files_and_the_trap_field(client, city):
    bad = client.post(
        reverse("public_mailbox"),
        {"region": city.east.pk, "summary": TEXT, "attachments": [_upload("x.pdf", b"not a pdf")]},
    )
    assert "内容与扩展名不符" in bad.content.decode()
    trap = client.post(reverse("public_mailbox"), {"region": city.east.pk, "summary": TEXT, "website": "x"})
    assert "未通过校验" in trap.content.decode()
    assert not Clue.objects.exists()


def test_public_mailbox_is_rate_limited(client, city, settings):
    settings.JIANDU_PUBLIC_RATE_LIMITS = {"mailbox_submit": (2, 3600)}
    data = {"region": city.east.pk, "summary": TEXT}
    codes = [client.post(reverse("public_mailbox"), data).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert Clue.objects.count() == 2


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_attachments_download_only_within_the_region(client, city):
    clue = services.file_clue(
        actor=None, channel=Channel.MAILBOX, summary=TEXT, region=city.east, attachments=[("证据.pdf", PDF)]
    )
    url = reverse("clue_attachment", args=[clue.attachments.get().pk])
    client.force_login(city.officer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(city.outsider)
    assert client.get(url).status_code == 404


def test_rate_limit_tells_clients_apart_behind_a_proxy(client, city, settings):
    settings.JIANDU_PUBLIC_RATE_LIMITS = {"mailbox_submit": (1, 3600)}
    settings.JIANDU_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.JIANDU_TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's own address is the proxy
    data = {"region": city.east.pk, "summary": TEXT}
    first = client.post(reverse("public_mailbox"), data, HTTP_X_REAL_IP="10.0.0.1").status_code
    other = client.post(reverse("public_mailbox"), data, HTTP_X_REAL_IP="10.0.0.2").status_code
    again = client.post(reverse("public_mailbox"), data, HTTP_X_REAL_IP="10.0.0.1").status_code
    assert (first, other, again) == (200, 200, 429)
