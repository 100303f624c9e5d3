"""Optimistic versions for editable records: a stale save is refused, never silently applied,
and the user merges the two edits without retyping.

The version. Every edit form carries the version of the record it was opened on (a hidden
`lock_version`). The edit action claims the record with a conditional update,
`version = version + 1 WHERE version = seen` (claim_version): exactly one of two concurrent
saves wins; the other raises StaleEdit. A row lock would serialise the saves but still let the
second overwrite the first: only the version tells that the form was filled in on old values.
(A visit keeps each version as its own row: its claim flips `is_current` on the row at the
seen version, the same conditional update, see visits.actions.do_edit_visit.)

The base. A fair merge needs three values per field: what the form showed when it was opened
(the base), what the user sent (mine) and what is saved now (theirs). The form carries the base
as one more hidden field, `lock_base`: its fields' values as the form would post them, with the
version and the record's id, in one blob signed with django.core.signing (SECRET_KEY) and zlib-compressed (a
child's file with parents and household: about 1.5 KB). Signed, because a forged base could make
the other person's change look like the user's own and overwrite it without a question; one
blob rather than a hidden copy of each field, because one signature covers it and the page stays
small. It holds nothing the form does not already show. A base that is missing, forged, or of
another version or record counts as unknown: every field where mine and theirs differ is then asked.

The merge (three_way), field by field: the same on both sides, nothing to do; changed only by
the other person, their value is taken without a question; changed only by this user, the
user's input is kept; changed on both sides and differently, the conflict page asks
(templates/_conflict.html: the user's input beside the value now saved). With nothing to ask,
save_merging() saves the merged input at once and tells the user that another edit was merged
in. The conflict page posts everything again with the current versions and bases, and the
choices; merge_choices() applies them and the same action saves.

Files. A file chosen in the form cannot travel through the conflict page's hidden fields: it is
kept in private storage (MEDIA_ROOT/kept-uploads, never served: there is no media URL) under a
random name, named on the page by a token signed for that user; the next save takes it back
(restore_uploads) and forget_uploads() removes it once saved. Copies left behind by an
abandoned conflict page are removed after a day, whenever another file is kept.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import F
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ActionError

VERSION_FIELD = "lock_version"
BASE_FIELD = "lock_base"
PICK, THEIRS, KEPT = "pick:", "theirs:", "kept:"
SAME, MINE, TAKE_THEIRS, ASK = "same", "mine", "theirs", "ask"
BASE_SALT = "core.versioning.base"
KEPT_SALT = "core.versioning.kept"
KEPT_DIR = "kept-uploads"
KEPT_FOR = timedelta(days=1)


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


# Values, as the form would post them


def _as_post(f: forms.Field, value: Any) -> list[str]:
    """A value as the form would post it."""
    if isinstance(f, forms.BooleanField):
        return ["on"] if value else []
    if isinstance(value, models.QuerySet):
        value = list(value)
    if isinstance(value, (list, tuple)):
        return [str(v.pk) if isinstance(v, models.Model) else str(v) for v in value]
    if value is None:
        return [""]
    if isinstance(value, models.Model):
        return [str(value.pk)]
    if isinstance(value, date):  # and datetime
        return [value.isoformat()]
    if isinstance(value, Decimal):
        return [format(value.normalize(), "f")]
    return [str(value)]


def canonical(f: forms.Field, value: Any) -> tuple[str, ...]:
    """A value in one comparable form: as posted, line ends and the order of a multiple choice aside."""
    values = [v.replace("\r\n", "\n") for v in _as_post(f, value)]
    if isinstance(f, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        values.sort()
    return tuple(values)


def three_way(base: tuple | None, mine: tuple, theirs: tuple) -> str:
    """What to do with one field: SAME, MINE (keep the user's input), TAKE_THEIRS, or ASK.

    `base` is the value when the form was opened (None: unknown, then every difference is asked).
    """
    if mine == theirs:
        return SAME
    if base is None:
        return ASK
    if theirs == base:
        return MINE
    if mine == base:
        return TAKE_THEIRS
    return ASK


# Forms


class _Unchanging:
    """The version and the base are no input: they never count as a change (an empty extra
    form of a formset stays empty)."""

    def has_changed(self, initial, data) -> bool:
        return False


class _VersionField(_Unchanging, forms.IntegerField):
    pass


class _BaseField(_Unchanging, forms.CharField):
    pass


class VersionedFormMixin:
    """Adds the hidden version and base fields. A ModelForm of a Versioned model takes the version
    from its instance; any other form from `initial={"lock_version": …}`. The form's `initial` is
    the record as now saved; the base is signed when the form is shown (after every field is set)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = _VersionField(widget=forms.HiddenInput, required=False, min_value=0)
        self.fields[BASE_FIELD] = _BaseField(widget=forms.HiddenInput, required=False, strip=False)
        instance = getattr(self, "instance", None)
        if instance is not None and hasattr(instance, VERSION_FIELD):
            # An unsaved instance (a parent not yet on file) is version 0: one that appears meanwhile is stale.
            self.initial[VERSION_FIELD] = instance.lock_version if instance.pk else 0
        self.initial[BASE_FIELD] = self.signed_base  # a callable: evaluated when the field is shown

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

    def merge_fields(self) -> list[forms.BoundField]:
        """The fields a merge compares: not the version, the base, nor files (kept aside)."""
        return [
            bf
            for bf in self
            if bf.name not in (VERSION_FIELD, BASE_FIELD) and not isinstance(bf.field, forms.FileField)
        ]

    def _salt(self) -> str:
        return f"{BASE_SALT}:{type(self).__name__}:{self.prefix or ''}"

    def signed_base(self) -> str:
        """The values shown now (the record as saved, at the current version), signed."""
        values = {bf.name: canonical(bf.field, bf.initial) for bf in self.merge_fields()}
        payload = {"v": self.current_version, "r": self._record(), "f": values}
        return signing.dumps(payload, salt=self._salt(), compress=True)

    def _record(self) -> str | None:
        instance = getattr(self, "instance", None)
        return str(instance.pk) if instance is not None and instance.pk else None

    def opened_base(self) -> dict[str, tuple] | None:
        """The values the user's form showed when opened, if it carried an untampered base of its version."""
        raw = self.data.get(self.add_prefix(BASE_FIELD)) if self.is_bound else None
        try:
            payload = signing.loads(raw or "", salt=self._salt())
        except signing.BadSignature:
            return None
        if payload.get("v") != self.seen_version or payload.get("r") != self._record():
            return None  # a base of another version, or of another record
        return {name: tuple(values) for name, values in payload["f"].items()}


class VersionedAdminMixin:
    """For a ModelAdmin of a Versioned model: the change form carries the version it was opened on,
    and a save from a form opened before someone else's is refused with a message, never applied."""

    def get_form(self, request, obj=None, **kwargs):
        # The admin lists the form's fields for the model form factory, which refuses a
        # non-editable model field: the version is declared on the form instead.
        if kwargs.get("fields"):
            kwargs["fields"] = [name for name in kwargs["fields"] if name != VERSION_FIELD]
        form = super().get_form(request, obj, **kwargs)
        version = _VersionField(widget=forms.HiddenInput, required=False, min_value=0)
        return type(form.__name__, (_AdminVersionForm, form), {VERSION_FIELD: version})

    def save_model(self, request, obj, form, change):
        if change:
            # The form's check ran before this transaction's write: claim, in case another save came between.
            if not claim_version(type(obj), obj.pk, form.seen_version):
                raise StaleEdit([type(obj).__name__], current=obj)
            obj.lock_version = form.seen_version + 1  # what the claim wrote; save() must not write it back
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except StaleEdit:  # the admin's transaction is rolled back: nothing of this save is kept
            messages.error(request, STALE_ADMIN)
            return redirect(request.get_full_path())


STALE_ADMIN = gettext_lazy(
    "Someone else saved this record after you opened it. Nothing of yours has been saved: "
    "open it again to see their changes, then make yours."
)


class _AdminVersionForm(VersionedFormMixin):
    def clean(self):
        data = super().clean()
        if self.instance.pk and self.is_stale:
            raise forms.ValidationError(STALE_ADMIN, code="stale")
        return data


# The conflict page


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
    merged: QueryDict | None = None  # the user's input with the fields only others changed taken from them
    kept: list[str] = field(default_factory=list)  # names of the files kept for the next save
    context: dict = field(default_factory=dict)


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
    labels = _choices(f)
    shown = [labels.get(v) or v for v in _as_post(f, value) if v != ""]
    return "、".join(shown) or "—"


def conflict(
    request,
    post: QueryDict,
    groups: list[tuple[forms.BaseForm, str, bool]],
    *,
    title: str,
    cancel_url: str,
    context: dict | None = None,
) -> Conflict:
    """The three-way merge of the user's input `post` with the records as now saved.

    `groups` holds (form, section label, stale): each form bound to `post` on its record as saved
    now, and valid. In a stale record each field is merged (three_way): taken from theirs, kept,
    or asked (a row). Every other input is carried over, with the current versions and bases;
    chosen files are kept aside (keep_upload).
    """
    out = Conflict(title=title, cancel_url=cancel_url, context=context or {})
    merged = post.copy()
    for key in list(merged):
        if key == "csrfmiddlewaretoken" or key.startswith((PICK, THEIRS)):
            del merged[key]
    for form, section, stale in groups:
        if not isinstance(form, VersionedFormMixin):
            # Not versioned itself (a household member): merged with its record's version, without a base.
            merge_fields, base = [bf for bf in form if not isinstance(bf.field, forms.FileField)], None
        else:
            merge_fields, base = form.merge_fields(), form.opened_base()
            merged.setlist(form.add_prefix(VERSION_FIELD), [str(form.current_version)])
            merged.setlist(form.add_prefix(BASE_FIELD), [form.signed_base()])
        if not stale:
            continue
        for bf in merge_fields:
            f, mine = bf.field, form.cleaned_data.get(bf.name)
            outcome = three_way(
                None if base is None else base.get(bf.name), canonical(f, mine), canonical(f, bf.initial)
            )
            if outcome == TAKE_THEIRS:
                merged.setlist(bf.html_name, _as_post(f, bf.initial))
            elif outcome == ASK:
                label = f"{section} · {bf.label}" if section else str(bf.label)
                row = ConflictRow(
                    bf.html_name, label, _display(f, mine), _display(f, bf.initial), _as_post(f, bf.initial)
                )
                out.rows.append(row)
    if out.rows:  # the files chosen wait for the answer; with nothing to ask, they are saved at once
        for form, _section, _stale in groups:
            _keep_files(request, form, merged, out)
    for key in list(merged):
        if not merged.getlist(key):
            del merged[key]  # an unticked box is posted as nothing
    out.merged = merged
    out.hidden = [(key, value) for key in merged for value in merged.getlist(key)]
    out.hidden += [(THEIRS + row.name, value) for row in out.rows for value in row.theirs_values]
    return out


def render_conflict(request, c: Conflict):
    return render(request, "_conflict.html", {"conflict": c, **c.context}, status=409)


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


MERGED = gettext_lazy("Someone else saved changes to this record meanwhile: theirs and yours are both kept.")
MAX_MERGES = 3  # each merge is against a newer version; more in a row would be a page left open in a busy office


def save_merging(request, data: QueryDict, save, merge) -> HttpResponse:
    """The edit page's POST: `save(data)` answers the page (a redirect when saved, the form with its
    errors otherwise) and raises StaleEdit on a record saved meanwhile; `merge(data)` then gives the
    Conflict (or a page to show instead, when the input no longer fits the record). With nothing to
    ask, the merged input is saved at once; otherwise the conflict page asks."""
    for attempt in range(MAX_MERGES):
        try:
            response = save(data)
        except StaleEdit:
            page = merge(data)
            if isinstance(page, HttpResponse):
                return page
            if page.rows:
                return render_conflict(request, page)
            data = page.merged
            continue
        if attempt and response.status_code == 302:
            messages.info(request, MERGED)
        return response
    return render_conflict(request, page)


# Files kept across the conflict page


def _kept_storage() -> FileSystemStorage:
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / KEPT_DIR)


