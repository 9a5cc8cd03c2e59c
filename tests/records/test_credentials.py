import keyring
import pytest
from keyring.backends import fail

from station.credentials import CredentialsUnavailable, record_master_key


def test_record_key_is_created_once_and_kept(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    first = record_master_key()
    assert len(first) == 32
    assert record_master_key() == first
    assert list(memory_keyring.secrets) == [("station", "record-master-key")]


def test_no_keyring_backend_gives_the_fix_in_plain_words() -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(CredentialsUnavailable) as caught:
        record_master_key()
    assert "trousseau" in caught.value.message and "gnome-keyring" in caught.value.message
