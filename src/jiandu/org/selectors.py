"""Reads for the organisation. Region/role visibility is applied here and nowhere else."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jiandu.org.models import (
    ApiToken,
    Domain,
    Enterprise,
    EnterpriseImport,
    Region,
    RegionLevel,
    Unit,
    User,
)


def region_subtree(*roots: Region | int) -> QuerySet[Region]:
    """The given regions and every region under them (the tree is at most three levels: province,
    city, county). The one place the region tree is walked downwards."""
    ids = [root.pk if isinstance(root, Region) else root for root in roots]
    return Region.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids) | Q(parent__parent_id__in=ids))


def visible_regions(user: User) -> QuerySet[Region]:
    """The regions a user may see: their own region and everything under it.

    A county user sees only their county. A user with no region sees nothing, unless a superuser.
    """
    if not user.is_authenticated:
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    if user.region_id is None:
        return Region.objects.none()
    return region_subtree(user.region_id)


def visible_region_ids(user: User) -> list[int]:
    cached = getattr(user, "_visible_region_ids", None)
    if cached is None:
        cached = list(visible_regions(user).values_list("pk", flat=True))
        user._visible_region_ids = cached  # type: ignore[attr-defined]
    return cached


def list_counties(user: User) -> QuerySet[Region]:
    return visible_regions(user).filter(level=RegionLevel.COUNTY)


def get_region_by_code(*, user: User, code: str) -> Region | None:
    return visible_regions(user).filter(code=code).first()


def get_staff(*, user: User, username: str) -> User | None:
    """An active account by login name, within the regions `user` may see."""
    return User.objects.filter(
        region_id__in=visible_region_ids(user), is_active=True, username=username
    ).first()


def list_enterprises(
    *, user: User, query: str = "", region_code: str = "", credit_class: str = ""
) -> QuerySet[Enterprise]:
    enterprises = Enterprise.objects.filter(region_id__in=visible_region_ids(user)).select_related("region")
    if query:
        enterprises = enterprises.filter(Q(name__contains=query) | Q(uscc__startswith=query.upper()))
    if region_code:
        enterprises = enterprises.filter(region__code=region_code)
    if credit_class:
        enterprises = enterprises.filter(credit_class=credit_class)
    return enterprises.order_by("uscc")


def get_enterprise(*, user: User, uscc: str) -> Enterprise | None:
    return list_enterprises(user=user).filter(uscc=uscc).first()


def list_units(*, user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(region_id__in=visible_region_ids(user)).prefetch_related("domains")


def list_api_tokens(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def list_domains() -> QuerySet[Domain]:
    """The 17 key domains in the policy's order (reference data, the same for every user)."""
    return Domain.objects.order_by("order")


def get_domain(*, code: str) -> Domain | None:
    return Domain.objects.filter(code=code).first() if code else None


def list_enterprise_imports(*, user: User) -> QuerySet[EnterpriseImport]:
    """Enterprise imports of the user's regions, newest first."""
    return EnterpriseImport.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "created_by"
    )


def get_enterprise_import(*, user: User, pk: int) -> EnterpriseImport | None:
    return list_enterprise_imports(user=user).filter(pk=pk).first()
