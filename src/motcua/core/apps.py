from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Every app's ``indicators.py`` registers what it can measure
        # (motcua.core.indicators); importing them here needs no app import
        # in core.
        from motcua.core.indicators import autodiscover

        autodiscover()
