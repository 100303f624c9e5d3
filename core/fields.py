"""Model fields stored encrypted (core.crypto), and the blind index that lets them be looked up.

An encrypted field holds a Fernet token in a text column: it is encrypted whenever Django sends
it to the database (save, create, bulk_create, update, bulk_update, core.bulk.FastTable) and
decrypted when it is read (instances, values(), values_list()). The empty string is stored as
"" so that blank checks and `filter(field="")` keep working (an EncryptedJSONField stores an
empty dict or list as "" too: `filter(notes={})`, `update(notes={})`). Any other comparison in
SQL would compare with a random token and silently find nothing, so it raises FieldError: look a
value up through its BlindIndexField instead.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import FieldError
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.lookups import Exact, IsNull

from . import crypto

_EMPTY = ("", {}, [])


class _EmptyOnlyExact(Exact):
    def get_prep_lookup(self):
        if self.rhs not in _EMPTY and not hasattr(self.rhs, "resolve_expression"):
            raise FieldError(
                f"{self.lhs.output_field.name} is encrypted: compare it only with '' (use its blind index to look up)"
            )
        return super().get_prep_lookup()


class EncryptedMixin:
    """Encrypts on the way to the database, decrypts on the way back."""

    encrypted = True

    def get_internal_type(self) -> str:
        return "TextField"  # a token is about 100 characters longer than its text

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        return crypto.encrypt(value) if isinstance(value, str) else value

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return None  # Django answers with FieldError "Unsupported lookup"

    def get_transform(self, lookup_name):
        return None


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A CharField (forms keep its max_length, checked on the plain text) stored encrypted."""


class EncryptedTextField(EncryptedMixin, models.TextField):
    pass


class EncryptedJSONField(EncryptedMixin, models.JSONField):
    """A JSONField whose JSON text is stored encrypted in a text column; an empty dict or list is
    stored as "" (read back as the field's default). No key lookups (`notes__abuse`) in SQL.

    A data migration (encrypt_plain_columns) turns a stored "{}" into a token of "{}", which reads
    back the same but is not found by `filter(notes={})`: test emptiness in Python."""

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if isinstance(value, models.expressions.Value) and isinstance(value.output_field, models.JSONField):
            value = value.value
        elif hasattr(value, "as_sql"):
            return value
        if value is None:
            return None
        if value in _EMPTY:
            return ""
        return crypto.encrypt(json.dumps(value, cls=self.encoder, ensure_ascii=False))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        if value == "":
            return self.get_default()
        return json.loads(crypto.decrypt(value), cls=self.decoder)


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


