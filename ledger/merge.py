"""Merging children's files: values into a file, two files into one, and the undo of either.

- ``do_merge_values(actor, child, values, source=…)`` writes catalogue-coded values (``child.*``,
  ``household.*``, ``father.*``, ``mother.*``; ledger.catalogue) into an existing file, field by
  field: the ledger import's "merge into the existing file" and the profile's merge both use it.
  A parent row missing from the household is created. The name's pinyin keys are recomputed and
  the ID number's blind index follows (Child.save).
- ``do_merge_children(actor, keep, drop, fields=…)``: ``fields`` says, per code, whose value
  survives ("keep" | "drop"); every record of every installed app that points at ``drop`` moves
  to ``keep`` (found through the relations to Child, so a future app's records move without this
  module knowing it), and ``drop`` is closed as merged, its closure note naming ``keep``.
- ``do_undo_merge(actor, merge)`` moves the records back, restores the values (deleting the
  parents the merge created) and reopens the dropped file as it was; it refuses, with a message
  a supervisor understands, when a later edit would be overwritten.

What stays with the dropped file: its audit trail and its transfers (its own history, which
reads "merged into …"), and the ledger's own records (imports, merges). A record the kept file
already has its own of (a one-to-one row such as the follow-up, or a unique one such as an open
case plan or an absence on the same day) stays too, and the merge lists it (``stayed``).

The kept file keeps its household unless ``fields["household.key"] == "drop"``: then it joins
the other file's household. Either way the household and parent values chosen are written into
the household the file ends up in (shared with its siblings).

Permission: ledger.merge_access (township supervisors and county officers, both files in scope).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Model, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.actions import do_log
from children import choices as c
from children.access import children_for_jobs
from children.actions import do_close_child, do_transfer_child
from children.identity import mask_id_number, name_keys
from children.models import Child, Household, Parent, VillageScoped
from children.signals import facts_changed
from core.errors import ActionError
from core.fields import encrypted_fields
from core.versioning import StaleEdit
from geo.access import villages_for
from geo.models import Division

from . import merge_access
from .catalogue import COLUMNS, Column
from .merge_audit import MERGE, MERGE_UNDO
from .merge_models import ChildMerge

KEEP, DROP = "keep", "drop"
ROLES = (c.ParentRole.FATHER.value, c.ParentRole.MOTHER.value)
# Codes a merge never writes: the file number, the household key (a merge of files reads it as
# "whose household"), and the lifecycle, which has its own actions.
# child.township only helps find the village (ledger.places): it is no field of its own.
NOT_MERGED = {
    "child.uuid",
    "child.township",
    "child.status",
    "child.closed_on",
    "child.closure_reason",
    "household.key",
}
HOUSEHOLD_CHOICE = "household.key"
# Records that are a file's own history stay with it: the audit trail, transfers, and the
# ledger's records (imports and merges). Model labels, lower case; an app label alone for all its models.
STAYS = {"audit", "children.childtransfer", "ledger"}
UNRECORDED = "***"


class MergeRefused(ActionError):
    """A merge or undo that cannot be done; ``message`` is for the user (translated)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def mergeable_columns() -> list[Column]:
    """The catalogue's columns a merge compares and writes, in the catalogue's order."""
    return [col for col in COLUMNS if col.table in ("child", "household", *ROLES) and col.code not in NOT_MERGED]


MERGEABLE = {col.code for col in mergeable_columns()}


# ------------------------------------------------------------------ reading values


def parents_of(household: Household) -> dict[str, Parent]:
    return {p.role: p for p in Parent.objects.filter(household=household)}


def value_of(child: Child, code: str, *, household: Household | None = None, parents: dict | None = None) -> Any:
    """The value a code names in a file (None for a parent not on file)."""
    table, name = code.split(".", 1)
    if table == "child":
        if name == "categories":
            return [cat.value for cat in child.categories]
        if name == "village":
            return child.village_id
        return getattr(child, name)
    household = household or child.household
    if table == "household":
        return getattr(household, name)
    parent = (parents if parents is not None else parents_of(household)).get(table)
    return getattr(parent, name) if parent is not None else None


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _model_field(table: str, name: str) -> models.Field:
    model = {"child": Child, "household": Household}.get(table, Parent)
    return model._meta.get_field(name)


