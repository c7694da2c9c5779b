"""What the trail keeps of a row: never a secret."""

from __future__ import annotations

from jiandu.audit.services import snapshot
from jiandu.org.tests.factories import UserFactory


def test_snapshot_never_copies_a_password_hash_but_shows_it_changed(db):
    user = UserFactory()
    user.set_password("first-Secret#1")
    before = snapshot(user)
    user.set_password("second-Secret#2")
    after = snapshot(user)
    assert user.password not in str(after) and "pbkdf2" not in str(before) + str(after)
    assert before["password"] != after["password"] and after["password"].startswith("(不记录")
