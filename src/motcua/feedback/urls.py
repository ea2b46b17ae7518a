"""Feedback URLs. The public ones are printed on posters and receipts and
never change (DESIGN.md §4): /phan-anh-kien-nghi/ (form and tracking) and
/hoi-dap/ (published answers). Staff screens: /can-bo/phan-anh/."""

from django.urls import include, path

from motcua.feedback import views

staff_patterns = [
    path("", views.staff_queue, name="queue"),
    path("tiep-nhan/<slug:channel>/", views.staff_intake, name="intake"),
    path("xuat.xlsx", views.staff_export, name="export"),
    path("thong-ke/", views.staff_stats, name="stats"),
    path("tep/<int:pk>/", views.staff_attachment, name="attachment"),
    path("<int:pk>/", views.staff_detail, name="detail"),
    path("<int:pk>/<slug:step>/", views.staff_step, name="step"),
]

urlpatterns = [
    path("phan-anh-kien-nghi/", views.feedback_form, name="feedback_form"),
    path("phan-anh-kien-nghi/tra-cuu/", views.feedback_lookup, name="feedback_lookup"),
    path("phan-anh-kien-nghi/<str:code>/", views.feedback_track, name="feedback_track"),
    path("phan-anh-kien-nghi/<str:code>/danh-gia/", views.feedback_rate, name="feedback_rate"),
    path("phan-anh-kien-nghi/<str:code>/mo-lai/", views.feedback_reopen, name="feedback_reopen"),
    path("hoi-dap/", views.answers, name="feedback_answers"),
    path("hoi-dap/<str:code>/", views.answer_detail, name="feedback_answer"),
    path("can-bo/phan-anh/", include((staff_patterns, "feedback"))),
]
