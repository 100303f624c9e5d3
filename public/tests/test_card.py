"""The share card: a PNG drawn on the server with the headline figures, suppressed, cached."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from public import card as cards

pytestmark = pytest.mark.django_db


def test_card_is_a_square_png_for_messaging_apps(client, snapshots, tmp_path):
    response = client.get(reverse("public_area_card", args=["zh-hans", "51"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1080, 1080)
    # Saved for a person to look at (test-results/), like the browser tests' screenshots.
    (tmp_path / "card.png").write_bytes(response.content)


def test_card_is_cached_per_snapshot(client, snapshots, monkeypatch):
    drawn = []
    real = cards._draw
    monkeypatch.setattr(cards, "_draw", lambda *a: drawn.append(a) or real(*a))
    url = reverse("public_card", args=["en"])
    first = client.get(url).content
    assert client.get(url).content == first
    assert len(drawn) == 1
    lang, name, _day, items = drawn[0]
    assert (lang, name) == ("en", "China")
    assert ("Children registered", str(sum(v["files_open"] for v in snapshots.values()))) in items


def test_card_shows_only_suppressed_figures(client, snapshots, monkeypatch):
    drawn = []
    monkeypatch.setattr(cards, "_draw", lambda *a: drawn.append(a) or b"png")
    client.get(reverse("public_area_card", args=["en", "511324"]))
    items = dict(drawn[0][3])
    assert items["Children in difficulty"] == "–"  # 4 children
    assert items["Children registered"] == "–"
    assert items["Visited on time"] == "–"


def test_card_below_the_county_does_not_exist(client, snapshots):
    assert client.get("/share/zh-hans/511324100/card.png").status_code == 404


def test_the_cjk_font_is_found_or_the_card_falls_back_to_english(snapshots, monkeypatch):
    path = cards.cjk_font_path()
    if path:
        assert "CJK" in path
    cards.cjk_font_path.cache_clear()
    monkeypatch.setattr(cards, "CJK_PATHS", ())
    monkeypatch.setattr(cards.shutil, "which", lambda name: None)
    try:
        assert cards.cjk_font_path() is None
        drawn = []
        monkeypatch.setattr(cards, "_draw", lambda *a: drawn.append(a) or b"png")
        from public import figures

        day = figures.days()[-1]
        cards.card_png("zh-hans", "51", "四川省", day, [{"label": "x", "text": "1"}])
        assert drawn[0][0] == "en"  # English words in a Latin font rather than boxes
    finally:
        cards.cjk_font_path.cache_clear()
        cards._font.cache_clear()
