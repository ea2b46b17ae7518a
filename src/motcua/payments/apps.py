from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Fees and payments")

    def ready(self) -> None:
        # Providers register themselves by id; indicators for the dashboards.
        from motcua.payments import indicators, providers  # noqa: F401
