"""The Django admin in Chinese names every app and model in Chinese (issue 11: English model
names on the Chinese admin index), our apps' and the third-party ones' alike."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation
from django.utils.text import capfirst


def names(model) -> tuple[str, str]:
    return capfirst(str(model._meta.verbose_name_plural)), str(apps.get_app_config(model._meta.app_label).verbose_name)


@pytest.mark.parametrize("lang", ["zh-hans", "ja"])
def test_admin_index_names_every_model_and_app_in_the_users_language(people, login, lang):
    html = login(people["admin"]).get("/admin/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    registered = list(admin.site._registry)
    assert len(registered) > 10
    for model in registered:
        with translation.override("en"):
            english_model, english_app = names(model)
        with translation.override(lang):
            model_name, app_name = names(model)
        assert model_name != english_model, f"{model._meta.label}: no {lang} name"
        assert app_name != english_app, f"{model._meta.app_label}: no {lang} app name"
        assert f">{model_name}<" in html
        assert f">{english_model}<" not in html


def test_every_model_of_every_app_has_a_chinese_name():
    """Also the models the admin does not list: their names appear in messages and history."""
    for model in apps.get_models():
        with translation.override("en"):
            english = (str(model._meta.verbose_name), str(model._meta.verbose_name_plural))
        with translation.override("zh-hans"):
            chinese = (str(model._meta.verbose_name), str(model._meta.verbose_name_plural))
        if model.__module__.startswith(("tests.", "django.contrib.")):
            continue  # the test-only app; Django's own (translated by Django where it shows them)
        assert chinese[0] != english[0], model._meta.label
        assert chinese[1] != english[1], model._meta.label