class BlindIndexField(models.CharField):
    """The HMAC-SHA256 digest (core.crypto.blind_index) of another field, kept in step with it.

    Filled on save() (Child.save adds it to update_fields beside its source), create() and
    bulk_create(), FastTable rows, and BlindIndexQuerySet.update()/bulk_update(). Look up with
    `filter(<name>__in=crypto.blind_indexes(value))`, which also finds rows not yet rotated.
    """

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("max_length", 64), ("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = crypto.blind_index(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


class BlindIndexQuerySet(models.QuerySet):
    """update() and bulk_update() that set a blind index whenever they set its source."""

    def update(self, **kwargs):
        for f in blind_index_fields(self.model):
            if f.source in kwargs and f.name not in kwargs:
                if not isinstance(kwargs[f.source], str):
                    raise FieldError(f"set {f.name} yourself when {f.source} is an expression")
                kwargs[f.name] = crypto.blind_index(kwargs[f.source])
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        objs, fields = list(objs), list(fields)
        for f in blind_index_fields(self.model):
            if f.source in fields and f.name not in fields:
                for obj in objs:
                    f.pre_save(obj, False)
                fields.append(f.name)
        return super().bulk_update(objs, fields, batch_size=batch_size)

    bulk_update.alters_data = True


@dataclass
class RewriteCounts:
    rows: int = 0
    values: int = 0  # non-empty encrypted values seen
    rewritten: int = 0  # rows written back
    failed: int = 0  # values no key opens, or digests that do not match (check only)


def rewrite_encrypted(
    model: type[models.Model],
    transform: Callable[[str], tuple[str, str | None]],
    *,
    connection=None,
    batch_size: int = 1000,
    write: bool = True,
    with_indexes: bool = True,
) -> RewriteCounts:
    """Pass every stored value of the model's encrypted fields through `transform`, in batches.

    `transform(raw)` returns the plain text and the raw value to store (None: leave it). The
    blind indexes are recomputed from the plain text and written with the row when they differ.
    Raw SQL (quoted names from the model's metadata) so that the historical models of a data
    migration work too; every batch commits on its own, so an interrupted run keeps its progress.
    """
    connection = connection or connections[DEFAULT_DB_ALIAS]
    fields, indexes = encrypted_fields(model), blind_index_fields(model) if with_indexes else []
    by_name = {f.name: i for i, f in enumerate(fields)}
    qn, table, pk = connection.ops.quote_name, model._meta.db_table, model._meta.pk.column
    columns = [f.column for f in fields] + [f.column for f in indexes]
    select = (
        f"SELECT {qn(pk)}, {', '.join(map(qn, columns))} FROM {qn(table)} "  # noqa: S608 (names from metadata)
        f"WHERE {qn(pk)} > %s ORDER BY {qn(pk)} LIMIT %s"
    )
    update = f"UPDATE {qn(table)} SET {', '.join(f'{qn(c)} = %s' for c in columns)} WHERE {qn(pk)} = %s"  # noqa: S608
    counts, last = RewriteCounts(), None
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(select, [last if last is not None else _lowest(model), batch_size])
            rows = cursor.fetchall()
            changed = []
            for row in rows:
                values, digests = list(row[1 : 1 + len(fields)]), list(row[1 + len(fields) :])
                plain, dirty = [], False
                for i, raw in enumerate(values):
                    counts.values += bool(raw)
                    try:
                        text, new = transform(raw or "")
                    except crypto.UndecryptableValue:
                        counts.failed += 1
                        text, new = None, None
                    plain.append(text)
                    if new is not None and new != raw:
                        values[i], dirty = new, True
                for j, f in enumerate(indexes):
                    text = plain[by_name[f.source]]
                    if text is not None and digests[j] != crypto.blind_index(text):
                        digests[j], dirty = crypto.blind_index(text), True
                        counts.failed += not write
                if dirty and write:
                    changed.append([*values, *digests, row[0]])
            if changed:
                cursor.executemany(update, changed)
        counts.rows += len(rows)
        counts.rewritten += len(changed)
        if len(rows) < batch_size:
            return counts
        last = rows[-1][0]


def _lowest(model: type[models.Model]):
    return -1 if isinstance(model._meta.pk, models.AutoField) else ""


def _encrypt_if_plain(raw: str) -> tuple[str, str | None]:
    """A data migration's step: plain text is encrypted, a token left as it is (a rerun is harmless)."""
    if raw.startswith(crypto.TOKEN_PREFIX):
        try:
            return crypto.decrypt(raw), None
        except crypto.UndecryptableValue:
            pass  # plain text that happens to look like a token
    return raw, crypto.encrypt(raw)


def encrypt_plain_columns(model: type[models.Model], connection=None) -> RewriteCounts:
    """For data migrations: encrypt the values stored before the field was encrypted, fill digests."""
    return rewrite_encrypted(model, _encrypt_if_plain, connection=connection)


def decrypt_plain_columns(model: type[models.Model], connection=None) -> RewriteCounts:
    """The reverse of encrypt_plain_columns (before the column becomes plain again)."""

    def step(raw: str) -> tuple[str, str]:
        text = _encrypt_if_plain(raw)[0]
        return text, text

    return rewrite_encrypted(model, step, connection=connection, with_indexes=False)
