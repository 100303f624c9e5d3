"""Optimistic versions for editable records: a stale save is refused, never silently applied.

Every edit form carries the version of the record it was opened on (a hidden field). The edit
action claims the record with a conditional update, `version = version + 1 WHERE version = seen`:
exactly one of two concurrent saves wins; the other raises StaleEdit and its page shows the
user's input beside the values now saved (templates/_conflict.html), field by field. The
user's choices come back through merge_choices(), with the current version, and are saved
by the same action. A row lock would serialise the saves but still let the second overwrite
the first: only the version tells that the form was filled in on old values.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.db import models
from django.db.models import F
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ActionError

VERSION_FIELD = "lock_version"
PICK, THEIRS = "pick:", "theirs:"


class Versioned(models.Model):
    """A record that edit forms may change: `lock_version` grows by one with every saved edit."""

    lock_version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def claim_version(model: type[models.Model], pk: Any, seen: int | None) -> bool:
    """Move the record from version `seen` to the next one; False if it is no longer at `seen`.

    Runs in the caller's transaction: if the caller later fails, the claim is rolled back too.
    """
    if seen is None:
        return False
    return bool(model._default_manager.filter(pk=pk, lock_version=seen).update(lock_version=F(VERSION_FIELD) + 1))


def bump_version(model: type[models.Model], pk: Any) -> None:
    """For writes outside edit forms (a review, a reported contact): forms opened before them are stale."""
    model._default_manager.filter(pk=pk).update(lock_version=F(VERSION_FIELD) + 1)


class StaleEdit(ActionError):
    """The record changed since the form was opened; `stale` names which records (form keys)."""

    def __init__(self, stale=("record",), current=None):
        super().__init__(f"edited meanwhile: {', '.join(stale)}")
        self.stale = set(stale)
        self.current = current


class VersionedFormMixin:
    """Adds the hidden version field. A ModelForm takes it from its instance; a plain form from
    `initial={"lock_version": …}`. The form's `initial` is the record as now saved, so
    `changed_data` lists where the user's input differs from it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
        instance = getattr(self, "instance", None)
        if instance is not None:
            # An unsaved instance (a parent not yet on file) is version 0: one that appears meanwhile is stale.
            self.initial[VERSION_FIELD] = instance.lock_version if instance.pk else 0

    @property
    def current_version(self) -> int:
        return self.initial.get(VERSION_FIELD) or 0

    @property
    def seen_version(self) -> int:
        """The version the user's form was opened on (0 if the form carried none)."""
        return (self.cleaned_data.get(VERSION_FIELD) if hasattr(self, "cleaned_data") else None) or 0

    @property
    def is_stale(self) -> bool:
        return self.is_bound and self.seen_version != self.current_version

    def edited_fields(self) -> list[str]:
        return [name for name in self.changed_data if name != VERSION_FIELD]


@dataclass
class ConflictRow:
    name: str
    label: str
    mine: str
    theirs: str
    theirs_values: list[str]


@dataclass
class Conflict:
    title: str
    cancel_url: str
    rows: list[ConflictRow] = field(default_factory=list)
    hidden: list[tuple[str, str]] = field(default_factory=list)


YES_NO = {True: gettext_lazy("yes"), False: gettext_lazy("no")}


def _choices(f: forms.Field) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, label in getattr(f, "choices", None) or []:
        if isinstance(label, (list, tuple)):
            out.update({str(k): str(v) for k, v in label})
        else:
            out[str(key)] = str(label)
    return out


def _display(f: forms.Field, value: Any) -> str:
    if isinstance(f, forms.BooleanField):
        return str(YES_NO[bool(value)])
    values = value if isinstance(value, (list, tuple)) else [value]
    labels = _choices(f)
    shown = []
    for v in values:
        if v in (None, ""):
            continue
        key = str(v.pk) if isinstance(v, models.Model) else str(v)
        shown.append(labels.get(key) or (v.isoformat() if isinstance(v, date) else str(v)))
    return "、".join(shown) or "—"


def _as_post(f: forms.Field, value: Any) -> list[str]:
    """A current value as the form would post it."""
    if isinstance(f, forms.BooleanField):
        return ["on"] if value else []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if value is None:
        return [""]
    if isinstance(value, models.Model):
        return [str(value.pk)]
    return [value.isoformat() if isinstance(value, date) else str(value)]


def conflict(
    post: QueryDict,
    groups: list[tuple[forms.BaseForm, str, bool]],
    *,
    title: str,
    cancel_url: str,
    skip: tuple[str, ...] = (),
) -> Conflict:
    """The conflict page's content from the forms bound to the user's input `post` and to the record as
    now saved: a row for each field that differs in a stale record; every other input is carried
    over unchanged, with the current versions. `groups` holds (form, section label, stale)."""
    out = Conflict(title=title, cancel_url=cancel_url)
    replaced = {"csrfmiddlewaretoken", *skip}
    for form, section, stale in groups:
        if isinstance(form, VersionedFormMixin):
            name = form.add_prefix(VERSION_FIELD)
            replaced.add(name)
            out.hidden.append((name, str(form.current_version)))
        if not stale:
            continue
        cleaned = getattr(form, "cleaned_data", {})
        for name in form.changed_data:
            bf = form[name]
            if name == VERSION_FIELD or isinstance(bf.field, forms.FileField):
                continue
            mine = cleaned.get(name, bf.data)
            label = f"{section} · {bf.label}" if section else str(bf.label)
            theirs = _as_post(bf.field, bf.initial)
            out.rows.append(
                ConflictRow(bf.html_name, label, _display(bf.field, mine), _display(bf.field, bf.initial), theirs)
            )
    for key in post:
        if key in replaced or key.startswith((PICK, THEIRS)):
            continue
        out.hidden.extend((key, v) for v in post.getlist(key))
    for row in out.rows:
        out.hidden.extend((THEIRS + row.name, v) for v in row.theirs_values)
    return out


def render_conflict(request, c: Conflict, context: dict | None = None):
    return render(request, "_conflict.html", {"conflict": c, **(context or {})}, status=409)


def merge_choices(post: QueryDict) -> QueryDict:
    """The user's input with each field picked as "theirs" on the conflict page set to the value now saved."""
    if not any(key.startswith(PICK) for key in post):
        return post
    merged = post.copy()
    for key in post:
        if key.startswith(PICK) and post[key] == "theirs":
            name = key[len(PICK) :]
            merged.setlist(name, post.getlist(THEIRS + name))
    return merged
