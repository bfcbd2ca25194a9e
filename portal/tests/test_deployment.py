"""Configuration a deployer meets: the environment, `check --deploy`, compose."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import require

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#2Qv!9zLm$4Xp@8Rt^1Wn&6Ys*3Bd(5Hf)0Jg-Ce+Tu=Ai_Ok3Pl9Mn2Bv7",
    "ALLOWED_HOSTS": "profinfo.example.kz",
    "SITE_URL": "https://profinfo.example.kz",
    "CHANNELS_KEY": "Yk5kQ2xPZ1V3bGZ0c3JqZ0hxY2N6b0Z6eTlHRW1KZ0k=",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        # The test run's own settings, and its permission for Playwright's
        # event loop, have no place in a production process.
        if key
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory) -> Path:
    """A STATIC_ROOT filled the way a release is prepared (once per module)."""
    static_root = tmp_path_factory.mktemp("release") / "static"
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(static_root)}
    result = _manage("prepare_release", "--no-migrate", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return static_root


def test_prepare_release_builds_the_static_manifest(collected_static):
    assert (collected_static / "staticfiles.json").exists()
    assert list(collected_static.glob("css/*.css"))


def test_check_deploy_is_clean_in_production(transactional_db, collected_static):
    from conftest import _database_url_of_test_database

    # The test database, with no demo users (a developer's own may have them).
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": _database_url_of_test_database(),
        "STATIC_ROOT": str(collected_static),
    }
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_check_deploy_names_a_site_url_outside_allowed_hosts():
    env = {**PRODUCTION_ENV, "SITE_URL": "https://other.example.kz"}
    result = _manage("check", "--deploy", env=env)
    assert "portal.W002" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def _setup(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Start Django the way every process does, with `env` over a clean environment."""
    clean = {key: value for key, value in os.environ.items() if key not in {"DEBUG", *env}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"DEBUG": "flase"},
            "DEBUG='flase': expected one of 1/0, true/false, yes/no, on/off (any case).",
        ),
        (
            {"SECURE_SSL_REDIRECT": "ture"},
            "SECURE_SSL_REDIRECT='ture': expected one of 1/0, true/false, yes/no, on/off",
        ),
        ({"EMAIL_PORT": "abc"}, "EMAIL_PORT='abc': expected a whole number."),
    ],
)
def test_a_mistyped_value_stops_the_start_and_names_the_variable(env, message):
    result = _setup(env)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


def test_a_good_value_starts():
    assert _setup({"DEBUG": "On", "EMAIL_PORT": " 25 "}).returncode == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(word, True) for word in ("1", "true", "TRUE", "Yes", "on", " On ")],
        *[(word, False) for word in ("0", "false", "False", "NO", "off")],
        ("", True),  # unset or empty: the default
    ],
)
def test_yes_and_no_in_any_case(monkeypatch, value, expected):
    from config.settings import env_bool

    monkeypatch.setenv("PROFINFO_TEST_FLAG", value)
    assert env_bool("PROFINFO_TEST_FLAG", True) is expected


def test_demo_users_are_refused_in_production():
    result = _manage("load_demo_users", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "только во встроенном режиме" in result.stderr


def test_compose_file_is_accepted():
    docker_compose = shutil.which("docker-compose")
    docker = shutil.which("docker")
    command = None
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        command = [docker, "compose"]
    elif docker_compose:
        command = [docker_compose]
    require(command is not None, "neither `docker compose` nor `docker-compose` is installed")
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "POSTGRES_PASSWORD": "secret",
        "ALLOWED_HOSTS": "profinfo.example.kz",
        "SITE_URL": "https://profinfo.example.kz",
    }
    result = subprocess.run(
        [*command, "-f", "docker-compose.yml", "config"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    import yaml

    services = yaml.safe_load(result.stdout)["services"]
    assert set(services) >= {"db", "redis", "web", "worker", "publisher", "beat"}
    # Publishing has a worker of its own, on its own queue.
    assert "-Q publishing" in services["publisher"]["command"]
    # The web prepares the release the way a bare server does, then serves.
    web = services["web"]["command"]
    web = " ".join(web) if isinstance(web, list) else web
    assert "manage.py prepare_release" in web and "gunicorn" in web
    assert "migrate" not in web.replace("prepare_release", "")
    # The image's pg_dump is of the database's major version, from the same
    # Debian release: `backup` in a container dumps the compose database.
    major = services["web"]["build"]["args"]["PG_MAJOR"]
    assert services["db"]["image"] == f"postgres:{major}-bookworm"
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert f"ARG PG_MAJOR={major}\n" in dockerfile
    assert "FROM python:3.11-slim-bookworm\n" in dockerfile
    assert "postgresql-client-${PG_MAJOR}" in dockerfile
    # Backups land on a volume of their own, outside the uploaded files.
    for name in ("web", "worker", "publisher", "beat"):
        mounts = [
            # docker-compose 1 writes "backups:/data/backups:rw", compose 2 a mapping.
            tuple(volume.split(":")[:2])
            if isinstance(volume, str)
            else (volume["source"], volume["target"])
            for volume in services[name]["volumes"]
        ]
        assert ("backups", "/data/backups") in mounts, name
    assert "BACKUP_DIR=/data/backups" in dockerfile


def test_make_test_runs_every_apps_tests_and_lints_its_templates():
    """An app added to the project is added to pytest's testpaths and to djlint's
    paths too, or `make test` silently leaves it out."""
    import tomllib
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    base = Path(settings.BASE_DIR)
    ours = [config for config in apps.get_app_configs() if Path(config.path).parent == base]
    testpaths = tomllib.loads((base / "pyproject.toml").read_text())["tool"]["pytest"][
        "ini_options"
    ]["testpaths"]
    lint = next(
        line for line in (base / "Makefile").read_text().splitlines() if "djlint --lint" in line
    )
    for config in ours:
        if (Path(config.path) / "tests").is_dir():
            assert config.label in testpaths, f"{config.label} is not in pytest's testpaths"
        if (Path(config.path) / "templates").is_dir():
            assert f" {config.label}" in lint, f"{config.label} templates are not linted"
    # A plain package of the project (networks) has tests too.
    for package in base.iterdir():
        if (package / "__init__.py").is_file() and (package / "tests").is_dir():
            assert package.name in testpaths, f"{package.name} is not in pytest's testpaths"


def test_check_deploy_fails_while_demo_users_exist(transactional_db, collected_static):
    from conftest import _database_url_of_test_database
    from portal.models import User

    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": _database_url_of_test_database(),
        "STATIC_ROOT": str(collected_static),
    }
    User.objects.create_user("press", password="profinfo-demo", is_demo=True)
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "portal.E002" in result.stderr and "press" in result.stderr

    removed = _manage("remove_demo_users", env=env)
    assert removed.returncode == 0, removed.stderr
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_errors_without_collected_static_files(tmp_path):
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path / "empty")}
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "portal.E003" in result.stderr
    assert "prepare_release" in result.stderr
