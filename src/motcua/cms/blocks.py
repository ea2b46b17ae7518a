"""StreamField blocks of the website: the body of news and pages (text,
image, gallery, document, quote) and the steps of a guide.

Every image goes through Wagtail's ``ImageBlock``, which refuses an image
without alt text unless the editor marks it decorative."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

# Headings start at h2 (the page title is the h1); no inline images (they
# would skip the alt-text check of the image block) and no embeds (no
# third-party content).
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(
        label=_("Caption"),
        required=False,
        max_length=255,
        help_text=_("Shown under the image, e.g. where and when the photo was taken."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    images = blocks.ListBlock(CaptionedImageBlock(), min_num=2, max_num=12, label=_("Images"))

    class Meta:
        icon = "image"
        label = _("Photo gallery")
        template = "cms/blocks/gallery.html"


class EmbeddedDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "cms/blocks/document.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "cms/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("Text"), template="cms/blocks/paragraph.html"
    )
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    document = EmbeddedDocumentBlock()
    quote = QuoteBlock()


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=200)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("What to do"))
    image = ImageBlock(required=False, label=_("Illustration"))

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "cms/blocks/step.html"


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()

    class Meta:
        min_num = 1
