"""The admin's Tools › Import and Tools › Export pages for WordPress exports."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from tests.factories import CategoryFactory, PostFactory, UserFactory
from wordpress import runs
from wordpress.models import ImportRun
from wordpress.services import wordpress_import

from .test_import_wordpress import WXR_FOOT, WXR_HEAD, comment, item

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:wordpress_importrun_import")
EXPORT_URL = reverse("admin:wordpress_importrun_export")


@pytest.fixture(autouse=True)
def _import_dir(settings, tmp_path):
    settings.WORDPRESS_IMPORT_DIR = str(tmp_path / "imports")


@pytest.fixture
def importer(client):
    """A staff member allowed to import and export, but no superuser."""
    user = UserFactory(is_staff=True)
    codenames = ["import_wordpress", "export_wordpress", "view_post"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return user


def upload(client, data, name="export.xml", fetch_media=False, **extra):
    body = {"file": SimpleUploadedFile(name, data, content_type="text/xml")}
    if fetch_media:
        body["fetch_media"] = "on"
    return client.post(IMPORT_URL, body, **extra)


def small_export():
    return (WXR_HEAD + item(1, comment(5) + comment(6, parent=5)) + item(2) + WXR_FOOT).encode()


def test_import_page(client, importer, django_assert_num_queries):
    # session, user, user's and groups' permissions, import under way, site identity
    with django_assert_num_queries(6):
        response = client.get(IMPORT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Importer un export WordPress" in html
    assert 'enctype="multipart/form-data"' in html
    assert "512,0\xa0Mio au plus par fichier" in html


def test_staff_without_the_permission_is_refused(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, small_export()).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403
    assert not ImportRun.objects.exists()


def test_an_upload_is_imported_in_the_background_then_summarised(
    client, importer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, small_export())
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:wordpress_importrun_progress", args=[run.pk])
    assert (run.status, run.active, run.started_by) == (ImportRun.Status.DONE, None, importer)
    assert not Path(run.path).exists()  # the upload is deleted once imported
    assert sorted(Post.objects.values_list("wp_id", flat=True)) == [1, 2]
    assert run.counts["records"] == 3 and run.counts["posts"] == 2
    assert run.counts["comments"] == 2
    html = client.get(response["Location"]).content.decode()
    assert "billets : 2 en plus, 0 déjà là" in html
    assert reverse("admin:blog_post_changelist") in html
    assert "http-equiv" not in html and "import-progress.js" not in html


def test_the_summary_lists_each_skipped_item(client, importer, django_capture_on_commit_callbacks):
    odd = (
        item(1, comment(""))
        .replace("<title>Billet 1", "<title>Sans numéro")
        .replace("<wp:post_id>1</wp:post_id>", "")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, (WXR_HEAD + odd + item(2) + WXR_FOOT).encode())
    html = client.get(response["Location"]).content.decode()
    assert "1 × billets — sans numéro WordPress (wp:post_id)" in html
    assert "    - Sans numéro" in html
    assert Post.objects.get().wp_id == 2


def test_importing_the_same_file_twice_changes_nothing(
    client, importer, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            upload(client, small_export())
    second = ImportRun.objects.first()
    assert "  billets : 0 en plus, 2 déjà là" in second.summary
    assert Post.objects.count() == 2 and Comment.objects.count() == 2


def test_a_second_import_while_one_runs_is_refused(client, importer):
    running = ImportRun.objects.create(file_name="premier.xml", status=ImportRun.Status.RUNNING)
    runs.Progress(running)  # its worker gives news
    response = upload(client, small_export())
    assert response.status_code == 409
    html = response.content.decode()
    assert "Un import est déjà en cours (« premier.xml »)" in html
    assert reverse("admin:wordpress_importrun_progress", args=[running.pk]) in html
    assert ImportRun.objects.count() == 1
    assert not list(runs.import_dir().glob("*")) if runs.import_dir().exists() else True


def test_an_import_whose_worker_died_no_longer_blocks_the_next(
    client, importer, settings, django_capture_on_commit_callbacks
):
    settings.WORDPRESS_IMPORT_STALE_AFTER = 60
    dead = ImportRun.objects.create(file_name="premier.xml", status=ImportRun.Status.RUNNING)
    runs.Progress(dead)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        html = client.get(reverse("admin:wordpress_importrun_progress", args=[dead.pk])).content
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(client, small_export())
    dead.refresh_from_db()
    assert (dead.status, dead.active) == (ImportRun.Status.FAILED, None)
    assert "Le processus de tâches s’est arrêté pendant cet import" in html.decode()
    assert response.status_code == 302
    assert Post.objects.count() == 2


def test_two_starts_at_the_same_instant_cannot_both_run(importer):
    ImportRun.objects.create(file_name="premier.xml")
    with pytest.raises(runs.ImportBusyError):
        runs.import_run_start(
            upload=SimpleUploadedFile("second.xml", small_export()), fetch_media=False, user=None
        )
    assert ImportRun.objects.count() == 1
    assert list(runs.import_dir().iterdir()) == []  # its upload is not left behind


def test_an_upload_over_the_limit_is_refused_before_it_is_read(client, importer, settings):
    settings.WORDPRESS_IMPORT_MAX_BYTES = 1000
    response = upload(client, b"x" * 200_000)
    assert response.status_code == 413
    assert "plus grand que 1000" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_file_just_over_the_limit_is_refused_by_the_form(client, importer, settings):
    settings.WORDPRESS_IMPORT_MAX_BYTES = 100
    response = upload(client, small_export(), fetch_media=True)
    assert response.status_code == 400
    html = response.content.decode()
    assert "WORDPRESS_IMPORT_MAX_BYTES" in html
    assert (
        'name="fetch_media" aria-describedby="id_fetch_media_helptext" id="id_fetch_media" checked'
        in html
    )  # what was chosen is kept
    assert not ImportRun.objects.exists()


def test_a_truncated_file_is_refused_with_its_reason(
    client, importer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, small_export()[:-40])
    run = ImportRun.objects.get()
    assert (run.status, run.active) == (ImportRun.Status.FAILED, None)
    assert not Post.objects.exists()
    html = client.get(response["Location"]).content.decode()
    assert "tronqué" in html and "Rien n’a été importé" in html


def test_the_progress_page_refreshes_itself_while_the_import_runs(
    client, importer, django_assert_num_queries
):
    run = ImportRun.objects.create(file_name="gros.xml", size=1000, status="running")
    progress = runs.Progress(run)
    progress.state.update(records=40, posts=12, comments=30, bytes=250)
    progress._save()
    url = reverse("admin:wordpress_importrun_progress", args=[run.pk])
    with django_assert_num_queries(5):  # session, user, user's and groups' permissions, the run
        client.get(reverse("admin:wordpress_importrun_progress_data", args=[run.pk]))
    data = client.get(reverse("admin:wordpress_importrun_progress_data", args=[run.pk])).json()
    assert (data["records"], data["posts"], data["comments"]) == (40, 12, 30)
    assert (data["done"], data["total"], data["percent"], data["finished"]) == (
        250,
        1000,
        25,
        False,
    )
    html = client.get(url).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert 'max="1000" value="250"' in html
    assert "import-progress.js" in html and "<script>" not in html


def test_media_are_fetched_after_the_import_and_counted(
    client, importer, django_capture_on_commit_callbacks
):
    """The safe fetcher refuses loopback addresses: nothing leaves the machine, all is counted."""
    attachment = (
        "<item><title>Photo</title><wp:post_id>30</wp:post_id><wp:post_parent>1</wp:post_parent>"
        "<wp:post_type>attachment</wp:post_type>"
        "<wp:attachment_url>http://127.0.0.1:9/photo.jpg</wp:attachment_url></item>"
    )
    data = (WXR_HEAD + item(1) + attachment + WXR_FOOT).encode()
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, data, fetch_media=True)
    run = ImportRun.objects.get()
    assert (run.counts["media"], run.counts["media_total"]) == (1, 1)
    assert any(line.startswith("Non téléchargé : http://127.0.0.1:9/") for line in run.summary)


def test_the_list_of_imports_opens_each_on_its_progress(client, importer):
    run = ImportRun.objects.create(file_name="fini.xml", status="done", active=None)
    response = client.get(reverse("admin:wordpress_importrun_change", args=[run.pk]))
    assert response["Location"] == reverse("admin:wordpress_importrun_progress", args=[run.pk])
    assert client.get(reverse("admin:wordpress_importrun_add"))["Location"] == IMPORT_URL
    assert (
        "fini.xml" in client.get(reverse("admin:wordpress_importrun_changelist")).content.decode()
    )


# Export


def test_export_page(client, importer, django_assert_num_queries):
    CategoryFactory()
    # session, user, user's and groups' permissions, categories, authors, site identity
    with django_assert_num_queries(7):
        response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert "Tout le contenu" in response.content.decode()


def test_a_filtered_export_is_read_back_by_the_importer(client, importer):
    travel, food = CategoryFactory(name="Voyages"), CategoryFactory(name="Cuisine")
    camille, sacha = UserFactory(username="camille"), UserFactory(username="sacha")
    old = timezone.now() - timedelta(days=400)
    PostFactory(slug="lisbonne", author=camille, categories=[travel])
    PostFactory(slug="porto-jadis", author=camille, categories=[travel], published_at=old)
    PostFactory(slug="rome", author=sacha, categories=[travel])
    PostFactory(slug="tarte", author=camille, categories=[food])
    start = (timezone.localdate() - timedelta(days=30)).isoformat()
    query = {"content": "posts", "category": travel.pk, "author": camille.pk, "start": start}
    response = client.get(EXPORT_URL, query)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="carnet-wordpress-')
    data = b"".join(response.streaming_content)
    Post.objects.all().delete()
    report = wordpress_import(source=io.BytesIO(data))
    assert list(Post.objects.values_list("slug", flat=True)) == ["lisbonne"]
    assert report.created["post"] == 1


def test_everything_is_exported_by_default(client, importer):
    PostFactory(slug="un")
    data = b"".join(client.get(EXPORT_URL, {"content": "all"}).streaming_content)
    assert b"<wp:post_name><![CDATA[un]]></wp:post_name>" in data or b">un<" in data


def test_an_inverted_date_range_is_explained(client, importer):
    response = client.get(
        EXPORT_URL, {"content": "posts", "start": date(2024, 5, 1), "end": date(2024, 4, 1)}
    )
    assert response.status_code == 400
    assert "Cette date précède la première" in response.content.decode()


def test_a_queued_import_never_taken_is_closed_in_the_end(settings):
    settings.WORDPRESS_IMPORT_STALE_AFTER = 60
    lost = ImportRun.objects.create(file_name="perdu.xml")
    assert runs.import_run_active() == lost
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert runs.import_run_active() is None
    lost.refresh_from_db()
    assert (lost.status, lost.active) == (ImportRun.Status.FAILED, None)
    runs.import_run_execute(run_id=lost.pk)  # a worker taking it late leaves it closed
    lost.refresh_from_db()
    assert lost.status == ImportRun.Status.FAILED


def test_a_queued_import_says_what_it_waits_for(client, importer):
    run = ImportRun.objects.create(file_name="en-attente.xml")
    html = client.get(reverse("admin:wordpress_importrun_progress", args=[run.pk])).content
    assert "État : en attente du processus de tâches." in html.decode()
    assert "manage.py carnet_worker" in html.decode()
