"""The one typed configuration: defaults, TOML file, environment variables, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import geo.config as config
from geo.config import DEMO_DATA_DIR, PROJECT_ROOT, Years, load_settings
from geo.errors import ConfigError


@pytest.fixture(autouse=True)
def _no_project_config_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A developer's own afsprakenkaart.toml must not leak into these tests."""
    monkeypatch.setattr(config, "DEFAULT_CONFIG_FILE", tmp_path / "absent" / "afsprakenkaart.toml")


def _write(tmp_path: Path, text: str, name: str = "afsprakenkaart.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _config_error(**kwargs: object) -> str:
    with pytest.raises(ConfigError) as info:
        load_settings(**kwargs)  # type: ignore[arg-type]
    return str(info.value)


# --- defaults: the Midden-Drenthe demo ------------------------------------------------


def test_defaults_are_the_midden_drenthe_demo() -> None:
    settings = load_settings(env={})
    assert settings.municipality_code == "GM1731"
    assert settings.municipality_name == "Midden-Drenthe"
    assert settings.years.all() == [2023, 2024, 2025, 2026]
    assert settings.data_dir == PROJECT_ROOT / "data" / "demo"
    assert settings.offline is False
    assert settings.show_basemap is True
    assert settings.language == "nl"


def test_default_parties_are_the_five_signatories() -> None:
    parties = load_settings(env={}).parties
    assert [p.id for p in parties] == ["gemeente", "actium", "woonservice", "mevm", "samensterk"]
    kinds = [p.kind for p in parties]
    assert kinds.count("municipality") == 1
    assert kinds.count("corporation") == 2
    assert kinds.count("tenant_organisation") == 2


def test_party_name_shows_unknown_ids_as_they_are() -> None:
    settings = load_settings(env={})
    assert settings.party_name("samensterk") == "Samen Sterk"
    assert settings.party_name("onbekend") == "onbekend"


# --- environment variables ------------------------------------------------------------


def test_data_environment_variable_overrides_the_data_directory(data_copy: Path) -> None:
    settings = load_settings(env={"AFSPRAKENKAART_DATA": str(data_copy)})
    assert settings.data_dir == data_copy


@pytest.mark.parametrize("value", ["1", "true", "yes", "ja", "on", "TRUE", " 1 "])
def test_offline_switches_off_the_basemap(value: str) -> None:
    settings = load_settings(env={"AFSPRAKENKAART_OFFLINE": value})
    assert settings.offline is True
    assert settings.show_basemap is False


@pytest.mark.parametrize("value", ["0", "false", "no", "nee", "off", ""])
def test_offline_off_keeps_the_basemap(value: str) -> None:
    settings = load_settings(env={"AFSPRAKENKAART_OFFLINE": value})
    assert settings.offline is False
    assert settings.show_basemap is True


@pytest.mark.parametrize("value", ["maybe", "2", "offline"])
def test_bad_offline_value_is_a_config_error_naming_the_variable(value: str) -> None:
    message = _config_error(env={"AFSPRAKENKAART_OFFLINE": value})
    assert "AFSPRAKENKAART_OFFLINE" in message
    assert value in message


def test_environment_overrides_the_file(tmp_path: Path, data_copy: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    path = _write(tmp_path, f'data_dir = "{other}"\noffline = true\n')
    settings = load_settings(
        config_file=path,
        env={"AFSPRAKENKAART_DATA": str(data_copy), "AFSPRAKENKAART_OFFLINE": "0"},
    )
    assert settings.data_dir == data_copy
    assert settings.offline is False


def test_config_environment_variable_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, 'municipality_name = "Aa en Hunze"\n', name="elders.toml")
    settings = load_settings(env={"AFSPRAKENKAART_CONFIG": str(path)})
    assert settings.municipality_name == "Aa en Hunze"


# --- the TOML file --------------------------------------------------------------------

OTHER_MUNICIPALITY = """
municipality_code = "GM1680"
municipality_name = "Aa en Hunze"
language = "en"
data_dir = "mydata"
offline = true

[years]
first = 2025
last = 2029

[basemap]
enabled = false

[[parties]]
id = "gemeente"
name = "Gemeente Aa en Hunze"
kind = "municipality"

[[parties]]
id = "woonservice"
name = "Woonservice"
kind = "corporation"

[[parties]]
id = "hvah"
name = "Huurdersvereniging"
kind = "tenant_organisation"
"""


def test_file_values_are_used(tmp_path: Path) -> None:
    (tmp_path / "mydata").mkdir()
    settings = load_settings(config_file=_write(tmp_path, OTHER_MUNICIPALITY), env={})
    assert settings.municipality_code == "GM1680"
    assert settings.municipality_name == "Aa en Hunze"
    assert settings.language == "en"
    assert settings.offline is True
    assert settings.basemap.enabled is False
    assert settings.years.all() == [2025, 2026, 2027, 2028, 2029]
    assert [p.id for p in settings.parties] == ["gemeente", "woonservice", "hvah"]
    assert settings.party_name("hvah") == "Huurdersvereniging"


def test_relative_data_dir_is_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mydata").mkdir()
    path = _write(tmp_path, 'data_dir = "mydata"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    settings = load_settings(config_file=path, env={})
    assert settings.data_dir.resolve() == (tmp_path / "mydata").resolve()


def test_a_partial_file_keeps_the_other_defaults(tmp_path: Path) -> None:
    settings = load_settings(config_file=_write(tmp_path, "[years]\nfirst = 2024\nlast = 2027\n"))
    assert settings.years.all() == [2024, 2025, 2026, 2027]
    assert settings.municipality_code == "GM1731"
    assert len(settings.parties) == 5
    assert settings.data_dir == DEMO_DATA_DIR


# --- errors: one clear message, never a pydantic dump ---------------------------------


def _clear(message: str) -> None:
    assert "Traceback" not in message
    assert "errors.pydantic.dev" not in message
    assert "validation error for" not in message


def test_invalid_toml(tmp_path: Path) -> None:
    path = _write(tmp_path, "[years\nfirst = 2023\n")
    message = _config_error(config_file=path, env={})
    assert str(path) in message
    assert "TOML" in message
    _clear(message)


def test_missing_config_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    message = _config_error(config_file=path, env={})
    assert str(path) in message
    assert "not found" in message


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('colour = "red"\n', "colour"),
        ("[years]\nfirst = 2023\nlast = 2026\nmiddle = 2024\n", "middle"),
        ('[basemap]\ntiles = "x"\n', "tiles"),
    ],
)
def test_unknown_keys_are_rejected_by_name(tmp_path: Path, text: str, key: str) -> None:
    path = _write(tmp_path, text)
    message = _config_error(config_file=path, env={})
    assert key in message
    assert str(path) in message
    _clear(message)


