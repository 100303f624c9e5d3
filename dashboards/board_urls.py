from django.urls import path

from . import board_views

urlpatterns = [
    path("board/", board_views.board_page, name="board"),
    path("board/export.xlsx", board_views.board_xlsx, name="board_xlsx"),
]
