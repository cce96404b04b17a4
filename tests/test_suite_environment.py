"""The suite runs alike on any machine: it keeps out of the user's own folders."""

from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir


def test_per_user_folders_are_the_sessions_own_not_the_users(monkeypatch):
    """A test without its own MUGUI_REFERENCE_CACHE wrote ~/.cache/mugui/references: a second run
    on the same machine found the reference the first had trained."""
    from mugui.unlearning.reference_cache import CACHE_ENV, default_cache_dir
    from tests.conftest import USER_FOLDERS

    monkeypatch.delenv(CACHE_ENV, raising=False)
    session = Path(USER_FOLDERS)
    for folder in (default_cache_dir(), user_cache_dir("mugui"), user_config_dir("mugui"),
                   user_data_dir("mugui")):  # fmt: skip
        assert session in Path(folder).parents
