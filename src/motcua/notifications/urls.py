"""URLs of the notifications app, mounted at the root: the citizen pages
under /tai-khoan/, the staff pages under /can-bo/thong-bao/, the
unsubscribe link at /huy-nhan-tin/ (printed in e-mails: never change it)."""

from django.urls import path

from motcua.notifications import views

app_name = "notifications"

urlpatterns = [
    # citizens
    path("tai-khoan/thong-bao/", views.preferences, name="preferences"),
    path("tai-khoan/so-dien-thoai/", views.phone_verify, name="phone_verify"),
    path("tai-khoan/dang-nhap-sdt/", views.phone_login, name="phone_login"),
    path("tai-khoan/dang-nhap-sdt/ma/", views.phone_login_code, name="phone_login_code"),
    # public: the unsubscribe link of campaign messages
    path("huy-nhan-tin/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # staff
    path("can-bo/thong-bao/", views.staff_overview, name="staff_overview"),
    path("can-bo/thong-bao/tin/", views.staff_messages, name="staff_messages"),
    path("can-bo/thong-bao/tin/<int:pk>/", views.staff_message, name="staff_message"),
    path("can-bo/thong-bao/tin/<int:pk>/gui-lai/", views.staff_resend, name="staff_resend"),
    path("can-bo/thong-bao/that-bai/", views.staff_failures, name="staff_failures"),
    path("can-bo/thong-bao/mau/", views.template_list, name="template_list"),
    path(
        "can-bo/thong-bao/mau/<str:event>/<str:channel>/",
        views.template_edit,
        name="template_edit",
    ),
    path("can-bo/thong-bao/chien-dich/", views.campaign_list, name="campaign_list"),
    path("can-bo/thong-bao/chien-dich/them/", views.campaign_create, name="campaign_create"),
    path("can-bo/thong-bao/chien-dich/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("can-bo/thong-bao/chien-dich/<int:pk>/sua/", views.campaign_edit, name="campaign_edit"),
    path("can-bo/thong-bao/chien-dich/<int:pk>/gui/", views.campaign_send, name="campaign_send"),
    path(
        "can-bo/thong-bao/chien-dich/<int:pk>/dung/",
        views.campaign_cancel,
        name="campaign_cancel",
    ),
]
