"""The pupil's and the parent's voice before a review (DOMAIN.md 3.2 and 3.6), without an account.

- The school's AP lead (whoever holds the placement's reviews, `reviews.rules.can_ask_views`) makes a
  link for a review still due, for the pupil or for the parent or carer, and sends it in their own
  message. The token is random (256 bits from `secrets`) and shown once; only its SHA-256 is kept
  (`hash_token`, as for invitations and API keys), so a copy of the database opens no link.
- A link works once, until it expires, while its review is still due, unless it was withdrawn. It lasts
  `VOICE_LINK_DAYS` (14), and never past the end of the day `VOICE_LINK_DAYS_AFTER_REVIEW` (3) after the
  review is due, or after today for a review already overdue, so a link is not left open for weeks after
  the meeting it was for. A new link for the same review and person withdraws the one before.
- Whoever holds a link reads a short form and nothing else: no name of the pupil, the school or the
  provider. Every link that cannot be used (unknown, expired, withdrawn, used, its review no longer due)
  gets the same answer, so nothing can be told apart by trying.
- Answering saves the answers and marks the link used in one transaction, with the link locked: a second
  submit (a double click, a second tab) saves nothing.
- The answers attach to the review: the commissioners read them where the review is held and on the held
  review (`reviews.visibility.voices`). The provider reads none of them, not even counted: with a handful
  of placements, a count would be one family's answers. Commissioners see the ratings counted across
  every answer about a provider on its page (`provider_summary`), without comments.

Looking a link up by its token is the one read here with no membership: the person holding it has none.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from rest_framework import throttling

from apcommission.accounts.models import hash_token
from apcommission.tenancy.scoping import unscoped
from reviews import rules
from reviews.models import Review, ReviewState, Voice, VoiceLink, VoiceResponse

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

COMMENT_LIMIT = 2000
# A token is 43 characters; anything much longer is not one of ours and is not worth hashing.
LONGEST_TOKEN = 100

# --- The questions ---------------------------------------------------------------------------------------
# Each rating is stored from 5 (the best) to 1 (the worst), and read back in words, never only as numbers.
FEELING = {5: "Really good", 4: "Good", 3: "OK", 2: "Not very good", 1: "Really bad"}
HOW_OFTEN = {5: "Always", 4: "Most of the time", 3: "Sometimes", 2: "Not often", 1: "Never"}


@dataclass(frozen=True)
class Question:
    name: str  # the field of `VoiceResponse`
    pupil: str
    parent: str
    scale: dict[int, str]
    short: str  # for the commissioners' tables

    def asked_of(self, voice: str) -> str:
        return self.parent if voice == Voice.PARENT else self.pupil


QUESTIONS = (
    Question(
        "feeling",
        "How do you feel about going to your placement?",
        "How does your child feel about going to their placement?",
        FEELING,
        "How they feel about going",
    ),
    Question(
        "safe", "Do you feel safe there?", "Does your child feel safe there?", HOW_OFTEN, "Feeling safe"
    ),
    Question(
        "learning",
        "Are you learning things that help you?",
        "Is your child learning things that help them?",
        HOW_OFTEN,
        "Learning things that help",
    ),
    Question(
        "listened_to",
        "Do the staff listen to you?",
        "Do the staff listen to you and your child?",
        HOW_OFTEN,
        "Staff listen",
    ),
)
QUESTION_NAMES = tuple(question.name for question in QUESTIONS)


# --- Making and withdrawing links (the AP lead) ----------------------------------------------------------


def expiry_for(review: Review, now: datetime.datetime) -> datetime.datetime:
    """`VOICE_LINK_DAYS` from now, but no later than the end of the day `VOICE_LINK_DAYS_AFTER_REVIEW`
    after the review is due (or after today, when it is overdue), in the service's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate(now)
    last_day = max(review.due_on, today) + datetime.timedelta(days=settings.VOICE_LINK_DAYS_AFTER_REVIEW)
    end_of_last_day = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), zone)
    return min(now + datetime.timedelta(days=settings.VOICE_LINK_DAYS), end_of_last_day)


def _open_links(review: Review, voice: str, *, by: Membership):
    return VoiceLink.objects.visible_to(by).filter(
        review_id=review.pk, voice=voice, used_at__isnull=True, withdrawn_at__isnull=True
    )


