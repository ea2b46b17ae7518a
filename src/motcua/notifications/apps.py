from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The built-in SMS commands (HUY, help, the TRACUU placeholder that
        # the dossiers app replaces) register themselves on import.
        from motcua.notifications import inbound  # noqa: F401
