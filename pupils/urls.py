"""The pupil pages, under /pupils/. No page deletes a pupil or a contact."""

from django.urls import path

from pupils import views

app_name = "pupils"

urlpatterns = [
    path("", views.pupil_list, name="list"),
    path("new/", views.pupil_create, name="add"),
    path("<int:pk>/", views.pupil_detail, name="detail"),
    path("<int:pk>/edit/", views.pupil_edit, name="edit"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_add"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/attendance/", views.attendance_record, name="attendance"),
    path("<int:pk>/viewed-by/", views.pupil_viewers, name="viewers"),
]