def _normalise(code: str, value: Any) -> Any:
    """A value as the field stores it; blank values become the field's blank ("" or None)."""
    table, name = code.split(".", 1)
    if name in ("categories", "village") and table == "child":
        if name == "categories":
            return sorted({str(v) for v in value or []}, key=_category_order)
        return value.pk if isinstance(value, Division) else (str(value) if value else "")
    f = _model_field(table, name)
    if is_blank(value):
        if isinstance(f, models.BooleanField):
            return False
        return None if f.null else ""
    if isinstance(f, models.DateField) and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    if isinstance(f, (models.IntegerField, models.PositiveSmallIntegerField)) and not isinstance(value, int):
        return int(value)
    return value


def _writable(code: str, value: Any) -> bool:
    """A blank value is written only where the field may be blank (a blank name or sex is skipped)."""
    if not is_blank(value) or code in ("child.categories", "child.village"):
        return True
    table, name = code.split(".", 1)
    f = _model_field(table, name)
    return f.blank or isinstance(f, models.BooleanField)


def _category_order(value: str) -> int:
    values = list(c.Category.values)
    return values.index(value) if value in values else len(values)


def _json(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, Model):
        return value.pk
    return value


_SECRET = {f.name for model in (Child, Household, Parent) for f in encrypted_fields(model)} - {"id_number"}


def shown(code: str, value: Any) -> Any:
    """A value as the audit trail and the merge history keep it: ID numbers masked, other
    encrypted fields (the health note) not recorded."""
    value = _json(value)
    name = code.rsplit(".", 1)[-1]
    if not isinstance(value, str) or not value:
        return value
    if name == "id_number":
        return mask_id_number(value)
    return UNRECORDED if name in _SECRET else value


# ------------------------------------------------------------------ writing values


@dataclass
class _Written:
    changes: dict[str, list[Any]] = field(default_factory=dict)  # code -> [before, after], shown
    restore: dict[str, Any] = field(default_factory=dict)
    saved: list[Model] = field(default_factory=list)


def _set(record: Model, attname: str, value: Any, fields: dict[str, list[Any]]) -> bool:
    before = getattr(record, attname)
    if before == value:
        return False
    fields.setdefault(attname, [_json(before), None])
    fields[attname][1] = _json(value)
    setattr(record, attname, value)
    return True


def _write_values(child: Child, household: Household, values: dict[str, Any]) -> _Written:
    """Write `values` (normalised, child.village excluded) into the file, its household and parents.

    Returns what changed (shown), and the exact before/after per record for the undo.
    """
    out = _Written()
    child_fields: dict[str, list[Any]] = {}
    household_fields: dict[str, list[Any]] = {}
    parents = parents_of(household)
    parent_fields: dict[str, dict[str, list[Any]]] = {}
    created: dict[str, Parent] = {}
    for code, value in values.items():
        table, name = code.split(".", 1)
        if table == "child":
            before = value_of(child, code)
            if name == "categories":
                if set(before) == set(value):
                    continue
                chosen = set(value)
                for cat in c.Category:
                    _set(child, f"cat_{cat.value}", cat.value in chosen, child_fields)
            elif not _set(child, _model_field("child", name).attname, value, child_fields):
                continue
            out.changes[code] = [shown(code, before), shown(code, value)]
        elif table == "household":
            before = getattr(household, name)
            if _set(household, _model_field("household", name).attname, value, household_fields):
                out.changes[code] = [shown(code, before), shown(code, value)]
        else:
            parent = parents.get(table)
            if parent is None:
                if is_blank(value) or value is False:
                    continue
                parent = parents[table] = created[table] = Parent(household=household, role=table)
            before = None if table in created else getattr(parent, name)
            if _set(parent, _model_field(table, name).attname, value, parent_fields.setdefault(table, {})):
                out.changes[code] = [shown(code, before), shown(code, value)]
    if child_fields:
        if "name" in child_fields:
            child.name_pinyin, child.name_initials = name_keys(child.name)
        child.save()  # the whole row: Child.save() keeps the ID number's blind index in step
        out.saved.append(child)
    if household_fields:
        household.save()
        out.saved.append(household)
    restore: dict[str, Any] = {
        "child": {"id": child.pk, "fields": child_fields},
        "household": {"id": household.pk, "fields": household_fields},
        "parents": {},
    }
    for role, fields in parent_fields.items():
        parent = parents[role]
        if role in created or fields:
            parent.save()
        else:
            continue
        out.saved.append(parent)
        restore["parents"][role] = {"id": parent.pk, "created": role in created, "fields": fields}
    out.restore = restore
    return out


