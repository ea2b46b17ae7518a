from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "motcua.feedback"
    label = "feedback"
    verbose_name = _("Feedback and questions")

    def ready(self) -> None:
        from motcua.core.search import register_search_provider
        from motcua.feedback.search import AnswerSearch

        # Published answers appear in the site search (/tim-kiem/).
        register_search_provider(AnswerSearch())
