"""The audit trail: an append-only, hash-chained record of every change to business data."""

from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    TRANSITION = "transition", "状态变更"
    IMPORT = "import", "导入"
    EXPORT = "export", "导出"


class AuditEntry(models.Model):
    """One change. Rows are never updated or deleted (database triggers refuse it)."""

    seq = models.PositiveBigIntegerField("序号", unique=True)
    created_at = models.DateTimeField("时间")
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True)
    actor_name = models.CharField("操作人", max_length=150)
    action = models.CharField("动作", max_length=20, choices=AuditAction.choices)
    target_type = models.CharField("对象类型", max_length=60)
    target_id = models.CharField("对象ID", max_length=64, blank=True)
    target_repr = models.CharField("对象", max_length=200, blank=True)
    region_code = models.CharField("区划", max_length=6, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["actor_name"], name="audit_actor"),
            models.Index(fields=["created_at"], name="audit_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_name} {self.get_action_display()} {self.target_type}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise PermissionError("审计记录不可修改")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计记录不可删除")


class AuditChainHead(models.Model):
    """The single row that serialises appends and remembers the chain's tip."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"审计链头 #{self.last_seq}"
