from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Members' questions")

    def ready(self) -> None:
        from portal.infrastructure.outbox import email_sent
        from portal.navigation import NavItem, register

        from . import permissions, services

        email_sent.connect(services.answer_emailed, dispatch_uid="questions.answer_emailed")

        register(
            NavItem(
                "questions:queue",
                _("Questions"),
                "question-circle",
                permissions.may_see_question_queue,
                60,
            )
        )
        # Who does not answer questions may ask one: a member who came by a
        # link finds the form in the menu, not only in the footer.
        register(
            NavItem(
                "questions:ask",
                _("Ask a question"),
                "chat-left-text",
                lambda user: not permissions.may_see_question_queue(user),
                65,
            )
        )
