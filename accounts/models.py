"""Users, each bound to one jurisdiction or one partner organisation."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.models import Division


class User(AbstractUser):
    class Role(models.TextChoices):
        CWD = "cwd", _("Child Welfare Director (village)")
        SUPERVISOR = "supervisor", _("Child Welfare Supervisor (township)")
        COUNTY_OFFICER = "county_officer", _("County civil-affairs officer")
        PARTNER = "partner", _("Partner-organisation staff")
        ADMIN = "admin", _("System administrator")
        # County finance staff pay the monthly allowance roll (benefits): bound to a county but
        # deliberately not in ROLE_LEVEL, so core.scope gives them no reach into the registry;
        # benefits.access grants them the county's rolls and nothing else.
        FINANCE = "finance", _("County finance staff")
        # Prefecture, province and national civil-affairs officials see aggregate figures of their
        # area (dashboards) and never a child's identity: deliberately not in ROLE_LEVEL, so
        # core.scope gives them no reach into the registry; core.scope.statistics_code gives them
        # their area for aggregates. Bound to a province or prefecture, or to none (national).
        OFFICIAL = "official", _("Civil-affairs official (prefecture, province or national)")
        # A migrant parent or a caregiver linked to their own children only (family app): not in
        # ROLE_LEVEL, so core.scope gives no reach; family.access grants their links' children.
        PARENT = "parent", _("Parent or caregiver")

    # The division level each jurisdiction-bound role must be attached to.
    ROLE_LEVEL = {
        Role.CWD: Division.Level.VILLAGE,
        Role.SUPERVISOR: Division.Level.TOWNSHIP,
        Role.COUNTY_OFFICER: Division.Level.COUNTY,
    }

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    division = models.ForeignKey(
        "geo.Division",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("jurisdiction"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("organisation"),
    )
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # When the password was last set (set_password below); the maximum password age counts from it
    # (accounts.passwords). Empty for a hash written directly (the demo's personas): never expires.
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True, editable=False)
    # A temporary password: someone else set it (an administrator in the admin, an operator with
    # `changepassword`), so the user must choose their own before any other page (accounts.passwords).
    # Cleared when the user changes it on the change page.
    must_change_password = models.BooleanField(
        _("must choose own password at next login"), default=False, editable=False
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["cwd", "supervisor", "county_officer"], division__isnull=False)
                    | models.Q(role="partner", organisation__isnull=False)
                    | models.Q(role="admin")
                    | models.Q(role="finance", division__isnull=False)
                    | models.Q(role="official")
                    | models.Q(role="parent")
                ),
                name="user_bound_to_jurisdiction_or_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        level = Division.Level.COUNTY if self.role == self.Role.FINANCE else self.ROLE_LEVEL.get(self.role)
        if level is not None:
            if self.division is None:
                raise ValidationError({"division": _("This role must be bound to a jurisdiction.")})
            if self.division.level != level:
                raise ValidationError(
                    {"division": _("This role must be bound to a %(level)s.") % {"level": Division.Level(level).label}}
                )
        if (
            self.role == self.Role.OFFICIAL
            and self.division is not None
            and self.division.level > Division.Level.PREFECTURE
        ):
            raise ValidationError(
                {
                    "division": _(
                        "An official above the county is bound to a province or a prefecture, "
                        "or to none for the whole country."
                    )
                }
            )
        if self.role == self.Role.PARTNER and self.organisation is None:
            raise ValidationError({"organisation": _("Partner staff must belong to an organisation.")})

    def set_password(self, raw_password) -> None:
        """Every way of setting a password passes here: the change page, the admin's forms,
        `changepassword`, `createsuperuser`. (Django's rehash of an unchanged password on login
        calls it too but saves only the password column, so the date is not stored then.)"""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def display_name(self) -> str:
        return self.full_name or self.username
