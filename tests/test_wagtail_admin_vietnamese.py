"""The Wagtail admin screens an editor meets first read Vietnamese.

Wagtail's own Vietnamese covers a fraction of its strings; the project
fills the gaps in ``locale_overrides/vi`` (``django.po`` for templates and
Python, ``djangojs.po`` for the React sidebar and editor widgets). These
tests sign in as a superuser and check the visible text of the sign-in
page, the dashboard, the page explorer, the page search, the page chooser,
the page editor (edit and create), the main menu and account menu, the
action menu, the status side panel and the flash messages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.translation import trans_real
from wagtail.models import Page

pytestmark = pytest.mark.django_db

EMAIL = "quantri.noidung@motcua.test"
PASSWORD = "Mat-khau-bien-tap-2026"

# Common English words of the admin that must not be left on a screen.
# Data is not translated: the root page is "Root", Wagtail's welcome page is
# "Welcome to your new Wagtail site!" and its workflow is "Moderators approval".
ENGLISH_COMMON = [
    "Dashboard",
    "Pages",
    "Images",
    "Documents",
    "Snippets",
    "Reports",
    "Settings",
    "Help",
    "Search",
    "Account",
    "Log out",
    "Sign in",
    "Password",
    "Remember me",
    "Skip to main content",
    "Edit",
    "Delete",
    "Move",
    "Copy",
    "History",
    "Status",
    "Title",
    "Updated",
    "Type",
    "Draft",
    "Live",
    "Publish",
    "Unpublish",
    "Save draft",
    "Submit for moderation",
    "Preview",
    "Content",
    "Promote",
    "Comments",
    "Checks",
    "More actions",
    "Sort menu order",
    "Add child page",
    "Bulk actions",
    "Select all",
    "Keyboard shortcuts",
    "Privacy",
    "Usage",
    "Lock",
    "Unlocked",
    "No results",
]


class _VisibleText(HTMLParser):
    """Text a person sees: text nodes outside <script>/<style>, plus
    placeholders (shown in empty inputs)."""

    def __init__(self) -> None:
        super().__init__()
        self._hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name == "placeholder" and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def english_left(text: str, words: list[str] = ENGLISH_COMMON) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def vi_client() -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


@pytest.fixture
def superuser():
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_superuser(
        email=EMAIL, password=PASSWORD, full_name="Trần Thị Biên Tập"
    )
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


@pytest.fixture
def editor(superuser) -> Client:
    """A superuser signed in through the site's sign-in form (Wagtail's own
    sign-in URL redirects there)."""
    client = vi_client()
    response = client.post("/tai-khoan/login/?next=/admin/", {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == "/admin/"
    return client


@pytest.fixture
def home() -> Page:
    """Wagtail's initial migration creates the root and a welcome page."""
    return Page.get_first_root_node().get_children().first()


@pytest.fixture
def page(home: Page) -> Page:
    return home.add_child(instance=Page(title="Giới thiệu Sở Y tế", slug="gioi-thieu"))


