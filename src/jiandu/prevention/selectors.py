"""Reads of complaints, scoped by region."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet

from jiandu.org.models import User
from jiandu.org.selectors import visible_region_ids
from jiandu.prevention.models import Complaint


def list_complaints(*, user: User) -> QuerySet[Complaint]:
    return Complaint.objects.filter(region_id__in=visible_region_ids(user)).select_related("region", "domain")


def complaint_counts_by_region(*, user: User, since: dt.datetime) -> dict[int, int]:
    rows = (
        list_complaints(user=user).filter(received_at__gte=since).values("region_id").annotate(n=Count("id"))
    )
    return {row["region_id"]: row["n"] for row in rows}
