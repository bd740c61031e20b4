from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("follow/", views.follow, name="follow"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("moderate/<str:token>/", views.moderate, name="moderate"),
    path("preferences/", views.preferences, name="preferences"),
]