def _bump(records: list[Model]) -> None:
    """Edit forms opened before the merge are stale now (core.versioning)."""
    for record in records:
        type(record)._default_manager.filter(pk=record.pk).update(lock_version=models.F("lock_version") + 1)


def _versions(restore: dict[str, Any]) -> dict[str, int]:
    """The versions of the records a merge wrote, as they are now."""
    out = {
        "child": _version(Child, restore["child"]["id"]),
        "household": _version(Household, restore["household"]["id"]),
    }
    for role, entry in restore.get("parents", {}).items():
        out[role] = _version(Parent, entry["id"])
    return out


def _version(model: type[Model], pk: Any) -> int | None:
    return model._default_manager.filter(pk=pk).values_list("lock_version", flat=True).first()


def _locked(child: Child) -> Child:
    """The file re-read and locked for the rest of the transaction."""
    try:
        return (
            children_for_jobs().select_for_update(of=("self",)).select_related("household", "village").get(pk=child.pk)
        )
    except Child.DoesNotExist:
        raise ActionError("no such child") from None


def _village(actor, value: Any) -> Division:
    code = value.pk if isinstance(value, Division) else str(value)
    village = villages_for(actor).filter(pk=code).first()
    if village is None:
        raise MergeRefused(_("The village %(code)s is not one of yours.") % {"code": code})
    return village


def _siblings(*children: Child) -> list[int]:
    households = {ch.household_id for ch in children}
    return list(children_for_jobs().filter(household_id__in=households).values_list("pk", flat=True))


@transaction.atomic
def do_merge_values(actor, child: Child, values: dict[str, Any], *, source: str, request=None) -> ChildMerge:
    """Write catalogue-coded values into an existing file, keeping the values before for the undo.

    Codes outside ``MERGEABLE`` (the file number, the household key, the lifecycle, members) are
    not written. A ``child.village`` that differs transfers the file (children.actions). Usable
    inside an outer transaction (the ledger import's).
    """
    child = _locked(child)
    if not merge_access.can_merge_into(actor, child):
        raise ActionError("may not merge into this file")
    values = {code: _normalise(code, v) for code, v in values.items() if code in MERGEABLE}
    values = {code: v for code, v in values.items() if _writable(code, v)}
    merge = ChildMerge(kind=ChildMerge.Kind.VALUES, actor=actor if getattr(actor, "pk", None) else None, child=child)
    merge.source = source[:255]
    restore_village = _move_village(actor, child, values.pop("child.village", None))
    written = _write_values(child, child.household, values)
    _bump(written.saved)
    restore = written.restore
    if restore_village:
        restore["village"] = restore_village
        written.changes["child.village"] = restore_village
    restore["versions"] = _versions(restore)
    merge.changes, merge.restore = written.changes, restore
    merge.save()
    do_log(
        actor,
        MERGE,
        child=child,
        details={"merge": str(merge.uuid), "kind": merge.kind, "source": merge.source, "changes": written.changes},
        request=request,
    )
    facts_changed(_siblings(child), "merge")
    return merge


def _move_village(actor, child: Child, value: Any) -> list[str] | None:
    if not value or value == child.village_id:
        return None
    before = child.village_id
    do_transfer_child(actor, child, _village(actor, value), timezone.localdate(), _site_text(MERGE_REASON))
    return [before, child.village_id]


MERGE_REASON = gettext_lazy("Village taken from a duplicate file when merging")


