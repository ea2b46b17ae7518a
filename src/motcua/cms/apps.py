from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "motcua.cms"
    label = "cms"
    verbose_name = _("Website")

    def ready(self) -> None:
        from motcua.cms.links import resolve_cms_link
        from motcua.cms.publishing import publish_to_library
        from motcua.cms.search import PageSearch
        from motcua.core.documents import register_document_publisher
        from motcua.core.search import register_search_provider
        from motcua.core.sitelinks import register_link_resolver

        # The site search lists the website's pages; reports check the
        # website addresses they cite (core.sitelinks) and publish approved
        # documents to the library (core.documents).
        register_search_provider(PageSearch())
        register_link_resolver(resolve_cms_link)
        register_document_publisher(publish_to_library)
