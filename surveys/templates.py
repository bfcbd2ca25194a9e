"""The ready-made surveys: questions (Russian and Kazakh) a template adds.

«Where do you read union news» offers the plan's channels as choices, so the
reform's «one regional channel» is checked against what members use; «which
topics» offers the rubrics in use; «rate the event» a scale and two more.
Channel and rubric names are data; a channel without its Kazakh name takes
the standard one (`contentplan.seed.CHANNEL_NAMES`), a rubric keeps its
Russian name in Kazakh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contentplan.models import Channel, Rubric
from contentplan.seed import CHANNEL_NAMES

from .models import Question, Survey

K = Question.Kind


@dataclass(frozen=True)
class OptionSpec:
    ru: str
    kk: str = ""
    channel: Channel | None = None
    rubric: Rubric | None = None


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    ru: str
    kk: str
    options: list[OptionSpec] = field(default_factory=list)
    required: bool = False


@dataclass(frozen=True)
class TemplateSpec:
    title_ru: str
    title_kk: str
    intro_ru: str
    intro_kk: str
    questions: list[QuestionSpec]


NEWS_QUESTION_RU = "Откуда вы узнаёте новости профсоюза?"


def _news() -> TemplateSpec:
    channels = [
        OptionSpec(c.name, c.name_kk or CHANNEL_NAMES.get(c.code, ("",))[0], channel=c)
        for c in Channel.objects.all()
    ]
    return TemplateSpec(
        title_ru=NEWS_QUESTION_RU,
        title_kk="Кәсіподақ жаңалықтарын қайдан білесіз?",
        intro_ru="Опрос анонимный и займёт минуту. Ответы помогут вести страницы профсоюза там, "
        "где вы их читаете.",
        intro_kk="Сауалнама жасырын, бір минут алады. Жауаптарыңыз кәсіподақ парақшаларын "
        "өзіңіз оқитын жерде жүргізуге көмектеседі.",
        questions=[
            QuestionSpec(
                K.MULTIPLE,
                NEWS_QUESTION_RU,
                "Кәсіподақ жаңалықтарын қайдан білесіз?",
                [
                    *channels,
                    OptionSpec(
                        "От председателя первичной организации", "Бастауыш ұйым төрағасынан"
                    ),
                    OptionSpec(
                        "В чатах коллег (WhatsApp и другие)",
                        "Әріптестер чатынан (WhatsApp және басқалары)",
                    ),
                    OptionSpec(
                        "Не слежу за новостями профсоюза", "Кәсіподақ жаңалықтарын қадағаламаймын"
                    ),
                ],
                required=True,
            ),
            QuestionSpec(
                K.SCALE,
                "Насколько вы довольны тем, как профсоюз информирует членов?",
                "Кәсіподақтың мүшелерді хабардар етуіне қаншалықты көңіліңіз толады?",
            ),
            QuestionSpec(
                K.TEXT,
                "О чём вы хотели бы читать чаще?",
                "Не туралы жиірек оқығыңыз келеді?",
            ),
        ],
    )


def _topics() -> TemplateSpec:
    rubrics = [
        OptionSpec(r.name, r.name_kk, rubric=r) for r in Rubric.objects.filter(is_active=True)
    ]
    return TemplateSpec(
        title_ru="Какие темы вам интересны?",
        title_kk="Сізді қандай тақырыптар қызықтырады?",
        intro_ru="Отметьте темы, о которых вы хотите читать на страницах профсоюза.",
        intro_kk="Кәсіподақ парақшаларында оқығыңыз келетін тақырыптарды белгілеңіз.",
        questions=[
            QuestionSpec(
                K.MULTIPLE,
                "Какие темы вам интересны?",
                "Сізді қандай тақырыптар қызықтырады?",
                rubrics,
                required=True,
            ),
            QuestionSpec(K.TEXT, "Другая тема (напишите)", "Басқа тақырып (жазыңыз)"),
        ],
    )


def _event(event: str) -> TemplateSpec:
    title_ru = f"Оцените мероприятие: {event}" if event else "Оцените мероприятие"
    title_kk = f"Іс-шараны бағалаңыз: {event}" if event else "Іс-шараны бағалаңыз"
    return TemplateSpec(
        title_ru=title_ru[:200],
        title_kk=title_kk[:200],
        intro_ru="Спасибо, что были с нами. Ответ анонимный.",
        intro_kk="Бізбен бірге болғаныңызға рахмет. Жауап жасырын.",
        questions=[
            QuestionSpec(
                K.SCALE,
                "Оцените мероприятие в целом",
                "Іс-шараны жалпы бағалаңыз",
                required=True,
            ),
            QuestionSpec(
                K.SINGLE,
                "Было ли это полезно для вашей работы?",
                "Бұл жұмысыңызға пайдалы болды ма?",
                [
                    OptionSpec("Да", "Иә"),
                    OptionSpec("Отчасти", "Ішінара"),
                    OptionSpec("Нет", "Жоқ"),
                ],
            ),
            QuestionSpec(
                K.TEXT, "Что улучшить в следующий раз?", "Келесі жолы нені жақсарту керек?"
            ),
        ],
    )


def spec_for(template: str, *, event: str = "") -> TemplateSpec | None:
    if template == Survey.Template.NEWS:
        return _news()
    if template == Survey.Template.TOPICS:
        return _topics()
    if template == Survey.Template.EVENT:
        return _event(event)
    return None
