class BackupError(Exception):
    """A backup or restore that stopped: the message says why and what to do, in the reader's
    language; nothing was changed (a backup leaves no partial archive, a restore no half site)."""