@pytest.fixture
def creatable_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only wagtailcore's base Page exists yet, and Wagtail does not let
    editors create it; allow it so the create view can be rendered."""
    monkeypatch.setattr(Page, "is_creatable", True)


def screens(client: Client, home: Page, page: Page) -> Iterator[tuple[str, str]]:
    """(name, HTML) of each screen under test, all answering 200."""
    urls = {
        "dashboard": "/admin/",
        "explorer-root": "/admin/pages/",
        "explorer": f"/admin/pages/{home.id}/",
        "search": "/admin/pages/search/?q=gioi",
        "create": f"/admin/pages/add/wagtailcore/page/{page.id}/",
        "edit": f"/admin/pages/{page.id}/edit/",
    }
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        yield name, response.content.decode()


# ------------------------------------------------------------- sign-in


def test_wagtail_sign_in_goes_to_the_site_sign_in_with_its_second_factor(superuser):
    client = vi_client()
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/login/?next=%2Fadmin%2Fpages%2F"
    # A password posted to Wagtail's form signs nobody in.
    response = client.post("/admin/login/", {"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


# ------------------------------------------------------------- screens

EXPECTED = {
    "dashboard": ["Tổng quan trang web", "Tài khoản", "Tìm trong tất cả các trang…"],
    "explorer-root": ["Trang web", "Cấp gốc là nơi thêm trang web mới"],
    "explorer": [
        "Tiêu đề",
        "Cập nhật",
        "Loại",
        "Trạng thái",
        "đã xuất bản",
        "Thêm trang con",
        "Sắp xếp thứ tự trong menu",
    ],
    "search": ["Tìm kiếm khác", "Loại trang", "Không có trang nào khớp với"],
    "create": [
        "Nội dung",
        "Thiết lập hiển thị",
        "Tiêu đề trang",
        "Lưu bản nháp",
        "Xuất bản",
        "Mới",
    ],
    "edit": [
        # editor tabs and fields
        "Nội dung",
        "Thiết lập hiển thị",
        "Đường dẫn",
        "Tiêu đề SEO",
        "Dành cho công cụ tìm kiếm",
        # action menu
        "Lưu bản nháp",
        "Xuất bản",
        "Gửi duyệt",
        "Thu hồi xuất bản",
        # status side panel
        "Ai cũng có thể sửa trang này",
        "Thay đổi quyền xem",
        "Chưa đặt lịch xuất bản",
        "Đặt lịch",
        "Xem lịch sử",
        "Nơi sử dụng",
        # checks panel
        "Chỉ số nội dung",
        "Thời gian đọc",
    ],
}


def test_admin_screens_are_vietnamese(editor, home, page, creatable_page):
    page.save_revision().publish()
    for name, html in screens(editor, home, page):
        text = visible_text(html)
        missing = [s for s in EXPECTED[name] if s not in text]
        assert missing == [], (name, missing)
        assert english_left(text) == [], (name, english_left(text))


def test_english_is_still_available_for_those_who_choose_it(editor):
    """Guards the checks above: the same words appear in English."""
    editor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = visible_text(editor.get("/admin/pages/").content.decode())
    assert {"Title", "Status"} <= set(english_left(text))


def test_sidebar_and_account_menu_are_vietnamese(editor):
    html = editor.get("/admin/").content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    assert props
    labels: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("name"), str) and isinstance(node.get("label"), str):
                labels[node["name"]] = node["label"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    expected = {
        "explorer": "Trang",
        "images": "Hình ảnh",
        "documents": "Tài liệu",
        "reports": "Báo cáo",
        "settings": "Cài đặt",
        "users": "Người dùng",
        "sites": "Trang web",
        "workflows": "Quy trình duyệt",
        "help": "Trợ giúp",
        "account": "Tài khoản",
        "logout": "Đăng xuất",
    }
    assert {name: labels.get(name) for name in expected} == expected
    assert english_left("\n".join(labels.values())) == []


# ------------------------------------------------------ flash messages


def test_flash_messages_are_vietnamese(editor, page):
    url = f"/admin/pages/{page.id}/edit/"
    data = {"title": "Giới thiệu", "slug": "gioi-thieu"}

    def message(response) -> str:
        return visible_text(" ".join(str(m) for m in response.context["messages"]))

    assert "Đã cập nhật trang 'Giới thiệu'." in message(editor.post(url, data, follow=True))
    response = editor.post(url, {**data, "title": ""}, follow=True)
    assert "Không thể lưu trang do có lỗi nhập liệu." in message(response)
    assert "Trường này là bắt buộc." in visible_text(response.content.decode())
    published = editor.post(url, {**data, "action-publish": "1"}, follow=True)
    assert "Đã xuất bản trang 'Giới thiệu'." in message(published)
    submitted = editor.post(url, {**data, "action-submit": "1"}, follow=True)
    assert "Đã gửi duyệt trang 'Giới thiệu'." in message(submitted)
    # Once in moderation, the action menu and status panel say so.
    text = visible_text(editor.get(url).content.decode())
    for expected in ("Phê duyệt", "Yêu cầu chỉnh sửa", "Hủy quy trình duyệt", "Đang chờ duyệt"):
        assert expected in text
    assert (
        english_left(text, [*ENGLISH_COMMON, "Approve", "Request changes", "In Moderation"]) == []
    )


def test_create_messages_are_vietnamese(editor, page, creatable_page):
    url = f"/admin/pages/add/wagtailcore/page/{page.id}/"
    response = editor.post(url, {"title": "Tin tức", "slug": "tin-tuc"}, follow=True)
    messages = visible_text(" ".join(str(m) for m in response.context["messages"]))
    assert "Đã tạo trang 'Tin tức'." in messages


# ------------------------------------------------ JavaScript catalogue


def test_javascript_catalogue_carries_the_overrides(editor):
    """The sidebar and editor widgets are React/Stimulus; their strings come
    from /admin/jsi18n/, which merges LOCALE_PATHS' djangojs.po on top of
    Wagtail's."""
    body = editor.get("/admin/jsi18n/").content.decode()
    for vi in ("Menu chính", "Ẩn/hiện thanh bên", "Cài đặt", "Duyệt trang", "Thu gọn tất cả"):
        assert json.dumps(vi) in body, vi


# ---------------------------------------------- nothing left untranslated

# Looked up but rightly identical in Vietnamese (or not words at all).
SAME_IN_VIETNAMESE = {"…", ":", "Email", "URL", "Tiếng Việt", "English", "%(field_label)s:"}


def test_no_string_on_these_screens_falls_back_to_english(
    editor, home, page, creatable_page, monkeypatch
):
    """Every msgid looked up while the screens render has a Vietnamese entry
    (the project's catalogues, the overrides, Wagtail's or Django's)."""
    untranslated: set[str] = set()
    gettext = trans_real.DjangoTranslation.gettext
    ngettext = trans_real.DjangoTranslation.ngettext

    def checked_gettext(self, message):
        result = gettext(self, message)
        if self.language() == "vi" and message not in self._catalog:
            untranslated.add(message)
        return result

    def checked_ngettext(self, singular, plural, number):
        result = ngettext(self, singular, plural, number)
        if self.language() == "vi" and (singular, 0) not in self._catalog:
            untranslated.add(singular)
        return result

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", checked_gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", checked_ngettext)
    page.save_revision().publish()
    list(screens(editor, home, page))
    editor.post(
        f"/admin/pages/{page.id}/edit/", {"title": "Giới thiệu", "slug": "gioi-thieu"}, follow=True
    )
    assert untranslated - SAME_IN_VIETNAMESE == set()
