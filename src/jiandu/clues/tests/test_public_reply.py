"""The public status page shows the bureau's reply once the clue is closed, never the assessment."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jiandu.audit.models import AuditEntry
from jiandu.clues import services
from jiandu.clues.models import Channel
from jiandu.errors import UserError

pytestmark = pytest.mark.django_db
OPINION = "内部研判：执法人员王某某存在程序瑕疵"
REPLY = "经核查，您反映的收费问题属实，已责令退还并整改。感谢您的监督。"


def _closed(city, units, *, reply: str = REPLY):
    clue = services.file_clue(
        actor=city.task_force, channel=Channel.DIRECT_LINE, summary="检查时要求缴纳检测费", region=city.east
    )
    services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.east_bureau)
    services.accept_clue(actor=city.task_force, clue=clue)
    services.assess_clue(
        actor=city.task_force, clue=clue, verdict="not_confirmed", category="P0", opinion=OPINION
    )
    clue.refresh_from_db()
    return clue


def test_reply_appears_only_after_closing_and_the_assessment_never(client, city, units):
    clue = _closed(city, units)
    clue.receipt_code = "ABCDE-12345"
    clue.save()
    services.write_public_reply(actor=city.task_force, clue=clue, text=REPLY)
    url = reverse("public_mailbox_status")
    before = client.get(url, {"code": clue.receipt_code}).content.decode()
    assert REPLY not in before and 'id="public-reply"' not in before
    clue.refresh_from_db()
    services.close_clue(actor=city.task_force, clue=clue, note="内部办结说明")
    page = client.get(url, {"code": clue.receipt_code}).content.decode()
    assert REPLY in page and OPINION not in page and "内部办结说明" not in page
    api = client.get(f"/api/clues/public/{clue.receipt_code}").json()
    assert api["finished"] and api["reply"] == REPLY
    entry = AuditEntry.objects.filter(target_id=str(clue.pk), note="撰写对外答复").get()
    assert entry.after == {"public_reply": REPLY}


def test_closing_with_a_reply_and_without_one(client, city, units):
    clue = _closed(city, units)
    clue.receipt_code = "FGHJK-23456"
    clue.save()
    services.close_clue(actor=city.task_force, clue=clue)
    page = client.get(reverse("public_mailbox_status"), {"code": clue.receipt_code}).content.decode()
    assert "答复正在整理中" in page and OPINION not in page
    client.force_login(city.task_force)
    response = client.post(reverse("clue_public_reply", args=[clue.pk]), {"public_reply": REPLY})
    assert response.status_code == 302
    page = client.get(reverse("public_mailbox_status"), {"code": clue.receipt_code}).content.decode()
    assert REPLY in page


def test_only_those_who_close_may_write_it_and_it_must_say_something(city, units):
    clue = _closed(city, units)
    with pytest.raises(PermissionDenied):
        services.write_public_reply(actor=city.officer, clue=clue, text=REPLY)
    with pytest.raises(UserError) as refused:
        services.write_public_reply(actor=city.task_force, clue=clue, text="   ")
    assert refused.value.field == "public_reply" and "对外答复" in str(refused.value)
    with pytest.raises(UserError):
        services.write_public_reply(actor=city.task_force, clue=clue, text="字" * 2001)