def keep_upload(request, upload) -> str:
    """Store a chosen file until the next save; returns the token that names it on the page."""
    storage = _kept_storage()
    _prune(storage)
    upload.seek(0)
    name = storage.save(f"{secrets.token_hex(16)}{Path(upload.name).suffix[:10]}", upload)
    upload.seek(0)
    payload = {"n": name, "o": upload.name, "t": getattr(upload, "content_type", ""), "u": request.user.pk}
    return signing.dumps(payload, salt=KEPT_SALT)


def _prune(storage: FileSystemStorage) -> None:
    if not Path(storage.location).is_dir():
        return
    cutoff = timezone.now() - KEPT_FOR
    for name in storage.listdir("")[1]:
        if storage.get_modified_time(name) < cutoff:
            storage.delete(name)


def _keep_files(request, form, merged: QueryDict, out: Conflict) -> None:
    for bf in form:
        upload = form.files.get(bf.html_name) if form.files else None
        if isinstance(bf.field, forms.FileField) and upload:
            token = getattr(upload, "kept_token", None) or keep_upload(request, upload)
            merged.setlist(KEPT + bf.html_name, [token])
            out.kept.append(str(upload.name))


def _kept(request) -> dict[str, dict]:
    """{field's html name: token payload} for the kept files this user's post names."""
    out = {}
    for key in request.POST:
        if key.startswith(KEPT):
            try:
                payload = signing.loads(request.POST[key], salt=KEPT_SALT)
            except signing.BadSignature:
                continue
            if payload.get("u") == request.user.pk:
                out[key[len(KEPT) :]] = payload
    return out


def restore_uploads(request) -> MultiValueDict:
    """The posted files, with each file kept from a conflict page put back (a newly chosen one wins)."""
    files = request.FILES.copy()
    storage = _kept_storage()
    for name, payload in _kept(request).items():
        if name in files:
            continue
        if not storage.exists(payload["n"]):
            messages.warning(request, _("The file you chose could not be kept: please choose it again."))
            continue
        with storage.open(payload["n"]) as kept:
            upload = SimpleUploadedFile(payload["o"], kept.read(), payload["t"])
        upload.kept_token = request.POST[KEPT + name]
        files[name] = upload
    return files


def forget_uploads(request) -> None:
    """Remove the kept files this post named, once saved."""
    storage = _kept_storage()
    for payload in _kept(request).values():
        storage.delete(payload["n"])
