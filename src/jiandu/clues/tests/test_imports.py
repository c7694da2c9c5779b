"""Bulk intake: work orders from tables (mapping, row errors, all-or-nothing), e-mails from .eml and IMAP."""

from __future__ import annotations

import csv
import io
from email.message import EmailMessage

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from jiandu.clues.imports import (
    MailboxConfig,
    fetch_mailbox,
    guess_mapping,
    import_eml,
    import_work_orders,
)
from jiandu.clues.models import Channel, Clue
from jiandu.documents.tabular import read_table
from jiandu.errors import UserError

pytestmark = pytest.mark.django_db

HEADER = ["工单号", "来电时间", "诉求内容", "区县", "来电人", "来电号码"]
GOOD = [
    [
        "GD-001",
        "2026-05-06 09:30",
        "市场监管所检查时要求商户购买指定的电子秤，不买就罚款",
        "东城区",
        "赵某",
        "13900000001",
    ],
    ["GD-002", "2026/05/07", "反映执法人员一个月内三次上门检查同一家药店", "411802", "", ""],
]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    return buffer.getvalue().encode("utf-8")


def _import(city, rows, *, partial=False, channel=Channel.HOTLINE_12345):
    header, data = read_table(_csv(rows), "orders.csv")
    return import_work_orders(
        actor=city.task_force,
        header=header,
        rows=data,
        mapping=guess_mapping(header),
        channel=channel,
        partial=partial,
    )


def test_guessed_mapping_finds_the_usual_column_names():
    mapping = guess_mapping(HEADER)
    assert mapping["source_ref"] == "工单号" and mapping["received_at"] == "来电时间"
    assert mapping["summary"] == "诉求内容" and mapping["region"] == "区县"
    assert mapping["enterprise"] == ""


def test_good_file_is_imported_with_region_by_name_or_code(city):
    report = _import(city, GOOD)
    assert report.stored and report.created == 2 and not report.errors
    clues = Clue.objects.order_by("source_ref")
    assert [c.region for c in clues] == [city.east, city.east]
    assert clues[0].reporter_name == "赵某" and clues[0].channel == Channel.HOTLINE_12345


def test_a_file_with_errors_stores_nothing_and_names_row_and_field(city):
    bad = [
        *GOOD,
        ["GD-003", "昨天", "内容", "火星区", "", ""],
        ["GD-004", "2026-05-08", "", "东城区", "", ""],
    ]
    report = _import(city, bad)
    assert not report.stored and Clue.objects.count() == 0
    messages = [str(e) for e in report.errors]
    assert any(m.startswith("第 4 行「来电时间」") and "不是有效日期" in m for m in messages)
    assert any(m.startswith("第 4 行「区县」") and "火星区" in m for m in messages)
    assert any(m.startswith("第 5 行「诉求内容」") and "不能为空" in m for m in messages)
    assert "未导入任何数据" in report.summary


def test_partial_import_skips_bad_rows_and_a_second_import_skips_known_orders(city):
    report = _import(city, [*GOOD, ["GD-003", "昨天", "内容", "东城区", "", ""]], partial=True)
    assert report.stored and report.created == 2 and len(report.errors) == 1
    again = _import(city, GOOD, partial=True)
    assert again.created == 0 and all("已导入过" in e.message for e in again.errors)
    assert Clue.objects.count() == 2


def test_a_county_user_cannot_import_into_another_county(city, units):
    rows = [["GD-9", "2026-05-06", "检查人员态度粗暴", "西城区", "", ""]]
    header, data = read_table(_csv(rows), "o.csv")
    report = import_work_orders(
        actor=units.east_chief,
        header=header,
        rows=data,
        mapping=guess_mapping(header),
        channel=Channel.PETITION,
    )
    assert not report.stored and "管辖范围" in report.errors[0].message


def test_missing_required_mapping_is_refused(city):
    header, data = read_table(_csv(GOOD), "o.csv")
    with pytest.raises(UserError, match="诉求内容"):
        import_work_orders(
            actor=city.task_force,
            header=header,
            rows=data,
            mapping={**guess_mapping(header), "summary": ""},
            channel=Channel.HOTLINE_12345,
        )


