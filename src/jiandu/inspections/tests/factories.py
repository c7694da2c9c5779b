from __future__ import annotations

import factory

from jiandu.inspections.models import InspectionItem, Inspector, ItemKind
from jiandu.org.models import Domain


class InspectionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionItem

    code = factory.Sequence(lambda n: f"T-{n:03d}")
    name = factory.Sequence(lambda n: f"测试检查事项{n}")
    domain = factory.LazyFunction(lambda: Domain.objects.get(code="food"))
    kind = ItemKind.GENERAL
    legal_basis = "食品安全法 第三十三条"


class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspector

    name = factory.Sequence(lambda n: f"检查员{n}")
    certificate_number = factory.Sequence(lambda n: f"ZF{n:06d}")
    qualifications = "行政执法证"
