from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from motcua.dossiers.sms import lookup_command
        from motcua.notifications.inbound import LOOKUP, register_sms_command

        # Replaces the notifications placeholder: TRACUU answers from the
        # lookup selector behind /tra-cuu/ and the API.
        register_sms_command(LOOKUP, "TC", replace=True)(lookup_command)