def _site_text(text, **params) -> str:
    """A text stored with a record (a closure note, a transfer reason) in the site's language, so
    that it reads the same for everyone, as children.minimise does for what it erases."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text) % params if params else str(text)


# ------------------------------------------------------------------ merging two files


@dataclass
class Relation:
    """A foreign key or one-to-one field of some installed model that points at Child."""

    model: type[Model]
    field: models.ForeignKey

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def village_scoped(self) -> bool:
        # VillageScoped rows keep their child's village in step through their `child` field.
        return issubclass(self.model, VillageScoped) and self.field.name == "child"


def relations() -> list[Relation]:
    """Every relation to Child of every installed app (hidden ones too: related_name="+"), but
    the files' own history (STAYS). Discovered, so that a new app's records move without this
    module knowing them."""
    found = []
    for rel in Child._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        model = rel.related_model
        if model._meta.label_lower in STAYS or model._meta.app_label in STAYS:
            continue
        found.append(Relation(model, rel.field))
    return sorted(found, key=lambda r: (r.label, r.field.name))


def _unique_sets(relation: Relation) -> list[tuple[list[str], Q | None]]:
    """The unique field sets of the model that include the relation's field, with their condition."""
    name, opts = relation.field.name, relation.model._meta
    sets: list[tuple[list[str], Q | None]] = []
    if relation.field.unique or relation.field.primary_key:
        sets.append(([name], None))
    for together in opts.unique_together:
        if name in together:
            sets.append((list(together), None))
    for constraint in opts.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and name in constraint.fields:
            sets.append((list(constraint.fields), constraint.condition))
    return sets


def _attnames(model: type[Model], names: list[str]) -> list[str]:
    return [model._meta.get_field(n).attname for n in names]


def _split(relation: Relation, source: Child, target: Child, pks: list | None = None) -> tuple[list, list]:
    """The rows of `source` (or only `pks`) that may move to `target`, and those that would break a
    unique rule because `target` has its own."""
    manager = relation.model._base_manager
    attname = relation.field.attname
    rows = manager.filter(**{attname: source.pk})
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    all_pks = list(rows.values_list("pk", flat=True))
    if not all_pks:
        return [], []
    blocked: set = set()
    for names, condition in _unique_sets(relation):
        others = [a for a in _attnames(relation.model, names) if a != attname]
        theirs = manager.filter(**{attname: target.pk})
        mine = manager.filter(pk__in=all_pks)
        if condition is not None:
            theirs, mine = theirs.filter(condition), mine.filter(condition)
        if not others:
            if theirs.exists():
                blocked |= set(mine.values_list("pk", flat=True))
            continue
        taken = set(theirs.values_list(*others))
        for pk, *key in mine.values_list("pk", *others):
            if tuple(key) in taken:
                blocked.add(pk)
    return [pk for pk in all_pks if pk not in blocked], [pk for pk in all_pks if pk in blocked]


def _move(relation: Relation, pks: list, target: Child) -> list:
    """Point these rows at `target`; returns their primary keys afterwards (a one-to-one primary
    key such as the follow-up's is the child's id itself)."""
    if not pks:
        return []
    update: dict[str, Any] = {relation.field.attname: target.pk}
    if relation.village_scoped:
        update["village_id"] = target.village_id
    relation.model._base_manager.filter(pk__in=pks).update(**update)
    return [target.pk] if relation.field.primary_key else pks


@dataclass
class Plan:
    """What merging `drop` into `keep` would move, per relation (the comparison page's summary)."""

    moves: list[tuple[Relation, list, list]]  # (relation, pks that move, pks that stay)

    def counts(self) -> list[tuple[str, int, int]]:
        """(the records' name in the user's language, how many move, how many stay), non-empty only."""
        out: dict[str, list[int]] = {}
        for relation, moving, staying in self.moves:
            if moving or staying:
                label = str(relation.model._meta.verbose_name_plural)
                pair = out.setdefault(label, [0, 0])
                pair[0] += len(moving)
                pair[1] += len(staying)
        return [(label, m, s) for label, (m, s) in out.items()]


def plan_merge(keep: Child, drop: Child) -> Plan:
    return Plan([(relation, *_split(relation, drop, keep)) for relation in relations()])


