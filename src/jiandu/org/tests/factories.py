from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password

from jiandu.engines.uscc import make_code
from jiandu.org.models import Enterprise, Region, RegionLevel, Role, User

PASSWORD = "Test#Passw0rd-2026"
_HASH: list[str] = []


def password_hash() -> str:
    if not _HASH:
        _HASH.append(make_password(PASSWORD))
    return _HASH[0]


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{411900 + n}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    level = RegionLevel.COUNTY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.OFFICER
    password = factory.LazyFunction(password_hash)


def _org_code(n: int) -> str:
    return f"{n:09d}"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.Sequence(lambda n: make_code("9", "1", "411802", _org_code(n)))
    name = factory.Sequence(lambda n: f"测试商贸有限公司{n}")
    region = factory.SubFactory(RegionFactory)
    industry = "食品销售"
    credit_class = "B"
    address = "测试路1号"
