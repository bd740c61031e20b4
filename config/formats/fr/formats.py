"""French dates as French usage writes them: "21 juillet 2026 à 02 h 08" (Django: "02:08")."""

DATETIME_FORMAT = r"j F Y \à H \h i"