@transaction.atomic
def make_link(review: Review, *, by: Membership, voice: str) -> tuple[VoiceLink, str]:
    """A new link for `voice`'s views before `review`, and its token (shown once, never stored). Only for
    a review still due, by whoever holds the placement's reviews. The open link before it for the same
    review and person, if any, is withdrawn."""
    locked = (
        Review.objects.visible_to(by)
        .select_for_update(of=("self",))
        .select_related("placement")
        .get(pk=review.pk)
    )
    if not rules.can_ask_views(by, locked.placement):
        raise PermissionDenied("Only the school's AP lead asks for views before its placement's reviews")
    if voice not in Voice.values:
        raise ValidationError("Choose whose views the link is for")
    if locked.state != ReviewState.DUE:
        raise ValidationError(f"This review is {locked.get_state_display().lower()}: it needs no more views")
    now = timezone.now()
    _open_links(locked, voice, by=by).update(withdrawn_at=now, withdrawn_by_id=by.user_id)
    token = secrets.token_urlsafe(32)
    link = VoiceLink.objects.create(
        review=locked,
        voice=voice,
        token_hash=hash_token(token),
        created_by_id=by.user_id,
        created_at=now,
        expires_at=expiry_for(locked, now),
    )
    return link, token


def withdraw_link(link: VoiceLink, *, by: Membership) -> bool:
    """Stops an open link at once, recording who and when. False when it was already used or withdrawn
    (nothing changes)."""
    placement = Review.objects.visible_to(by).select_related("placement").get(pk=link.review_id).placement
    if not rules.can_ask_views(by, placement):
        raise PermissionDenied("Only the school's AP lead withdraws the links for its placement's reviews")
    changed = (
        VoiceLink.objects.visible_to(by)
        .filter(pk=link.pk, used_at__isnull=True, withdrawn_at__isnull=True)
        .update(withdrawn_at=timezone.now(), withdrawn_by_id=by.user_id)
    )
    return bool(changed)


# --- Reading links and answers (the commissioners) -------------------------------------------------------


@dataclass(frozen=True)
class LinkState:
    link: VoiceLink
    words: str
    tag: str  # a GOV.UK tag colour
    is_open: bool


def state_of(link: VoiceLink, review: Review, now: datetime.datetime) -> LinkState:
    if link.used_at:
        return LinkState(link, f"Answered on {link.used_at:%-d %B %Y}", "green", False)
    if link.withdrawn_at:
        return LinkState(link, f"Withdrawn on {link.withdrawn_at:%-d %B %Y}", "grey", False)
    if review.state != ReviewState.DUE:
        return LinkState(link, f"Closed: the review is {review.get_state_display().lower()}", "grey", False)
    if link.expires_at <= now:
        return LinkState(link, "Expired", "grey", False)
    local = timezone.localtime(link.expires_at)
    return LinkState(link, f"Waiting for an answer: works until {local:%-d %B %Y at %H:%M}", "blue", True)


def links_for(review: Review, *, membership: Membership) -> list[LinkState]:
    """Every link made for the review, newest first, with its state. One query."""
    now = timezone.now()
    links = (
        VoiceLink.objects.visible_to(membership).filter(review_id=review.pk).order_by("-created_at", "-pk")
    )
    return [state_of(link, review, now) for link in links]


@dataclass(frozen=True)
class Answer:
    question: str
    words: str  # the answer in words, or "Not answered"


@dataclass(frozen=True)
class Answered:
    response: VoiceResponse
    answers: list[Answer]

    @property
    def who(self) -> str:
        return "The pupil" if self.response.voice == Voice.PUPIL else "The parent or carer"


def read_answers(response: VoiceResponse) -> Answered:
    answers = []
    for question in QUESTIONS:
        value = getattr(response, question.name)
        answers.append(Answer(question.asked_of(response.voice), question.scale.get(value, "Not answered")))
    return Answered(response, answers)


def answers_for(review: Review, *, membership: Membership) -> list[Answered]:
    """What the pupil and the parent answered through links for the review, pupil first, oldest first.
    One query; nothing for a membership that does not read a review's views (a provider)."""
    if not rules.reads_views(membership):
        return []
    responses = VoiceResponse.objects.visible_to(membership).filter(review_id=review.pk)
    ordered = sorted(responses, key=lambda r: (r.voice != Voice.PUPIL, r.submitted_at, r.pk))
    return [read_answers(response) for response in ordered]


# --- A provider's quality picture (the commissioners) ----------------------------------------------------


@dataclass(frozen=True)
class Tally:
    question: str
    counts: list[tuple[str, int]]  # (the words, how many), best first
    answered: int

    @property
    def given(self) -> list[tuple[str, int]]:
        """The answers someone gave, best first."""
        return [(words, count) for words, count in self.counts if count]


@dataclass(frozen=True)
class VoiceGroup:
    caption: str
    responses: int
    tallies: list[Tally]


@dataclass(frozen=True)
class VoiceSummary:
    responses: int
    pupil_responses: int
    parent_responses: int
    groups: list[VoiceGroup]


