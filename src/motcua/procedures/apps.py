from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "motcua.procedures"
    label = "procedures"
    verbose_name = _("Procedure catalogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from motcua.core.search import register_search_provider
        from motcua.procedures.search import ProcedureSearch

        # Published procedures appear in the site search (/tim-kiem/).
        register_search_provider(ProcedureSearch())
