"""The task queue: in the database by default, on Redis (RQ) with TASKS_BACKEND=redis; a project
task goes through the real queue and the worker `manage.py carnet_worker` starts."""

import json
import uuid

import pytest
import redis
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus, default_task_backend

from subscriptions.models import Delivery, DeliveryStatus, MailKind, Subscription
from subscriptions.tasks import send_due
from tests.factories import PostFactory

from .test_settings import run_manage

REDIS_HOST = "redis://127.0.0.1:6379"
# RQ's keys (rq:*) have no prefix, so these tests use a Redis database of their own and empty it
# of those keys after each test.
TEST_REDIS_URL = f"{REDIS_HOST}/11"
CACHE_KEY_PREFIX = "carnet-tasks-test"


@pytest.fixture
def test_redis():
    yield TEST_REDIS_URL
    connection = redis.Redis.from_url(TEST_REDIS_URL)
    keys = [*connection.scan_iter("rq:*"), *connection.scan_iter(f"{CACHE_KEY_PREFIX}:*")]
    if keys:
        connection.delete(*keys)


def settings_of(env, tmp_path):
    code = (
        "import json; from django.conf import settings as s; print(json.dumps("
        "[s.TASKS['default']['BACKEND'], 'django_rq' in s.INSTALLED_APPS, "
        "getattr(s, 'RQ_QUEUES', None)]))"
    )
    result = run_manage(
        "shell", "-v", "0", "-c", code, env_extra={"CARNET_VAR_DIR": str(tmp_path), **env}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_tasks_queue_in_the_database_by_default(tmp_path):
    assert settings_of({}, tmp_path) == ["django_tasks_db.DatabaseBackend", False, None]


def test_redis_tasks_go_to_rq_on_redis_url(tmp_path):
    env = {"TASKS_BACKEND": "redis", "REDIS_URL": f"{REDIS_HOST}/3"}

    assert settings_of(env, tmp_path) == [
        "django_tasks_rq.RQBackend",
        True,
        {"default": {"URL": f"{REDIS_HOST}/3", "DEFAULT_TIMEOUT": 3600}},
    ]
    check = run_manage("check", env_extra={"CARNET_VAR_DIR": str(tmp_path), **env})
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TASKS_BACKEND": "redis"}, "TASKS_BACKEND=redis needs REDIS_URL"),
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND='celery': use database or redis."),
    ],
)
def test_a_bad_tasks_backend_stops_the_start_with_what_to_do(env, message, tmp_path):
    env = {"REDIS_URL": "", "CARNET_VAR_DIR": str(tmp_path), **env}

    result = run_manage("check", env_extra=env)

    assert result.returncode != 0
    assert message in result.stderr


@pytest.fixture
def rq_queue(test_redis):
    """The RQ backend on a queue of this test's own, with an in-process worker that sees this
    test's database. django-tasks-rq reads results through RQ's "default" connection."""
    name = f"carnet-test-{uuid.uuid4().hex}"
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}},
        RQ_QUEUES={name: {"URL": test_redis}, "default": {"URL": test_redis}},
        RQ={"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": "rq.worker.SimpleWorker"},
    ):
        yield name


@pytest.mark.django_db(transaction=True)  # the worker closes database connections
def test_a_project_task_runs_through_redis(rq_queue):
    post = PostFactory()
    subscription = Subscription.objects.create(
        email="lise@example.org", kind="blog", state="active"
    )
    delivery = Delivery.objects.create(
        kind=MailKind.NEW_POST, recipient="lise@example.org", subscription=subscription, post=post
    )

    result = send_due.using(queue_name=rq_queue).enqueue()
    assert mail.outbox == []  # queued on Redis, not run yet
    call_command("carnet_worker", burst=True, verbosity=0)

    result = default_task_backend.get_result(result.id)
    assert (result.status, result.return_value) == (
        TaskResultStatus.SUCCESSFUL,
        {"sent": 1, "failed": 0},
    )
    assert [message.to for message in mail.outbox] == [["lise@example.org"]]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


ANNOUNCE = """
from subscriptions.models import Subscription
from subscriptions.tasks import announce_post
from tests.factories import PostFactory
post = PostFactory(title="Confiture de coings")
Subscription.objects.create(email="lise@example.org", kind="blog", state="active")
announce_post.enqueue(post.pk)
"""
STATUSES = (
    "from subscriptions.models import Delivery; "
    "print(*Delivery.objects.values_list('status', flat=True))"
)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["database", "redis"])
def test_carnet_worker_runs_the_queued_tasks_of_either_backend(backend, test_redis, tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "CARNET_VAR_DIR": str(tmp_path),
        "TASKS_BACKEND": backend,
        "REDIS_URL": test_redis if backend == "redis" else "",
        "CACHE_KEY_PREFIX": CACHE_KEY_PREFIX,
    }

    def manage(*args):
        result = run_manage(*args, env_extra=env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "-v0")
    manage("shell", "-v0", "-c", ANNOUNCE)
    assert manage("shell", "-v0", "-c", STATUSES).split() == []  # nothing ran yet
    if backend == "redis":
        assert redis.Redis.from_url(test_redis).llen("rq:queue:default") == 1
    worker = manage("carnet_worker", "--burst")

    # announce_post stored the mail and queued send_due, which sent it (to the console).
    assert manage("shell", "-v0", "-c", STATUSES).split() == [DeliveryStatus.SENT]
    assert "To: lise@example.org" in worker
    assert "Confiture de coings" in worker
