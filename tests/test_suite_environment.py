"""The suite runs alike on any machine: it keeps out of the user's own folders."""

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir


def test_home_and_per_user_folders_are_the_sessions_own_not_the_users(monkeypatch):
    """A test without its own MUGUI_REFERENCE_CACHE wrote ~/.cache/mugui/references: a second run
    on the same machine found the reference the first had trained; with a HOME that could not be
    written, Ray could not write its ~/.ray token and no sweep test started."""
    from mugui.unlearning.reference_cache import CACHE_ENV, default_cache_dir
    from tests.conftest import USER_FOLDERS

    monkeypatch.delenv(CACHE_ENV, raising=False)
    session = Path(USER_FOLDERS)
    for folder in (default_cache_dir(), user_cache_dir("mugui"), user_config_dir("mugui"),
                   user_data_dir("mugui"), Path.home() / ".ray"):  # fmt: skip
        assert session in Path(folder).parents


def test_both_imports_of_the_conftest_share_one_session_folder(request):
    """pytest imports tests/conftest.py as its conftest, and the verification tests import it again
    as tests.conftest: each import made its own folders, so the window's list of known folders,
    built between the two, named the first one's fetch cache while the environment named the
    second's (test_the_fetch_cache_is_a_known_folder failed in a full run)."""
    from tests import conftest as imported

    shared = Path(__file__).with_name("conftest.py")
    loaded = [
        plugin
        for plugin in request.config.pluginmanager.get_plugins()
        if Path(getattr(plugin, "__file__", "") or "") == shared
    ]
    assert loaded and {plugin.USER_FOLDERS for plugin in loaded} == {imported.USER_FOLDERS}
    assert os.environ["XDG_CACHE_HOME"].startswith(imported.USER_FOLDERS)
