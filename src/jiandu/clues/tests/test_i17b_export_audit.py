"""An export that fails leaves no audit entry claiming it happened."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from jiandu.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "module"),
    [("problem_list", "jiandu.clues.views"), ("rectification_list", "jiandu.rectify.views")],
)
def test_failed_export_writes_no_audit_entry(client, city, url_name, module):
    client.force_login(city.task_force)
    client.raise_request_exception = False
    with mock.patch(f"{module}.tabular_xlsx", side_effect=RuntimeError("磁盘已满")):
        response = client.get(reverse(url_name), {"format": "xlsx"})
    assert response.status_code == 500
    assert not AuditEntry.objects.filter(action="export").exists()
    assert client.get(reverse(url_name), {"format": "xlsx"}).status_code == 200
    assert AuditEntry.objects.filter(action="export").count() == 1
