"""Checks on uploaded files (evidence, attachments): allowed types by name and content, and size."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.core.files.base import ContentFile

from jiandu.errors import UserError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5

# extension -> (label, leading bytes the content must start with; None = plain text)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("PDF", (b"%PDF",)),
    ".jpg": ("JPEG 图片", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG 图片", (b"\xff\xd8\xff",)),
    ".png": ("PNG 图片", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": ("Word 文档", (b"PK\x03\x04",)),
    ".xlsx": ("Excel 表格", (b"PK\x03\x04",)),
    ".txt": ("文本", None),
}
ALLOWED_TEXT = "、".join(sorted({e.lstrip(".") for e in ALLOWED}))


class UploadError(UserError):
    """A file was refused; the message names the file and says what to do."""


def check_upload(name: str, data: bytes) -> str:
    """The file's clean display name, or UploadError with the reason."""
    clean = PurePath(name.replace("\\", "/")).name[:200] or "附件"
    ext = PurePath(clean).suffix.lower()
    if ext not in ALLOWED:
        raise UploadError(f"文件“{clean}”类型不允许，仅接受 {ALLOWED_TEXT} 格式。")
    if len(data) > MAX_FILE_BYTES:
        raise UploadError(f"文件“{clean}”超过 {MAX_FILE_BYTES // 1024 // 1024} MB，请压缩后再上传。")
    if not data:
        raise UploadError(f"文件“{clean}”为空。")
    label, magic = ALLOWED[ext]
    if magic is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                data.decode("gb18030")
            except UnicodeDecodeError:
                raise UploadError(f"文件“{clean}”不是有效的文本文件。") from None
    elif not data.startswith(magic):
        raise UploadError(f"文件“{clean}”的内容与扩展名不符（应为{label}），请检查后重新上传。")
    return clean


def check_uploads(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    if len(files) > MAX_FILES:
        raise UploadError(f"附件最多 {MAX_FILES} 个。")
    return [(check_upload(name, data), data) for name, data in files]


def stored_file(name: str, data: bytes) -> ContentFile[bytes]:
    """Content under a random name, so uploaded names never reach the file system."""
    return ContentFile(data, name=f"{uuid.uuid4().hex}{PurePath(name).suffix.lower()}")
