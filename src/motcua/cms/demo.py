"""Demo website (``python -m motcua demo``): slogans, news categories,
news with illustrations, step-by-step guides, the two seed plans in the
document library, the contact text, and one article waiting for approval.

Idempotent: what exists (by slug or title) is left as it is, so editors'
changes survive a second run. Runs after ``org.demo`` (units, demo users).
"""

from __future__ import annotations

import io
import json
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import RichText

from motcua.cms import demo_content as content
from motcua.cms import demo_files
from motcua.cms.models import (
    ContactPage,
    DocumentLibraryPage,
    DocumentPage,
    GuideIndexPage,
    GuidePage,
    HomePage,
    HomeSlogan,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    WebsiteSettings,
)
from motcua.org.actions import do_sync_admin_groups
from motcua.org.models import Unit

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
EDITOR_EMAIL = "bientap@motcua.test"
APPROVER_EMAIL = "pheduyet@motcua.test"


class Demo:
    def __init__(self, stdout: Any) -> None:
        self.stdout = stdout
        self.today = timezone.localdate()
        users = get_user_model().objects
        self.editor = users.filter(email=EDITOR_EMAIL).first()
        self.approver = users.filter(email=APPROVER_EMAIL).first()
        self.units = {u.code: u for u in Unit.objects.all()}
        self.images: dict[str, Any] = {}
        self.documents: dict[str, Any] = {}

    # ---------------------------------------------------------- helpers
    def image(self, key: str) -> Any:
        if key not in self.images:
            title, drawing, alt = content.IMAGES[key]
            Image = get_image_model()
            image = Image.objects.filter(title=title).first()
            if image is None:
                data = demo_files.image_bytes(
                    getattr(demo_files, drawing)(*self._drawing_args(key))
                )
                image = Image(
                    title=title,
                    description=alt,
                    uploaded_by_user=self.editor,
                    file=ImageFile(io.BytesIO(data), name=f"minh-hoa-{key}.jpg"),
                )
                image._set_image_file_metadata()
                image.save()
            self.images[key] = image
        return self.images[key]

    @staticmethod
    def _drawing_args(key: str) -> tuple[str, ...]:
        return (content.SLOGANS[2],) if key == "slogan" else ()

    def image_value(self, key: str, caption: str = "") -> dict[str, Any]:
        image = self.image(key)
        return {
            "image": {"image": image.pk, "alt_text": image.description, "decorative": False},
            "caption": caption,
        }

    def document_file(self, spec: dict[str, Any]) -> Any:
        Document = get_document_model()
        document = Document.objects.filter(title=spec["title"]).first()
        if document is None:
            text = (DATA_DIR / spec["file"]).read_text(encoding="utf-8")
            extension, data = demo_files.seed_document(text, title=spec["title"])
            document = Document(title=spec["title"], uploaded_by_user=self.editor)
            document.file.save(f"{spec['slug']}.{extension}", ContentFile(data), save=False)
            document._set_document_file_metadata()
            document.save()
        self.documents[spec["slug"]] = document
        return document

    def body(self, blocks: list[tuple[Any, ...]]) -> str:
        raw: list[dict[str, Any]] = []
        for block in blocks:
            kind = block[0]
            if kind == "p":
                value: Any = block[1]
                name = "paragraph"
            elif kind == "image":
                name, value = "image", self.image_value(block[1], block[2])
            elif kind == "gallery":
                name = "gallery"
                value = {
                    "title": block[1],
                    "images": [
                        {"type": "item", "value": self.image_value(k, c), "id": str(uuid.uuid4())}
                        for k, c in block[2]
                    ],
                }
            elif kind == "quote":
                name, value = "quote", {"text": block[1], "attribution": block[2]}
            elif kind == "document":
                document = self.documents.get(block[1])
                if document is None:
                    continue
                name, value = "document", {"document": document.pk, "title": block[2]}
            else:
                raise ValueError(kind)
            raw.append({"type": name, "value": value, "id": str(uuid.uuid4())})
        return json.dumps(raw)

    def publish(self, parent: Page, page: Page, *, days: int) -> Page:
        """Add ``page`` under ``parent`` as the editor's draft, published by
        the approver, dated ``days`` before today."""
        page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision(user=self.editor, log_action=True)
        revision.publish(user=self.approver or self.editor, log_action=True)
        when = timezone.make_aware(datetime.combine(self.today - timedelta(days=days), time(8, 30)))
        Page.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
        return page

    @staticmethod
    def child(parent: Page, slug: str) -> Page | None:
        return parent.get_children().filter(slug=slug).first()

    # ------------------------------------------------------------ parts
    def settings_and_groups(self) -> None:
        settings = WebsiteSettings.load()
        if settings.department_id is None and "SYT" in self.units:
            settings.department = self.units["SYT"]
            settings.save()
        for user in (self.editor, self.approver):
            if user is not None:
                do_sync_admin_groups(user)

    def home(self) -> HomePage | None:
        home = HomePage.objects.first()
        if home is None:
            return None
        if not home.slogans.exists():
            home.summary = content.HOME_SUMMARY
            for i, text in enumerate(content.SLOGANS):
                home.slogans.add(HomeSlogan(text=text, sort_order=i))
            home.save_revision(user=self.editor, log_action=True).publish(
                user=self.approver or self.editor
            )
        return home

    def categories(self) -> dict[str, NewsCategory]:
        found = {}
        for order, (slug, name, description) in enumerate(content.CATEGORIES):
            category, _ = NewsCategory.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "sort_order": order}
            )
            found[slug] = category
        return found

    def news_page(self, spec: dict[str, Any], categories: dict[str, NewsCategory]) -> NewsPage:
        page = NewsPage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            unit=self.units.get(spec["unit"]),
            date=self.today - timedelta(days=spec["days"]),
            lead_image=self.image(spec["image"]),
            byline=spec["byline"],
            body=self.body(spec["body"]),
        )
        page.categories.set([categories[c] for c in spec["categories"]])
        return page

    def news(self, home: HomePage) -> None:
        index = NewsIndexPage.objects.child_of(home).first()
        if index is None:
            return
        categories = self.categories()
        for spec in content.NEWS:
            if self.child(index, spec["slug"]) is None:
                self.publish(index, self.news_page(spec, categories), days=spec["days"])
        spec = content.PENDING_NEWS
        if self.child(index, spec["slug"]) is None and self.editor is not None:
            page = self.news_page(spec, categories)
            page.live = False
            index.add_child(instance=page)
            page.save_revision(user=self.editor, log_action=True)
            workflow = page.get_workflow()
            if workflow is not None:
                workflow.start(page, self.editor)

    def guides(self, home: HomePage) -> None:
        index = GuideIndexPage.objects.child_of(home).first()
        if index is None:
            return
        for days, spec in enumerate(content.GUIDES):
            if self.child(index, spec["slug"]) is not None:
                continue
            steps = [
                {
                    "type": "step",
                    "id": str(uuid.uuid4()),
                    "value": {
                        "title": title,
                        "body": html,
                        "image": (
                            self.image_value(key)["image"]
                            if key
                            else {"image": None, "alt_text": "", "decorative": False}
                        ),
                    },
                }
                for title, html, key in spec["steps"]
            ]
            page = GuidePage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                unit=self.units.get("SYT-VP"),
                date=self.today - timedelta(days=20 + days),
                prerequisites=RichText(spec["prerequisites"]).source,
                steps=json.dumps(steps),
            )
            self.publish(index, page, days=20 + days)

    def library(self, home: HomePage) -> None:
        library = DocumentLibraryPage.objects.child_of(home).first()
        if library is None:
            return
        for spec in content.DOCUMENTS:
            document = self.document_file(spec)
            if self.child(library, spec["slug"]) is not None:
                continue
            text = (DATA_DIR / spec["file"]).read_text(encoding="utf-8")
            body = [
                {
                    "type": "paragraph",
                    "value": "".join(demo_files.seed_html(text)),
                    "id": str(uuid.uuid4()),
                }
            ]
            page = DocumentPage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                doc_type=spec["doc_type"],
                number=spec["number"],
                year=spec["year"],
                issuer=spec["issuer"],
                signer=spec["signer"],
                file=document,
                unit=self.units.get(spec["unit"]),
                date=self.today - timedelta(days=spec["days"]),
                body=json.dumps(body),
            )
            self.publish(library, page, days=spec["days"])

    def contact(self, home: HomePage) -> None:
        page = ContactPage.objects.child_of(home).first()
        if page is None or page.body:
            return
        page.body = json.dumps(
            [{"type": "paragraph", "value": content.CONTACT_BODY, "id": str(uuid.uuid4())}]
        )
        page.save_revision(user=self.editor, log_action=True).publish(
            user=self.approver or self.editor
        )

    def load(self) -> None:
        self.settings_and_groups()
        home = self.home()
        if home is None:
            self.stdout.write("cms: no home page (custom site root): demo website skipped.")
            return
        # Documents first: news link to them.
        self.library(home)
        self.news(home)
        self.guides(home)
        self.contact(home)


def load(stdout: Any) -> list[tuple[str, str, str]]:
    Demo(stdout).load()
    return []
