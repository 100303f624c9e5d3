"""Form widgets and validation of the registry forms."""


def test_long_select_escapes_and_keeps_the_choice():
    from django import forms as django_forms

    from children.forms import LongSelect

    class F(django_forms.Form):
        v = django_forms.ChoiceField(choices=[("", "---"), ("a<", "甲 & 乙"), ("b", "B")], widget=LongSelect)

    html = str(F({"v": "b"})["v"])
    assert '<option value="a&lt;">甲 &amp; 乙</option>' in html
    assert '<option value="b" selected>B</option>' in html
    assert "required" in html
