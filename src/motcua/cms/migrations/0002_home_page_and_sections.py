"""The home page at "/" and the website's sections, in every installation.

Wagtail's own migrations leave a plain welcome page as the default site's
root. It becomes the ``HomePage`` in place (same id, same children), and the
sections whose addresses are printed on paper are created under it when
missing: /tin-tuc/, /huong-dan/, /van-ban/, /lien-he/. Historical models
only; the tree paths follow treebeard's (steps of 4 base-36 digits).
"""

import uuid

from django.db import migrations
from django.db.models import F
from django.utils import timezone

STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

HOME_TITLE = "Trang chủ"
HOME_HERO = "Một địa chỉ — có tất cả"
HOME_SUMMARY = (
    "Trang thông tin điện tử của Sở Y tế: thủ tục hành chính, dịch vụ công trực tuyến, "
    "tin tức, hướng dẫn, văn bản và đường dây nóng."
)

# (model, slug, title, summary)
SECTIONS = [
    (
        "newsindexpage",
        "tin-tuc",
        "Tin tức",
        "Tin cải cách hành chính, hoạt động của ngành Y tế và bản tin sức khỏe.",
    ),
    (
        "guideindexpage",
        "huong-dan",
        "Hướng dẫn",
        "Hướng dẫn từng bước sử dụng dịch vụ công trực tuyến: tạo tài khoản, nộp hồ sơ, "
        "nộp phí, nhận kết quả và tra cứu.",
    ),
    (
        "documentlibrarypage",
        "van-ban",
        "Văn bản, tài liệu",
        "Kế hoạch, báo cáo, báo cáo chỉ số hài lòng và văn bản quy phạm pháp luật của "
        "ngành Y tế.",
    ),
    (
        "contactpage",
        "lien-he",
        "Liên hệ",
        "Địa chỉ, điện thoại, đường dây nóng và hộp thư góp ý của Sở Y tế và các đơn vị.",
    ),
]


def _encode(number):
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="cms", model=model)[0]


def _add_child(apps, parent, model, slug, title, summary):
    Page = apps.get_model("wagtailcore", "Page")
    Model = apps.get_model("cms", model)
    children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if children.filter(slug=slug).exists():
        return
    last = children.order_by("-path").first()
    number = int(last.path[-STEPLEN:], 36) + 1 if last else 1
    now = timezone.now()
    Model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        summary=summary,
        content_type=_content_type(apps, model),
        path=parent.path + _encode(number),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        live=True,
        has_unpublished_changes=False,
        show_in_menus=True,
        first_published_at=now,
        last_published_at=now,
        locale_id=parent.locale_id,
        translation_key=uuid.uuid4(),
    )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    parent.numchild += 1


def _home(apps):
    """The default site's root page as a HomePage (converted or created)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("cms", "HomePage")
    home_type = _content_type(apps, "homepage")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        root = Page.objects.filter(depth=1).order_by("path").first()
        if root is None:  # no page tree at all: nothing to attach to
            return None
        _add_child(apps, root, "homepage", "trang-chu", HOME_TITLE, HOME_SUMMARY)
        home = HomePage.objects.get(path__startswith=root.path, depth=2, slug="trang-chu")
        Site.objects.create(
            hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True
        )
        return home
    page = Page.objects.get(pk=site.root_page_id)
    if page.content_type_id == home_type.pk:
        return HomePage.objects.get(pk=page.pk)
    plain = ContentType.objects.get(app_label="wagtailcore", model="page")
    if page.content_type_id != plain.pk:
        return None  # a custom home page: leave it alone
    # Add the HomePage row beside the existing page row (raw: the parent row
    # exists already), then retype the page.
    HomePage(page_ptr_id=page.pk, hero_title=HOME_HERO, summary=HOME_SUMMARY).save_base(raw=True)
    Page.objects.filter(pk=page.pk).update(
        content_type=home_type, title=HOME_TITLE, draft_title=HOME_TITLE
    )
    return HomePage.objects.get(pk=page.pk)


def forwards(apps, schema_editor):
    home = _home(apps)
    if home is None:
        return
    for model, slug, title, summary in SECTIONS:
        _add_child(apps, home, model, slug, title, summary)


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("cms", "HomePage")
    plain = ContentType.objects.get(app_label="wagtailcore", model="page")
    for home in HomePage.objects.all():
        sections = Page.objects.filter(
            path__startswith=home.path,
            depth=home.depth + 1,
            slug__in=[s[1] for s in SECTIONS],
            numchild=0,
        )
        removed = sections.count()
        for section in sections:
            section.delete()
        Page.objects.filter(pk=home.pk).update(
            content_type=plain, numchild=F("numchild") - removed
        )
        HomePage.objects.filter(pk=home.pk)._raw_delete(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
