"""The Department's website in a real browser against the production server
(the session server of ``conftest.py``, demo data loaded):

1. the demo editor drafts a news article in the Wagtail admin and submits it
   for approval — it is not public yet;
2. the demo approver approves it, which publishes it;
3. an anonymous visitor finds it from the home page by searching without
   accents, and opens it.

axe-core finds no serious or critical violation on the home page, the news
index, a news article, a guide, the document library and the search page.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PASSWORD = "motcua-demo-2026"
EDITOR = "bientap@motcua.test"
APPROVER = "pheduyet@motcua.test"


def sign_in(page: Page, email: str) -> None:
    page.goto("/tai-khoan/login/?next=/admin/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def admin_id(page: Page, explorer_url: str, title: str) -> str:
    """The id of the child page ``title`` listed in an explorer page."""
    page.goto(explorer_url)
    link = page.locator(
        "a[href$='/edit/']", has_text=re.compile(rf"^\s*{re.escape(title)}\s*$")
    ).first
    return re.search(r"/admin/pages/(\d+)/edit/", link.get_attribute("href") or "").group(1)


def test_editor_drafts_approver_publishes_visitor_finds_it(
    server: Any, new_context: Any, shoot: Any, a11y: Any
) -> None:
    title = f"Thử nghiệm nhận kết quả qua bưu điện {int(time.time())}"

    # -- 1. The editor drafts and submits.
    editor = new_context().new_page()
    sign_in(editor, EDITOR)
    home_id = admin_id(editor, "/admin/pages/", "Trang chủ")
    news_id = admin_id(editor, f"/admin/pages/{home_id}/", "Tin tức")
    editor.goto(f"/admin/pages/add/cms/newspage/{news_id}/")
    editor.locator("#id_title").fill(title)
    editor.locator("#id_summary").fill(
        "Người dân đăng ký nhận kết quả thủ tục hành chính tại nhà qua dịch vụ bưu chính công ích."
    )
    # The publishing unit starts as the editor's own (Văn phòng Sở).
    expect(editor.locator("#id_unit option:checked")).to_have_text(re.compile("Văn phòng Sở"))
    editor.locator("button.c-sf-add-button").first.click()
    editor.get_by_role("option").first.click()  # the text block
    body = editor.locator(".Draftail-Editor [contenteditable=true]").first
    expect(body).to_be_visible()
    body.click()
    editor.keyboard.type("Khi nộp hồ sơ, hãy chọn nhận kết quả qua dịch vụ bưu chính công ích.")
    # Draftail writes its content to the form a moment after typing.
    expect(editor.locator("input[name='body-0-value']")).to_have_value(re.compile("bưu chính"))
    # No "Publish" for an editor: only save and submit.
    footer = editor.locator("footer")
    expect(footer.get_by_role("button", name=re.compile(r"^Xuất bản"))).to_have_count(0)
    footer.get_by_role("button", name="Thao tác khác").click()
    footer.get_by_role("button", name=re.compile(r"^Gửi duyệt")).click()
    messages = editor.locator(".messages")
    expect(messages).to_contain_text("gửi duyệt")
    shoot(editor, "01-editor-submitted")
    edit_link = messages.locator("a[href$='/edit/']").first.get_attribute("href") or ""
    page_id = re.search(r"/admin/pages/(\d+)/edit/", edit_link).group(1)

    # Not public while it waits.
    visitor = new_context().new_page()
    response = visitor.goto(f"/trang/{page_id}/")
    assert response is not None and response.status == 404

    # -- 2. The approver approves, which publishes.
    approver = new_context().new_page()
    sign_in(approver, APPROVER)
    expect(approver.get_by_text(title).first).to_be_visible()  # "awaiting your review"
    approver.goto(f"/admin/pages/{page_id}/edit/")
    approver_footer = approver.locator("footer")
    approver_footer.get_by_role("button", name="Thao tác khác").click()
    approver_footer.get_by_role("button", name=re.compile(r"^Phê duyệt( và xuất bản)?$")).click()
    # Approved: back to the news section's listing, the article is live.
    expect(approver).to_have_url(re.compile(rf"/admin/pages/{news_id}/$"))
    shoot(approver, "02-approver-approved")
    response = visitor.goto(f"/trang/{page_id}/")
    assert response is not None and response.status == 200

    # -- 3. A visitor finds it without accents, from the home page.
    visitor.goto("/")
    expect(visitor.locator("html")).to_have_attribute("lang", "vi")
    a11y.check(visitor, "home")
    shoot(visitor, "03-home")
    visitor.locator("#q").fill("nhan ket qua qua buu dien")
    visitor.locator("#q").press("Enter")
    expect(visitor).to_have_url(re.compile(r"/tim-kiem/\?q=nhan"))
    a11y.check(visitor, "search")
    shoot(visitor, "04-search")
    visitor.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    a11y.check(visitor, "news-article")
    shoot(visitor, "05-article")
    a11y.assert_clean()


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("news", "/tin-tuc/"),
        ("news-with-images", "/tin-tuc/duy-tri-duong-day-nong-va-hop-thu-gop-y/"),
        ("guide", "/huong-dan/tao-lap-va-nop-ho-so-dien-tu/"),
        ("documents", "/van-ban/"),
        ("document", "/van-ban/ke-hoach-tuyen-truyen-cai-cach-hanh-chinh-nam-2020/"),
        ("contact", "/lien-he/"),
        ("search-empty", "/tim-kiem/"),
    ],
)
def test_website_pages_have_no_serious_accessibility_problem(
    name: str, path: str, server: Any, new_context: Any, shoot: Any, a11y: Any
) -> None:
    page = new_context().new_page()
    response = page.goto(path)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    a11y.check(page, name)
    shoot(page, name)
    # Phones: the same page at 360 px wide.
    page.set_viewport_size({"width": 360, "height": 740})
    a11y.check(page, f"{name}-phone")
    a11y.assert_clean()


def test_website_works_without_javascript(server: Any, new_context: Any) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/van-ban/")
    page.locator("#id_loai").select_option("ke-hoach")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"loai=ke-hoach"))
    expect(page.locator(".doc-item").first).to_contain_text("Kế hoạch")
    page.goto("/tin-tuc/")
    page.locator("#news-q").fill("sot xuat huyet")
    page.locator("#news-q").press("Enter")
    expect(page.locator(".news-item")).to_have_count(1)
