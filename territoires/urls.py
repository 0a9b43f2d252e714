from django.urls import path, re_path

from territoires import views

app_name = "territoires"

urlpatterns = [
    path("", views.trouver, name="trouver"),
    path("autocompletion/", views.autocompletion, name="autocompletion"),
    re_path(r"^(?P<niveau>[a-z]+)/(?P<code>[0-9A-Za-z]{1,9})/$", views.detail, name="detail"),
]
