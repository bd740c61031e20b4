"""Application passwords at /xmlrpc.php: who gets in, and how often one may guess."""

import xmlrpc.client

from django.core.management import call_command

from blog.models import Post
from publishing.faults import Code
from publishing.models import ApplicationPassword
from publishing.passwords import app_password_create, app_password_revoke
from tests.publishing.conftest import fault_of


def test_application_password_opens_the_api_and_records_its_use(rpc, author, author_password):
    blogs = rpc.wp.getUsersBlogs("camille", author_password)
    assert blogs[0]["blogid"] == "1" and blogs[0]["xmlrpc"].endswith("/xmlrpc.php")
    row = ApplicationPassword.objects.get()
    assert row.last_ip == "127.0.0.1" and row.last_used_at is not None
    assert author_password not in row.password


def test_spaces_of_the_shown_password_are_optional(rpc, author, author_password):
    assert rpc.wp.getUsersBlogs("camille", author_password.replace(" ", ""))


def test_main_password_is_refused(rpc, author):
    code, message = fault_of(lambda: rpc.wp.getUsersBlogs("camille", "mot-de-passe-de-test"))
    assert code == Code.BAD_LOGIN == 403
    assert "mot de passe d’application" in message


def test_revoked_password_is_refused(rpc, author, author_password):
    row = ApplicationPassword.objects.get()
    assert app_password_revoke(user=author, pk=row.pk)
    assert fault_of(lambda: rpc.wp.getUsersBlogs("camille", author_password))[0] == 403


def test_inactive_user_is_refused(rpc, author, author_password):
    author.is_active = False
    author.save()
    assert fault_of(lambda: rpc.wp.getUsersBlogs("camille", author_password))[0] == 403


def test_failures_per_user_are_limited_even_for_the_right_password(rpc, author, author_password):
    for _ in range(5):
        assert fault_of(lambda: rpc.wp.getUsersBlogs("camille", "x" * 24))[0] == 403
    code, message = fault_of(lambda: rpc.wp.getUsersBlogs("camille", author_password))
    assert code == Code.THROTTLED == 429
    assert "Trop de tentatives" in message


def test_multicall_counts_every_inner_call(rpc, author, author_password):
    multicall = xmlrpc.client.MultiCall(rpc)
    for number in range(8):
        multicall.wp.getUsersBlogs("camille", f"{number:024d}")
    multicall.wp.getUsersBlogs("camille", author_password)
    answers = multicall().results
    codes = [answer["faultCode"] for answer in answers]
    assert codes == [403] * 5 + [429] * 4
    assert fault_of(lambda: rpc.wp.getUsersBlogs("camille", author_password))[0] == 429


def test_multicall_runs_several_methods(rpc, author, author_password):
    multicall = xmlrpc.client.MultiCall(rpc)
    multicall.wp.getUsersBlogs("camille", author_password)
    multicall.wp.getProfile(1, "camille", author_password)
    multicall.system.multicall([])
    multicall.pingback.ping("https://a.example/", "https://b.example/")
    blogs, profile, nested, ping = multicall().results
    assert blogs[0][0]["blogid"] == "1"
    assert profile[0]["username"] == "camille"
    assert nested["faultCode"] == ping["faultCode"] == -32601


def test_api_calls_do_not_count_against_the_pings_limit(rpc, author, author_password, settings):
    settings.PINGS_PER_IP = 2
    for _ in range(4):
        rpc.wp.getUsersBlogs("camille", author_password)
    assert "wp.newPost" in rpc.system.listMethods()


def test_wrong_argument_types_are_fault_400(rpc, author, author_password):
    assert fault_of(lambda: rpc.wp.getPost(1, "camille", author_password, "abc"))[0] == 400
    assert fault_of(lambda: rpc.wp.newPost(1, "camille", author_password, ["x"]))[0] == 400
    assert fault_of(lambda: rpc.wp.getUsersBlogs("camille"))[0] == 400
    assert not Post.objects.exists()


def test_management_command_prints_a_working_password(rpc, author, capsys):
    call_command("create_app_password", "camille", "Script de sauvegarde")
    password = capsys.readouterr().out.strip()
    assert len(password.replace(" ", "")) == 24
    assert ApplicationPassword.objects.get().name == "Script de sauvegarde"
    assert rpc.wp.getUsersBlogs("camille", password)


def test_each_password_is_checked_on_its_own(rpc, author):
    first = app_password_create(user=author, name="MarsEdit")[1]
    second = app_password_create(user=author, name="iA Writer")[1]
    assert rpc.wp.getUsersBlogs("camille", first) and rpc.wp.getUsersBlogs("camille", second)


def test_multicall_of_too_many_calls_is_refused_whole(rpc, author, author_password, settings):
    settings.PUBLISHING_MAX_MULTICALL = 3
    multicall = xmlrpc.client.MultiCall(rpc)
    for _ in range(4):
        multicall.wp.getUsersBlogs("camille", "x" * 24)
    assert fault_of(lambda: list(multicall()))[0] == Code.INVALID
    assert rpc.wp.getUsersBlogs("camille", author_password)  # no failure was counted


def test_rsd_and_methods_are_listed(rpc, author):
    methods = rpc.system.listMethods()
    assert {"wp.newPost", "metaWeblog.newPost", "blogger.deletePost", "mt.publishPost"} < set(
        methods
    )
    assert rpc.mt.supportedMethods() == methods


def test_failures_per_address_are_limited_across_workers(
    rpc, author, author_password, settings, tmp_path
):
    # The production cache (files under var/, or Redis): what one worker counts, all see.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    for number in range(10):  # ten guessed user names from one address
        assert fault_of(lambda n=number: rpc.wp.getUsersBlogs(f"devine{n}", "x" * 24))[0] == 403
    assert any(tmp_path.iterdir())  # the count is in the shared store, not in this process
    assert fault_of(lambda: rpc.wp.getUsersBlogs("camille", author_password))[0] == 429
