"""Posting comments and finding them again. The discussion itself is shown on the post page by
the `{% discussion post %}` tag (comments.discussion)."""

from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from blog.models import Page, Post
from blog.views import PageView, PostDetailView

from . import cookies
from .display import comment_url
from .exceptions import CommentRejected, NotEditable
from .forms import CommentEditForm, CommentForm, form_timestamp
from .models import Comment, CommentStatus
from .services import comment_create, comment_edit, comment_editable, comment_withdraw


class CommentPostMixin:
    """POST the comment form of the subject this view shows, then show the comment; when it is
    refused, the subject's page again (this view's own rendering) with the form as it was sent,
    its errors and the refusal's HTTP status."""

    http_method_names = ["post"]
    subject_kwarg = "post_pk"

    def post(self, request, *args, **kwargs):
        self.object = post = get_object_or_404(
            self.subjects().published(), pk=kwargs[self.subject_kwarg]
        )
        form = CommentForm(request.POST, post=post, user=request.user)
        if not form.is_valid():
            return self.form_again(form, status=400)
        try:
            comment = comment_create(
                post=post,
                parent=form.cleaned_data["parent"],
                user=request.user if request.user.is_authenticated else None,
                body=form.cleaned_data["body"],
                ip_address=request.META.get("REMOTE_ADDR"),
                user_agent=request.headers.get("User-Agent", ""),
                notify_replies=form.cleaned_data.get("notify_replies", False),
                subscribe_blog=form.cleaned_data["subscribe_blog"],
                unverified_form=form.unverified,
                **form.commenter(),
            )
        except CommentRejected as rejection:
            form.add_error(None, rejection.message)
            return self.form_again(form, status=rejection.status_code)
        return _after_post(request, form, comment)

    def form_again(self, form, *, status):
        context = self.get_context_data(object=self.object, comment_form=form)
        response = self.render_to_response(context, status=status)
        response["Cache-Control"] = "private, no-store"
        return response


class CommentPostView(CommentPostMixin, PostDetailView):
    """The comment form of a post."""

    def subjects(self):
        return Post.objects


class CommentPagePostView(CommentPostMixin, PageView):
    """The same for a static page: same form, same rules, same answers."""

    subject_kwarg = "page_pk"

    def subjects(self):
        return Page.objects


def _after_post(request, form, comment):
    pending_ids = [*cookies.pending_ids(request), comment.pk]
    if comment.status == CommentStatus.SPAM:
        target = f"{comment.subject.get_absolute_url()}#comments"
    else:
        target = comment_url(comment, user=request.user, pending_ids=pending_ids)
    response = redirect(target)
    if form.member is None:
        cookies.remember_own(request, response, comment)
        if comment.status == CommentStatus.PENDING:
            cookies.remember_pending(request, response, comment)
        if form.cleaned_data.get("remember"):
            cookies.remember_commenter(response, form.cleaned_data)
        else:
            cookies.forget_commenter(response)
    return response


def comment_permalink(request, pk):
    """Redirect to the post's comment page (or the page) where this comment is shown, at its
    anchor."""
    comment = get_object_or_404(Comment.objects.public().select_related("post", "page"), pk=pk)
    if not comment.subject.is_public:
        raise Http404
    return redirect(comment_url(comment))


def _own_comment(request, pk):
    """The comment `pk` if this reader may still change it; else `NotEditable`."""
    comment = Comment.objects.select_related("post", "page", "user").filter(pk=pk).first()
    own = cookies.own_ids(request)
    if comment is None or not comment_editable(comment, user=request.user, own_ids=own):
        raise NotEditable
    return comment, own


@never_cache
@require_http_methods(["GET", "POST"])
def comment_edit_view(request, pk):
    """The edit page of one's own comment (no JavaScript needed); POST saves the new text."""
    try:
        comment, own = _own_comment(request, pk)
    except NotEditable as refusal:
        return _edit_page(request, None, None, refusal=refusal.message, status=403)
    if request.method != "POST":
        return _edit_page(request, comment, CommentEditForm(initial={"body": comment.body}))
    form = CommentEditForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, comment, form, status=400)
    try:
        comment = comment_edit(
            comment=comment, body=form.cleaned_data["body"], user=request.user, own_ids=own
        )
    except CommentRejected as rejection:
        form.add_error(None, rejection.message)
        return _edit_page(request, comment, form, status=rejection.status_code)
    pending_ids = cookies.pending_ids(request)
    response = redirect(comment_url(comment, user=request.user, pending_ids=pending_ids))
    if comment.status == CommentStatus.PENDING and comment.user_id is None:
        cookies.remember_pending(request, response, comment)
    return response


@require_POST
def comment_delete_view(request, pk):
    """Delete one's own comment (the edit page's second button), then back to the discussion."""
    try:
        comment, own = _own_comment(request, pk)
        comment_withdraw(comment=comment, user=request.user, own_ids=own)
    except NotEditable as refusal:
        return _edit_page(request, None, None, refusal=refusal.message, status=403)
    return redirect(f"{comment.subject.get_absolute_url()}#comments")


def _edit_page(request, comment, form, *, refusal=None, status=200):
    context = {"comment": comment, "form": form, "refusal": refusal}
    response = render(request, "comments/edit.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_http_methods(["GET"])
def form_token(request, pk):
    """A fresh signed timestamp (and CSRF token) for the comment form of post or page `pk`, which
    static/js/comment-token.js puts in the form of a page shared by all readers when it is used."""
    return JsonResponse({"timestamp": form_timestamp(pk), "csrf": get_token(request)})
