from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_view, name="two_factor"),
    path("two-factor/recovery-codes/", views.new_recovery_codes_view, name="new_recovery_codes"),
    path("account/", views.account_view, name="account"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