def test_last_year_before_first_year(tmp_path: Path) -> None:
    message = _config_error(
        config_file=_write(tmp_path, "[years]\nfirst = 2026\nlast = 2023\n"), env={}
    )
    assert "2023" in message
    assert "2026" in message
    assert "before" in message
    _clear(message)


def test_duplicate_party_ids(tmp_path: Path) -> None:
    text = (
        '[[parties]]\nid = "actium"\nname = "Actium"\nkind = "corporation"\n'
        '[[parties]]\nid = "actium"\nname = "Actium 2"\nkind = "corporation"\n'
        '[[parties]]\nid = "mevm"\nname = "MEVM"\nkind = "tenant_organisation"\n'
    )
    message = _config_error(config_file=_write(tmp_path, text), env={})
    assert "actium" in message
    assert "mevm" not in message
    assert "unique" in message
    _clear(message)


def test_non_existent_data_dir_in_the_file(tmp_path: Path) -> None:
    message = _config_error(config_file=_write(tmp_path, 'data_dir = "gone"\n'), env={})
    assert "gone" in message
    assert "does not exist" in message


def test_non_existent_data_dir_in_the_environment(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"
    message = _config_error(env={"AFSPRAKENKAART_DATA": str(missing)})
    assert str(missing) in message


def test_a_data_path_that_is_a_file_is_rejected(tmp_path: Path) -> None:
    a_file = _write(tmp_path, "not a directory", name="data.txt")
    message = _config_error(env={"AFSPRAKENKAART_DATA": str(a_file)})
    assert str(a_file) in message


def test_wrong_types_name_the_field(tmp_path: Path) -> None:
    path = _write(tmp_path, 'municipality_code = "1731"\n[years]\nfirst = "soon"\nlast = 2026\n')
    message = _config_error(config_file=path, env={})
    assert "municipality_code" in message
    assert "years.first" in message
    _clear(message)


# --- Years ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [(1999, 2023), (2022, 2023), (2023, 2023), (2025, 2025), (2026, 2026), (2031, 2026)],
)
def test_years_clamp_to_the_period(year: int, expected: int) -> None:
    assert Years(first=2023, last=2026).clamp(year) == expected


def test_a_single_year_period() -> None:
    years = Years(first=2025, last=2025)
    assert years.all() == [2025]
    assert years.clamp(2000) == years.clamp(2100) == 2025