def merge_versions(keep: Child, drop: Child) -> dict[str, int]:
    """The versions of both files, their households and parents: the comparison page carries them,
    and a confirmation from a page opened before any of them changed is refused (StaleEdit)."""
    out: dict[str, int] = {}
    for side, child in ((KEEP, keep), (DROP, drop)):
        row = children_for_jobs().filter(pk=child.pk).values("lock_version", "household_id", "household__lock_version")
        row = row.first() or {}
        out[f"{side}"] = row.get("lock_version", 0)
        out[f"{side}.household"] = row.get("household__lock_version", 0)
        for role, version in Parent.objects.filter(household_id=row.get("household_id")).values_list(
            "role", "lock_version"
        ):
            out[f"{side}.{role}"] = version
    return out


def merged_values(keep: Child, drop: Child, fields: dict[str, str]) -> dict[str, Any]:
    """The values to write into the kept file (and the household it ends up in) for these choices."""
    target = drop if fields.get(HOUSEHOLD_CHOICE) == DROP else keep
    keep_parents, drop_parents = parents_of(keep.household), parents_of(drop.household)
    values: dict[str, Any] = {}
    for code in MERGEABLE:
        side = drop if fields.get(code) == DROP else keep
        table = code.split(".", 1)[0]
        if table == "child" and side is keep:
            continue
        if table != "child" and side.household_id == target.household_id:
            continue  # the value is the household's own already
        parents = keep_parents if side is keep else drop_parents
        value = value_of(side, code, parents=parents)
        if table in ROLES and value is None:
            continue  # no such parent on the chosen side: nothing to take
        value = _normalise(code, value)
        if _writable(code, value):
            values[code] = value
    return values


@transaction.atomic
def do_merge_children(
    actor,
    keep: Child,
    drop: Child,
    *,
    fields: dict[str, str],
    seen: dict[str, int] | None = None,
    source: str = "profile",
    request=None,
) -> ChildMerge:
    """Merge `drop` into `keep` (see the module's docstring). `seen`: merge_versions() as the page
    showed them; if any record changed since, StaleEdit and nothing is written."""
    first, second = sorted((keep, drop), key=lambda ch: ch.pk)
    first, second = _locked(first), _locked(second)
    keep, drop = (first, second) if first.pk == keep.pk else (second, first)
    if not merge_access.can_merge(actor, keep, drop):
        raise ActionError("may not merge these files")
    if seen is not None:
        now = merge_versions(keep, drop)
        stale = sorted(key for key in set(now) | set(seen) if now.get(key) != seen.get(key))
        if stale:
            raise StaleEdit(stale, current=keep)
    values = merged_values(keep, drop, fields)
    restore_village = None
    village = values.pop("child.village", None)
    merge = ChildMerge(kind=ChildMerge.Kind.FILES, actor=actor if getattr(actor, "pk", None) else None)
    merge.child, merge.dropped, merge.source = keep, drop, source[:255]
    # The household: the kept file joins the other's only when chosen so.
    household_switch = None
    if fields.get(HOUSEHOLD_CHOICE) == DROP and drop.household_id != keep.household_id:
        household_switch = [keep.household_id, drop.household_id]
        keep.household = drop.household
        keep.save(update_fields=["household", "updated_at"])
    written = _write_values(keep, keep.household, values)
    # The records: every relation to Child but the files' own history.
    moved, stayed, counts = [], [], {}
    for relation, moving, staying in plan_merge(keep, drop).moves:
        for pk in _move(relation, moving, keep):
            moved.append([relation.label, relation.field.name, pk])
        stayed += [[relation.label, relation.field.name, pk] for pk in staying]
        if moving:
            counts[relation.label] = counts.get(relation.label, 0) + len(moving)
    # The dropped file is closed (children.actions: its history says so, and it leaves the schedule).
    dropped_before = {
        "status": drop.status,
        "closure_reason": drop.closure_reason,
        "closed_on": _json(drop.closed_on),
        "closure_note": drop.closure_note,
        "closed_by": drop.closed_by_id,
    }
    note = _site_text(INTO_NOTE, name=keep.name, number=str(keep.uuid))[:255]
    do_close_child(actor, drop, c.ClosureReason.MERGED, timezone.localdate(), note, request=request)
    if village and village != keep.village_id:
        restore_village = _move_village(actor, keep, village)
    _bump([*written.saved, drop] + ([keep] if household_switch and keep not in written.saved else []))
    restore = written.restore
    restore["dropped"] = {"id": drop.pk, "before": dropped_before}
    if household_switch:
        restore["household_id"] = household_switch
        written.changes[HOUSEHOLD_CHOICE] = [str(_uuid_of(household_switch[0])), str(drop.household.uuid)]
    if restore_village:
        restore["village"] = restore_village
        written.changes["child.village"] = restore_village
    restore["versions"] = _versions(restore)
    restore["versions"]["dropped"] = _version(Child, drop.pk)
    merge.changes, merge.restore, merge.moved, merge.stayed = written.changes, restore, moved, stayed
    merge.save()
    do_log(
        actor,
        MERGE,
        child=keep,
        details={
            "merge": str(merge.uuid),
            "kind": merge.kind,
            "from": str(drop.uuid),
            "source": merge.source,
            "changes": written.changes,
            "moved": counts,
            "note": _site_text(FROM_NOTE, name=drop.name, number=str(drop.uuid)),
        },
        request=request,
    )
    do_log(
        actor,
        MERGE,
        child=drop,
        details={"merge": str(merge.uuid), "kind": merge.kind, "into": str(keep.uuid), "moved": counts, "note": note},
        request=request,
    )
    facts_changed(_siblings(keep, drop), "merge")
    return merge


