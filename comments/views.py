"""Posting comments and finding them again. The discussion itself is shown by the post page
(blog.views.PostDetailView), with the context built by `discussion_context`."""

from django.core.paginator import InvalidPage
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from blog.models import Page, Post
from core.csrf import csrf_for_members

from . import cookies
from .display import comment_url, load_discussion
from .exceptions import CommentRejected, NotEditable
from .forms import CommentEditForm, CommentForm, form_timestamp
from .models import Comment, CommentStatus, subject_field
from .moderation import comments_open
from .services import comment_create, comment_edit, comment_editable, comment_withdraw


def discussion_context(request, post, *, page_number=1, form=None):
    """What templates/comments/discussion.html needs for `post`, as this reader sees it."""
    pending_ids = cookies.pending_ids(request)
    try:
        discussion = load_discussion(
            post, user=request.user, pending_ids=pending_ids, page_number=page_number
        )
    except InvalidPage:
        raise Http404 from None
    is_open = comments_open(post)
    if form is None and is_open:
        form = _blank_form(request, post, discussion)
    reply_to = _reply_target(form, discussion)
    own = cookies.own_ids(request)
    editable = {  # as strings: the rows' ids are (comments/display.py)
        str(pk)
        for pk, comment in discussion.by_pk.items()
        if comment_editable(comment, user=request.user, own_ids=own)
    }
    return {
        "editable_ids": editable,
        "discussion": discussion,
        "comment_form": form if is_open else None,
        "comments_open": is_open,
        "comment_form_action": form_action(post),
        "reply_to": reply_to,
    }


def page_discussion_context(request, page, *, form=None):
    """What templates/comments/discussion.html needs for a static page: its one comment page,
    and the form while the page's comments are open."""
    return discussion_context(request, page, form=form)


def form_action(subject):
    """Where the comment form of a post or a page is sent."""
    if subject_field(subject) == "page":
        return reverse("comments:page_post", kwargs={"page_pk": subject.pk})
    return reverse("comments:post", kwargs={"post_pk": subject.pk})


def _blank_form(request, post, discussion):
    initial = {} if request.user.is_authenticated else cookies.commenter_details(request)
    initial["remember"] = bool(initial)
    parent = discussion.by_pk.get(_int(request.GET.get("replytocom")))
    if parent is not None:
        initial["parent"] = parent.pk
    return CommentForm(initial=initial, post=post, user=request.user)


def _reply_target(form, discussion):
    if form is None:
        return None
    raw = form.data.get("parent") if form.is_bound else form.initial.get("parent")
    comment = discussion.by_pk.get(_int(raw))
    return comment if comment is not None and comment.status == CommentStatus.APPROVED else None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@csrf_for_members  # a guest's form may come from a page file shared by all (core/csrf.py)
@require_POST
def comment_post(request, post_pk):
    """Store the comment sent by the form, then show it (or the form again, with the reason)."""
    return _post_on(request, get_object_or_404(Post.objects.published(), pk=post_pk))


@csrf_for_members
@require_POST
def comment_page_post(request, page_pk):
    """The same for a static page: same form, same rules, same answers."""
    return _post_on(request, get_object_or_404(Page.objects.published(), pk=page_pk))


def _post_on(request, post):
    form = CommentForm(request.POST, post=post, user=request.user)
    if not form.is_valid():
        return _form_again(request, post, form, status=400)
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
        return _form_again(request, post, form, status=rejection.status_code)
    return _after_post(request, form, comment)


def _form_again(request, post, form, *, status):
    """The post (or page), with the form as it was sent, its errors, and the given HTTP status."""
    from blog.views import PageView, PostDetailView

    if subject_field(post) == "page":
        view = PageView(comment_form=form)
        view.setup(request, path=post.path)
    else:
        view = PostDetailView(comment_form=form)
        view.setup(request, **post.date_kwargs())
    view.object = post
    response = view.render_to_response(view.get_context_data(object=post), status=status)
    response["Cache-Control"] = "private, no-store"
    return response


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
