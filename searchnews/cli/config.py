"""The user's config file: defaults for flags, so a folder of news outside the project needs no flags.

`~/.config/searchnews/config.toml` (platformdirs' user config folder; `SEARCHNEWS_CONFIG` names
another file) may set `index`, `corpus` (a folder or a list), `entities`, `boilerplate`, `limit`
and `color`. Precedence, as git and ripgrep: a flag, then the environment (`SEARCHNEWS_INDEX`,
`SEARCHNEWS_CORPUS`, `NO_COLOR`, `FORCE_COLOR`/`CLICOLOR_FORCE`), then this file, then the built-in
default (`index/` and `corpus/` in the current folder: the shipped layout works with no config).
The file only supplies defaults for flags; what an index remembers about itself lives in the index.

Imports nothing heavy: `launch.py` reads the index location from here before deciding where a
query server might listen.
"""

from __future__ import annotations

import os
from pathlib import Path

from searchnews.errors import UserError

CONFIG_ENV = "SEARCHNEWS_CONFIG"
KEYS = {  # key -> (type, what it sets)
    "index": ("path", "default index folder (--index)"),
    "corpus": ("paths", "default corpus folder(s) for ingest and watch (PATHS)"),
    "entities": ("path", "extra gazetteer for ingest and clean (--entities)"),
    "boilerplate": ("path", "extra boilerplate patterns for ingest and clean (--boilerplate)"),
    "limit": ("int", "default number of results for query and similar (--limit)"),
    "color": ("color", "default colour mode: auto, always or never (--color)"),
    "engine": ("engine", "default search engine: whoosh or opensearch (--engine)"),
    "url": ("url", "default OpenSearch node URL(s), optional /INDEX path (--url)"),
}
BUILT_IN: dict[str, object] = {"index": Path("index"), "corpus": [Path("corpus")], "entities": None,
                               "boilerplate": None, "limit": 10, "color": "auto", "engine": "whoosh", "url": None}
COLOR_MODES = ("auto", "always", "never")


class Setting:
    """A value and where it came from: "flag", "environment (NAME)", "config file" or "default".
    (A plain class: dataclasses would cost the launcher, which reads the index location, ~2 ms.)"""

    __slots__ = ("source", "value")

    def __init__(self, value: object, source: str) -> None:
        self.value, self.source = value, source


def config_path() -> Path:
    """Where the config file is read from (it need not exist)."""
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named).expanduser()
    return user_config_folder() / "config.toml"


def user_config_folder() -> Path:
    """platformdirs' user config folder. On Linux that is the XDG rule, computed here because importing
    platformdirs costs every command ~5 ms (it loads tempfile, shutil, bz2, lzma); a test checks
    that both agree."""
    import sys

    if sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_CONFIG_HOME", "").strip()
        return Path(xdg if xdg and os.path.isabs(xdg) else os.path.expanduser("~/.config")) / "searchnews"
    from platformdirs import user_config_dir

    return Path(user_config_dir("searchnews", appauthor=False))


def read_config(path: Path | None = None) -> dict[str, object]:
    """The file's settings, checked and with paths resolved (relative ones against the file's folder)."""
    path = path or config_path()
    if not path.is_file():
        if os.environ.get(CONFIG_ENV) and not path.exists():
            raise UserError(f"{path}: no such config file ({CONFIG_ENV} names it)")
        return {}
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UserError(f"{path}: cannot read config file ({error})") from None
    settings: dict[str, object] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise UserError(f"{path}: unknown setting {key!r} (known: {', '.join(KEYS)})")
        settings[key] = checked(path, key, value)
    return settings


def checked(path: Path, key: str, value: object) -> object:
    kind = KEYS[key][0]

    def folder(item: object) -> Path:
        if not isinstance(item, str) or not item:
            raise UserError(f"{path}: {key} must be a path (a string)")
        return (path.parent / Path(item).expanduser()) if not Path(item).expanduser().is_absolute() \
            else Path(item).expanduser()

    if kind == "path":
        return folder(value)
    if kind == "paths":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            raise UserError(f"{path}: {key} must be a path or a list of paths")
        return [folder(item) for item in items]
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
            raise UserError(f"{path}: {key} must be a whole number from 1 to 10000")
        return value
    if kind == "engine":  # which names exist is engine.engine_name's to say, when a command opens one
        if not isinstance(value, str) or not value.strip():
            raise UserError(f"{path}: {key} must be an engine name (a string)")
        return value.strip().lower()
    if kind == "url":
        if not isinstance(value, str) or not value.strip():
            raise UserError(f"{path}: {key} must be a URL (a string)")
        return value.strip()
    if value not in COLOR_MODES:
        raise UserError(f"{path}: {key} must be one of {', '.join(COLOR_MODES)}")
    return value


def environment_value(key: str) -> tuple[object, str] | None:
    """A setting the environment makes, with the variable's name."""
    if key == "index" and os.environ.get("SEARCHNEWS_INDEX"):
        return Path(os.environ["SEARCHNEWS_INDEX"]), "SEARCHNEWS_INDEX"
    if key == "corpus" and os.environ.get("SEARCHNEWS_CORPUS"):
        return [Path(os.environ["SEARCHNEWS_CORPUS"])], "SEARCHNEWS_CORPUS"
    for name, variable in (("engine", "SEARCHNEWS_ENGINE"), ("url", "SEARCHNEWS_URL")):
        if key == name and os.environ.get(variable):
            return os.environ[variable], variable
    if key == "color":
        if os.environ.get("NO_COLOR"):
            return "never", "NO_COLOR"
        for name in ("FORCE_COLOR", "CLICOLOR_FORCE"):
            if os.environ.get(name, "0") not in ("", "0"):
                return "always", name
    return None


def effective(flags: dict[str, object] | None = None, path: Path | None = None) -> dict[str, Setting]:
    """Every setting with the place it came from: flag, environment, config file, default."""
    flags = flags or {}
    from_file = read_config(path)
    settings = {}
    for key in KEYS:
        if flags.get(key) is not None:
            settings[key] = Setting(flags[key], "flag")
        elif (from_env := environment_value(key)) is not None:
            settings[key] = Setting(from_env[0], f"environment ({from_env[1]})")
        elif key in from_file:
            settings[key] = Setting(from_file[key], "config file")
        else:
            settings[key] = Setting(BUILT_IN[key], "default")
    return settings


def file_defaults() -> dict[str, object]:
    """The config file's values for the settings the environment does not already set."""
    return {key: value for key, value in read_config().items() if environment_value(key) is None}


def default_index() -> Path:
    """The index a command uses when given no --index (environment, config file, else index/)."""
    return effective()["index"].value  # type: ignore[return-value]


def default_corpus() -> list[Path]:
    return effective()["corpus"].value  # type: ignore[return-value]


MISSING_INDEX_HINT = ("point at one with --index DIR, SEARCHNEWS_INDEX or 'index' in the config file "
                      "('searchnews config' shows where)")
