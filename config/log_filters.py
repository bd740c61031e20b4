"""Logging filters named in settings.LOGGING."""

import logging


class RefusedRequestAsWarning(logging.Filter):
    """A request refused for its size (too many fields or files, too big a body) is the client's
    doing, not a bug: one WARNING line ("Too many fields sent..."), no traceback, no mail."""

    def filter(self, record):
        record.exc_info = record.exc_text = record.stack_info = None
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        return True
