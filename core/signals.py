"""Signals sent by site-wide tools, for the apps above core to act on."""

from django.dispatch import Signal

# Sent after `manage.py restore` replaced the database and media: every cached page is stale.
site_restored = Signal()