INTO_NOTE = gettext_lazy("Merged into the file of %(name)s (file number %(number)s).")
FROM_NOTE = gettext_lazy("The file of %(name)s (file number %(number)s) was merged into this one.")
UNDO_NOTE = gettext_lazy("Merge undone.")


def _uuid_of(household_id: int):
    return Household.objects.filter(pk=household_id).values_list("uuid", flat=True).first()


# ------------------------------------------------------------------ undo


def _field_label(model: type[Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return str(f.verbose_name)
    return attname


def _overwritten(restore: dict[str, Any]) -> list[str]:
    """The fields a later edit changed that the undo would overwrite (their labels)."""
    versions = restore.get("versions", {})
    out: list[str] = []
    entries = [("child", Child, restore["child"]), ("household", Household, restore["household"])]
    entries += [(role, Parent, entry) for role, entry in restore.get("parents", {}).items()]
    for key, model, entry in entries:
        if not entry["fields"] and not entry.get("created"):
            continue
        record = model._default_manager.filter(pk=entry["id"]).first()
        if record is None:
            continue  # a parent the merge created, removed since: nothing to overwrite
        if record.lock_version == versions.get(key):
            continue  # not edited since the merge
        for attname, (_before, after) in entry["fields"].items():
            if _json(getattr(record, attname)) != after:
                label = capfirst(_field_label(model, attname))
                if model is Parent:
                    label = _("%(who)s: %(what)s") % {"who": c.ParentRole(key).label, "what": label}
                out.append(label)
    return out


@transaction.atomic
def do_undo_merge(actor, merge: ChildMerge, *, request=None) -> None:
    """Reverse a merge: restore the values, move the records back, reopen the dropped file.

    Refused (MergeRefused, with the reason for the user) when the merge was undone already, when a
    later merge of either file still stands, when the dropped file was reopened since, or when an
    edit since the merge changed a value the undo would restore.
    """
    merge = ChildMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.is_undone:
        raise MergeRefused(_("This merge was undone already."))
    keep = _locked(merge.child)
    drop = _locked(merge.dropped) if merge.dropped_id else None
    merge.child, merge.dropped = keep, drop
    if not merge_access.can_undo(actor, merge):
        raise ActionError("may not undo this merge")
    ids = [keep.pk] + ([drop.pk] if drop else [])
    later = ChildMerge.objects.filter(Q(child_id__in=ids) | Q(dropped_id__in=ids), pk__gt=merge.pk, undone_at=None)
    if later.exists():
        raise MergeRefused(_("One of these files was merged again later: undo that merge first."))
    if drop is not None and not (drop.is_closed and drop.closure_reason == c.ClosureReason.MERGED):
        raise MergeRefused(_("The merged file was reopened or changed since: this merge cannot be undone."))
    restore = merge.restore
    if not restore:
        raise MergeRefused(
            _("The personal data of these files were erased after the retention period: this merge cannot be undone.")
        )
    overwritten = _overwritten(restore)
    if overwritten:
        raise MergeRefused(
            _(
                "Since the merge, someone changed %(fields)s in the kept file. Undoing the merge would "
                "overwrite that change, so nothing was undone. Correct the file by hand instead."
            )
            % {"fields": "、".join(overwritten)}
        )
    # The records first: a unique rule broken by a record added since refuses the whole undo.
    by_label = {(r.label, r.field.name): r for r in relations()}
    back: dict[tuple[str, str], list] = {}
    for label, name, pk in merge.moved:
        back.setdefault((label, name), []).append(pk)
    if drop is not None:
        for key, pks in back.items():
            relation = by_label.get(key)
            if relation is None:
                continue  # an app removed since: its rows are gone with it
            movable, blocked = _split(relation, keep, drop, pks)
            if blocked:
                raise MergeRefused(
                    _("The merged file has a record of its own now that would clash (%(what)s): undo refused.")
                    % {"what": relation.model._meta.verbose_name}
                )
            _move(relation, movable, drop)
    # The values.
    if restore.get("village"):
        do_transfer_child(
            actor, keep, _village(actor, restore["village"][0]), timezone.localdate(), _site_text(UNDO_NOTE)
        )
    saved: list[Model] = []
    for _key, model, entry in [("child", Child, restore["child"]), ("household", Household, restore["household"])]:
        record = keep if model is Child else Household.objects.filter(pk=entry["id"]).first()
        if record is None or not entry["fields"]:
            continue
        for attname, (before, _after) in entry["fields"].items():
            setattr(record, attname, _python(model, attname, before))
        if model is Child:
            record.name_pinyin, record.name_initials = name_keys(record.name)
        record.save()
        saved.append(record)
    for entry in restore.get("parents", {}).values():
        parent = Parent.objects.filter(pk=entry["id"]).first()
        if parent is None:
            continue
        if entry.get("created"):
            parent.delete()
            continue
        for attname, (before, _after) in entry["fields"].items():
            setattr(parent, attname, _python(Parent, attname, before))
        parent.save()
        saved.append(parent)
    if restore.get("household_id"):
        keep.household_id = restore["household_id"][0]
        keep.save(update_fields=["household", "updated_at"])
        if keep not in saved:
            saved.append(keep)
    # The dropped file, as it was before.
    if drop is not None:
        before = restore["dropped"]["before"]
        drop.status = before["status"]
        drop.closure_reason = before["closure_reason"]
        drop.closed_on = _python(Child, "closed_on", before["closed_on"])
        drop.closure_note = before["closure_note"]
        drop.closed_by_id = before["closed_by"]
        drop.save(update_fields=["status", "closure_reason", "closed_on", "closure_note", "closed_by", "updated_at"])
        saved.append(drop)
    _bump(saved)
    merge.undone_at, merge.undone_by = timezone.now(), actor if getattr(actor, "pk", None) else None
    merge.save(update_fields=["undone_at", "undone_by"])
    details = {"merge": str(merge.uuid), "kind": merge.kind, "note": _site_text(UNDO_NOTE)}
    undone = {code: [after, before] for code, (before, after) in merge.changes.items()}
    do_log(actor, MERGE_UNDO, child=keep, details={**details, "changes": undone}, request=request)
    if drop is not None:
        do_log(actor, MERGE_UNDO, child=drop, details=details, request=request)
    facts_changed(_siblings(keep, *([drop] if drop else [])), "merge_undone")


def _python(model: type[Model], attname: str, value: Any) -> Any:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.to_python(value) if value is not None else None
    return value


def describe_code(code: str) -> str:
    """A code as a user reads it, from the model's own (translated) field names: "Father: name"."""
    if code == HOUSEHOLD_CHOICE:
        return _("Household (family record)")
    table, name = code.split(".", 1)
    if code == "child.categories":
        return _("Categories")
    label = capfirst(str(_model_field(table, name).verbose_name))
    if table in ROLES:
        return _("%(who)s: %(what)s") % {"who": c.ParentRole(table).label, "what": label}
    return label