def provider_summary(provider_id: int, *, membership: Membership) -> VoiceSummary | None:
    """Every answer the membership reads about placements with the provider, counted per question and
    answer, pupils and parents apart: no comments, nothing per pupil. One query. None for a membership
    that reads no views (a provider, its own page included)."""
    if not rules.reads_views(membership):
        return None
    aggregates = {
        "pupil_n": Count("pk", filter=Q(voice=Voice.PUPIL)),
        "parent_n": Count("pk", filter=Q(voice=Voice.PARENT)),
    }
    for voice in Voice.values:
        for question in QUESTIONS:
            for value in question.scale:
                aggregates[f"{voice}_{question.name}_{value}"] = Count(
                    "pk", filter=Q(voice=voice, **{question.name: value})
                )
    counted = (
        VoiceResponse.objects.visible_to(membership)
        .filter(review__placement__provider_id=provider_id)
        .aggregate(**aggregates)
    )

    def tallies(voice: str) -> list[Tally]:
        found = []
        for question in QUESTIONS:
            counts = [
                (words, counted[f"{voice}_{question.name}_{value}"])
                for value, words in question.scale.items()
            ]
            found.append(Tally(question.asked_of(voice), counts, sum(n for _words, n in counts)))
        return found

    return VoiceSummary(
        responses=counted["pupil_n"] + counted["parent_n"],
        pupil_responses=counted["pupil_n"],
        parent_responses=counted["parent_n"],
        groups=[
            VoiceGroup("What pupils said", counted["pupil_n"], tallies(Voice.PUPIL)),
            VoiceGroup("What parents and carers said", counted["parent_n"], tallies(Voice.PARENT)),
        ],
    )


# --- The public page (whoever holds a link) --------------------------------------------------------------


class LinkUnusable(Exception):
    """The link is unknown, expired, withdrawn, used, or its review is no longer due: all said alike."""


def _usable(link: VoiceLink | None, now: datetime.datetime) -> bool:
    return (
        link is not None
        and link.used_at is None
        and link.withdrawn_at is None
        and now < link.expires_at
        and link.review.state == ReviewState.DUE
    )


def _by_token(token: str, *, lock: bool = False) -> VoiceLink | None:
    if not token or len(token) > LONGEST_TOKEN:
        return None
    found = VoiceLink.objects.select_related("review").filter(token_hash=hash_token(token))
    if lock:
        found = found.select_for_update(of=("self",))
    return found.first()


def find_link(token: str) -> VoiceLink:
    """The usable link for a token, or `LinkUnusable`. Anyone holding the link may ask."""
    with unscoped("a voice link is opened by a pupil or parent, who has no account"):
        link = _by_token(token)
        if not _usable(link, timezone.now()):
            raise LinkUnusable
    return link


@dataclass
class Answers:
    """What the pupil or the parent chose and wrote (the form's values)."""

    ratings: dict[str, int | None]
    comment: str


def answer_errors(answers: Answers) -> dict[str, str]:
    errors = {}
    for name, value in answers.ratings.items():
        if name not in QUESTION_NAMES or (value is not None and value not in range(1, 6)):
            errors[name if name in QUESTION_NAMES else "comment"] = "Choose one of the answers"
    if len(answers.comment) > COMMENT_LIMIT:
        errors["comment"] = f"Write {COMMENT_LIMIT:,} characters or fewer"
    elif not errors and not answers.comment.strip() and all(v is None for v in answers.ratings.values()):
        errors["feeling"] = "Answer at least one question, or write something in the box"
    return errors


def answer(token: str, *, answers: Answers) -> VoiceResponse:
    """Save the answers and use the link up, in one transaction, the link locked: of two submits at once,
    the second finds it used. `LinkUnusable` for any link that cannot be used; `ValidationError` for
    answers that cannot be saved (the link stays usable)."""
    with unscoped("a pupil or parent answers through a voice link, without an account"), transaction.atomic():
        link = _by_token(token, lock=True)
        now = timezone.now()
        if not _usable(link, now):
            raise LinkUnusable
        if errors := answer_errors(answers):
            raise ValidationError(errors)
        response = VoiceResponse.objects.create(
            link=link,
            review_id=link.review_id,
            voice=link.voice,
            comment=answers.comment.strip(),
            submitted_at=now,
            **{name: answers.ratings.get(name) for name in QUESTION_NAMES},
        )
        link.used_at = now
        link.save(update_fields=["used_at"])
    return response


class PublicPageThrottle(throttling.SimpleRateThrottle):
    """Requests a minute one address may make to the public page (settings.VOICE_LINK_RATE), counted in
    the shared cache (Redis), as the API counts each key's. The address is the client's as allauth reads
    it, trusting only `TRUSTED_PROXY_COUNT` proxies, so a forged header does not reset the count. Guessing
    is hopeless anyway (a token is 256 bits); this keeps anyone from trying hard."""

    scope = "voice_link"

    def get_rate(self):
        return settings.VOICE_LINK_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": get_adapter().get_client_ip(request)}


def within_rate(request) -> bool:
    return PublicPageThrottle().allow_request(request, None)
