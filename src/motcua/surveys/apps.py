from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "motcua.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        # Indicators of satisfaction and awareness for plans and dashboards.
        from motcua.surveys import indicators  # noqa: F401
