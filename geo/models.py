"""Administrative divisions: province → prefecture → county → township → village."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scope import code_range

# The statistical codes are prefix-structured: a village's 12-digit code starts with its
# township's 9 digits, which start with the county's 6 (GB/T 2260), the prefecture's 4 and
# the province's 2. The code itself is therefore the materialised path, and "everything
# inside X" is one indexed range scan (see code_range).
CODE_LENGTH = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}


def county_code(code: str) -> str:
    """The county part of a township's or village's code."""
    return code[: CODE_LENGTH[3]]


def township_code(code: str) -> str:
    """The township part of a village's code."""
    return code[: CODE_LENGTH[4]]


class DivisionQuerySet(models.QuerySet):
    def within(self, division: "Division") -> "DivisionQuerySet":
        """The division and all its descendants."""
        return self.filter(code__range=code_range(division.code))

    def villages(self) -> "DivisionQuerySet":
        return self.filter(level=Division.Level.VILLAGE)

    def townships(self) -> "DivisionQuerySet":
        return self.filter(level=Division.Level.TOWNSHIP)


class Division(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        PREFECTURE = 2, _("Prefecture")
        COUNTY = 3, _("County")
        TOWNSHIP = 4, _("Township")
        VILLAGE = 5, _("Village")

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    name = models.CharField(_("division name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent division")
    )
    # The full name from the province down ("山西省 临汾市 隰县 …"), kept so that lists
    # never walk the tree row by row.
    full_name = models.CharField(_("full division name"), max_length=255, blank=True)

    objects = DivisionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(level=1, code__regex=r"^[0-9]{2}$")
                    | models.Q(level=2, code__regex=r"^[0-9]{4}$")
                    | models.Q(level=3, code__regex=r"^[0-9]{6}$")
                    | models.Q(level=4, code__regex=r"^[0-9]{9}$")
                    | models.Q(level=5, code__regex=r"^[0-9]{12}$")
                ),
                name="division_code_matches_level",
            ),
        ]
        indexes = [
            # Serves the township lists of a county and the village pickers of a township.
            models.Index(fields=["parent", "name"], name="division_parent_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def contains(self, other: "Division | str") -> bool:
        code = other if isinstance(other, str) else other.code
        return code.startswith(self.code)

    def ancestor_codes(self) -> list[str]:
        return [self.code[:n] for n in CODE_LENGTH.values() if n < len(self.code)]

    def ancestors(self) -> list["Division"]:
        """From the province down to the parent, in one query."""
        return list(Division.objects.filter(code__in=self.ancestor_codes()).order_by("level"))

    def compute_full_name(self) -> str:
        return " ".join([*(a.name for a in self.ancestors()), self.name])
