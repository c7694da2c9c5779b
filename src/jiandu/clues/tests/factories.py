from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from jiandu.clues.models import Channel, Clue
from jiandu.org.models import Unit, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试科室{n}")
    kind = UnitKind.BUSINESS


class ClueFactory(factory.django.DjangoModelFactory):
    """A clue written straight to the table (no triage); use services.file_clue for the real intake."""

    class Meta:
        model = Clue

    channel = Channel.VISIT
    received_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    summary = factory.Sequence(lambda n: f"执法人员第{n}次上门检查，要求企业购买指定产品")
