"""Requests refused for their size are logged as one warning line, not as an error."""

import logging

from django.urls import reverse


def test_too_many_fields_is_one_warning_line_without_traceback(client, db, caplog):
    fields = {f"champ{n}": "x" for n in range(1500)}
    response = client.post(reverse("webmention"), fields)
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.TooManyFieldsSent"]
    assert record.levelno == logging.WARNING
    line = logging.Formatter("%(levelname)s %(name)s %(message)s").format(record)
    assert line == (
        "WARNING django.security.TooManyFieldsSent The number of GET/POST parameters exceeded "
        "settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
    )
