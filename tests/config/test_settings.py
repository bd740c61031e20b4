"""Settings from the environment: safe local defaults, production that fails fast."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra=None, tmp_path=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_manage(
        "check",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "CARNET_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-check-only-0123456789",
            "ALLOWED_HOSTS": "blog.example.org",
            "CARNET_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_local_secret_key_is_generated_once_into_var(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "CARNET_VAR_DIR": str(tmp_path)}
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_manage("shell", "-v", "0", "-c", code, env_extra=env)
    second = run_manage("shell", "-v", "0", "-c", code, env_extra=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_sqlite_runs_wal_with_immediate_transactions(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "CARNET_VAR_DIR": str(tmp_path)}
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0]); "
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run_manage("shell", "-v", "0", "-c", code, env_extra=env)
    assert result.stdout.split() == ["wal", "IMMEDIATE"], result.stderr


@pytest.mark.parametrize("value", ["peut-être", "2"])
def test_bad_boolean_says_what_to_write(value, tmp_path):
    result = run_manage("check", env_extra={"DEBUG": value, "CARNET_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "use 1/0, true/false" in result.stderr


def test_outbound_ports_are_read_as_numbers_and_bad_ones_refused(tmp_path):
    code = "from django.conf import settings; print(settings.OUTBOUND_ALLOWED_PORTS)"
    env = {"CARNET_VAR_DIR": str(tmp_path), "OUTBOUND_ALLOWED_PORTS": "8080, 8443"}
    assert run_manage("shell", "-v", "0", "-c", code, env_extra=env).stdout.strip() == (
        "[8080, 8443]"
    )
    result = run_manage("check", env_extra={**env, "OUTBOUND_ALLOWED_PORTS": "8080,ssh"})
    assert result.returncode != 0
    assert "'ssh' is not a port number (1 to 65535)" in result.stderr

@pytest.mark.parametrize(
    ("module", "env", "expected"),
    [
        ("config.settings.prod", {}, "True"),
        ("config.settings.prod", {"STAFF_REQUIRE_MFA": "0"}, "False"),
        ("config.settings.dev", {}, "False"),
        ("config.settings.dev", {"STAFF_REQUIRE_MFA": "1"}, "True"),
    ],
)
def test_staff_need_a_second_factor_in_production_by_default(tmp_path, module, env, expected):
    code = "from django.conf import settings; print(settings.STAFF_REQUIRE_MFA)"
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        env_extra={
            "DJANGO_SETTINGS_MODULE": module,
            "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-check-only-0123456789",
            "ALLOWED_HOSTS": "blog.example.org",
            "CARNET_VAR_DIR": str(tmp_path),
            **env,
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
