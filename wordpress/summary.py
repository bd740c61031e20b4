"""An import's report as the lines `import_wordpress` prints at the end."""

from django.utils.translation import gettext as _

from .report import Kind, Note, Skip

LABELS_SHOWN = 10


def summary_lines(report):
    """What was imported per kind, what was left out and why, and what to check."""
    lines = [_("Imported:")]
    for kind in Kind:
        created, existing = report.created[kind], report.existing[kind]
        if created or existing:
            lines.append(
                "  "
                + _("%(kind)s: %(created)s new, %(existing)s already here")
                % {"kind": kind.label, "created": created, "existing": existing}
            )
    if report.post_statuses:
        lines.append(
            "  "
            + _("new posts: %(published)s published, %(draft)s drafts, %(scheduled)s scheduled")
            % {key: report.post_statuses[key] for key in ("published", "draft", "scheduled")}
        )
    lines += _skipped_lines(report)
    lines += _note_lines(report)
    return lines


def _skipped_lines(report):
    if not report.skipped:
        return []
    lines = [_("Left out:")]
    for (kind, reason), count in sorted(report.skipped.items()):
        kind_label = Kind(kind).label if kind in Kind.values else kind
        lines.append(f"  {count} × {kind_label} — {Skip(reason).label}")
        lines += _listed(report.skipped_labels.get((kind, reason), []), "    ")
    return lines


def _listed(labels, indent):
    lines = [f"{indent}- {label}" for label in labels[:LABELS_SHOWN]]
    if len(labels) > LABELS_SHOWN:
        lines.append(indent + _("… and %(count)s more") % {"count": len(labels) - LABELS_SHOWN})
    return lines


def _note_lines(report):
    lines = []
    for topic in Note:
        labels = report.notes.get(topic.value) or report.notes.get(topic)
        if not labels:
            continue
        lines.append(
            _("To check, %(what)s (%(count)s):") % {"what": topic.label, "count": len(labels)}
        )
        lines += _listed(labels, "  ")
    return lines