def test_two_step_upload_and_mapping_in_the_ui_with_xlsx(client, city, django_capture_on_commit_callbacks):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["编号", "日期", "事项内容"])
    sheet.append(["XF-1", "2026-06-01", "信访人反映执法人员在检查中索要财物"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(city.task_force)
    step1 = client.post(
        reverse("clue_import"),
        {
            "file": SimpleUploadedFile("信访.xlsx", buffer.getvalue()),
            "channel": Channel.PETITION,
            "default_region": city.west.pk,
        },
    )
    page = step1.content.decode()
    assert "第二步" in page
    token = step1.context["mapping_form"].initial["token"]
    with django_capture_on_commit_callbacks(execute=True):
        step2 = client.post(
            reverse("clue_import"),
            {
                "token": token,
                "channel": Channel.PETITION,
                "default_region": city.west.pk,
                "map_source_ref": "编号",
                "map_received_at": "日期",
                "map_summary": "事项内容",
            },
        )
    assert step2.status_code == 302
    assert "导入问题线索 1 条" in client.get(step2["Location"]).content.decode()
    clue = Clue.objects.get()
    assert (clue.channel, clue.region, clue.source_ref) == (Channel.PETITION, city.west, "XF-1")


def _eml(message_id: str = "<m1@example.test>", attach: tuple[str, bytes] | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "王某 <wang@example.test>"
    message["To"] = "jiandu@example.test"
    message["Subject"] = "反映执法人员乱罚款"
    message["Date"] = "Mon, 04 May 2026 10:00:00 +0800"
    message["Message-ID"] = message_id
    message.set_content("我公司被罚款三万元，未告知陈述申辩权利。")
    if attach:
        message.add_attachment(attach[1], maintype="application", subtype="octet-stream", filename=attach[0])
    return message.as_bytes()


def test_eml_import_files_once_with_sender_and_attachment(city):
    result = import_eml(
        actor=city.task_force, data=_eml(attach=("罚单.pdf", b"%PDF-1.4 x")), region=city.east
    )
    clue = result.clue
    assert not result.duplicate and clue.channel == Channel.EMAIL
    assert "乱罚款" in clue.summary and "陈述申辩" in clue.summary
    assert (clue.reporter_name, clue.reporter_email) == ("王某", "wang@example.test")
    assert clue.attachments.get().name == "罚单.pdf"
    again = import_eml(actor=city.task_force, data=_eml(), region=city.east)
    assert again.duplicate and Clue.objects.count() == 1


def test_eml_attachment_of_a_wrong_type_is_skipped_not_stored(city):
    result = import_eml(actor=None, data=_eml("<m2@x>", attach=("run.exe", b"MZ")), region=city.east)
    assert result.skipped == ("run.exe",) and not result.clue.attachments.exists()


class FakeImap:
    """Stands in for imaplib.IMAP4_SSL: two unseen messages, the second a re-send of the first."""

    def __init__(self, messages: dict[str, bytes]) -> None:
        self.messages = messages
        self.seen: list[str] = []
        self.calls: list[str] = []

    def login(self, user, password):
        self.calls.append(f"login {user}")

    def select(self, mailbox="INBOX"):
        self.calls.append(f"select {mailbox}")

    def search(self, charset, *criteria):
        return "OK", [" ".join(self.messages).encode()]

    def fetch(self, number, parts):
        return "OK", [(f"{number} (RFC822)".encode(), self.messages[number]), b")"]

    def store(self, number, command, flags):
        self.seen.append(number)

    def logout(self):
        self.calls.append("logout")


def test_imap_fetch_files_unseen_mail_and_marks_it_seen(city):
    client = FakeImap({"1": _eml("<a@x>"), "2": _eml("<a@x>"), "3": _eml("<b@x>")})
    config = MailboxConfig(host="imap.example.test", port=993, user="box", password="pw", folder="INBOX")
    report = fetch_mailbox(actor=city.task_force, region=city.east, client=client, config=config)
    assert (report.fetched, report.created, report.duplicates) == (3, 2, 1)
    assert client.seen == ["1", "2", "3"] and client.calls == ["login box", "select INBOX", "logout"]
    assert Clue.objects.filter(channel=Channel.EMAIL).count() == 2


def test_imap_without_configuration_says_so(city):
    with pytest.raises(UserError, match="尚未配置收件邮箱"):
        fetch_mailbox(actor=None, region=city.east, client=FakeImap({}))


def test_email_import_page_files_uploaded_messages(client, city):
    client.force_login(city.task_force)
    response = client.post(
        reverse("clue_email_import"),
        {"emails": [SimpleUploadedFile("a.eml", _eml("<p1@x>")), SimpleUploadedFile("b.eml", _eml("<p1@x>"))],
         "region": city.east.pk},
    )  # fmt: skip
    page = response.content.decode()
    assert "a.eml：已登记" in page and "b.eml：此前已登记" in page
    assert Clue.objects.filter(channel=Channel.EMAIL).count() == 1
