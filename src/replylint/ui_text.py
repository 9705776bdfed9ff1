"""What replylint itself says, in each interface language: the labels of its pages (HTML
report, explain, playground, audit) and the messages of its own findings (not-linted,
unused-suppression). Not for a rule's texts: those are in rules/*.yml (pack.schema.Texts).

The text, concise, JSON, SARIF and GitHub formats keep their structure words in English
("fix:", "[error]", the summary line); only the findings' own texts change language.
"""
from __future__ import annotations

import re

from .pack.schema import TEXT_LANGUAGES, Texts
from .segment import EMPTY_REPLY, NO_LANGUAGE

DEFAULT_UI_LANG = "en"


def ui_lang_for(chosen: str | None, reply_lang: str | None) -> str:
    """The language a reply's messages are given in: the chosen one, or with `auto` (or
    nothing chosen) the reply's own, English when it is unknown."""
    if chosen in TEXT_LANGUAGES:
        return chosen
    return reply_lang if reply_lang in TEXT_LANGUAGES else DEFAULT_UI_LANG


# label -> language -> text. `{name}` fields are filled in by the page that shows them.
_LABELS: dict[str, dict[str, str]] = {
    # Findings, as the HTML report and the playground show them.
    "why": {"en": "Why it hurts:", "ru": "Чем это плохо:", "uk": "Чим це погано:", "bg": "Защо вреди:"},
    "fix": {"en": "Fix:", "ru": "Как исправить:", "uk": "Як виправити:", "bg": "Как да поправите:"},
    "try": {"en": "Try:", "ru": "Можно написать:", "uk": "Можна написати:", "bg": "Може да напишете:"},
    "whole_reply": {"en": "(whole reply)", "ru": "(весь ответ)", "uk": "(уся відповідь)", "bg": "(целият отговор)"},
    "no_findings": {"en": "No findings.", "ru": "Замечаний нет.", "uk": "Зауважень немає.", "bg": "Няма забележки."},
    "fails": {"en": "Fails the run:", "ru": "Проверка не пройдена:", "uk": "Перевірку не пройдено:",
              "bg": "Проверката не е успешна:"},
    "error": {"en": "error", "ru": "ошибка", "uk": "помилка", "bg": "грешка"},
    "warning": {"en": "warning", "ru": "предупреждение", "uk": "попередження", "bg": "предупреждение"},
    "suggestion": {"en": "suggestion", "ru": "рекомендация", "uk": "рекомендація", "bg": "препоръка"},
    # The HTML report's summary.
    "report_title": {"en": "replylint report", "ru": "Отчёт replylint", "uk": "Звіт replylint",
                     "bg": "Доклад на replylint"},
    "summary": {"en": "Summary", "ru": "Итоги", "uk": "Підсумки", "bg": "Обобщение"},
    "summary_line": {
        "en": "{replies} replies checked, {clean} without findings, average score {average}/100.",
        "ru": "Проверено ответов: {replies}, без замечаний: {clean}, средняя оценка: {average}/100.",
        "uk": "Перевірено відповідей: {replies}, без зауважень: {clean}, середня оцінка: {average}/100.",
        "bg": "Проверени отговори: {replies}, без забележки: {clean}, средна оценка: {average}/100.",
    },
    "rule": {"en": "rule", "ru": "правило", "uk": "правило", "bg": "правило"},
    "severity": {"en": "severity", "ru": "важность", "uk": "важливість", "bg": "важност"},
    "replies": {"en": "replies", "ru": "ответы", "uk": "відповіді", "bg": "отговори"},
    "findings": {"en": "findings", "ru": "замечания", "uk": "зауваження", "bg": "забележки"},
    "what_to_do": {"en": "what to do", "ru": "что делать", "uk": "що робити", "bg": "какво да направите"},
    "input_errors": {"en": "Input errors", "ru": "Ошибки во входных данных", "uk": "Помилки у вхідних даних",
                     "bg": "Грешки във входните данни"},
    # replylint explain.
    "kind_rule": {"en": "{kind} rule", "ru": "правило {kind}", "uk": "правило {kind}", "bg": "правило {kind}"},
    "why_it_hurts": {"en": "Why it hurts", "ru": "Чем это плохо", "uk": "Чим це погано", "bg": "Защо вреди"},
    "write_instead": {"en": "What to write instead", "ru": "Что написать вместо этого",
                      "uk": "Що написати натомість", "bg": "Какво да напишете вместо това"},
    "never_added": {
        "en": "(replylint never adds this text for you: only you know what to say.)",
        "ru": "(replylint никогда не допишет это за вас: что сказать, знаете только вы.)",
        "uk": "(replylint ніколи не допише це за вас: що сказати, знаєте тільки ви.)",
        "bg": "(replylint никога няма да допише това вместо вас: само вие знаете какво да кажете.)",
    },
    "example": {"en": "Example ({lang})", "ru": "Пример ({lang})", "uk": "Приклад ({lang})", "bg": "Пример ({lang})"},
    "example_try": {"en": "try", "ru": "варианты", "uk": "варіанти", "bg": "варианти"},
    "example_customer": {"en": "customer", "ru": "клиент", "uk": "клієнт", "bg": "клиент"},
    "example_bad": {"en": "bad", "ru": "плохо", "uk": "погано", "bg": "лошо"},
    "example_missing": {"en": "missing", "ru": "не хватает", "uk": "бракує", "bg": "липсва"},
    "example_good": {"en": "good", "ru": "хорошо", "uk": "добре", "bg": "добре"},
    "example_autofix": {"en": "autofix", "ru": "автозамена", "uk": "автозаміна", "bg": "автозамяна"},
    # The playground page (replylint serve).
    "playground_title": {"en": "replylint playground", "ru": "Песочница replylint", "uk": "Пісочниця replylint",
                         "bg": "Тестова площадка на replylint"},
    "complaint": {"en": "The customer's complaint", "ru": "Жалоба клиента", "uk": "Скарга клієнта",
                  "bg": "Оплакването на клиента"},
    "complaint_placeholder": {"en": "Paste what the customer wrote (optional)",
                              "ru": "Вставьте, что написал клиент (необязательно)",
                              "uk": "Вставте, що написав клієнт (необов'язково)",
                              "bg": "Поставете какво е написал клиентът (по желание)"},
    "draft": {"en": "Draft reply", "ru": "Черновик ответа", "uk": "Чернетка відповіді", "bg": "Чернова на отговора"},
    "draft_placeholder": {"en": "Paste or type the reply you want to send",
                          "ru": "Вставьте или напишите ответ, который хотите отправить",
                          "uk": "Вставте або напишіть відповідь, яку хочете надіслати",
                          "bg": "Поставете или напишете отговора, който искате да изпратите"},
    "check": {"en": "Check", "ru": "Проверить", "uk": "Перевірити", "bg": "Провери"},
    "language": {"en": "language", "ru": "язык ответа", "uk": "мова відповіді", "bg": "език на отговора"},
    "ui_language": {"en": "interface", "ru": "интерфейс", "uk": "інтерфейс", "bg": "интерфейс"},
    "result": {"en": "Result", "ru": "Результат", "uk": "Результат", "bg": "Резултат"},
    "checking": {"en": "checking…", "ru": "проверяем…", "uk": "перевіряємо…", "bg": "проверяваме…"},
    "unreachable": {"en": "server not reachable: ", "ru": "сервер недоступен: ", "uk": "сервер недоступний: ",
                    "bg": "сървърът не е достъпен: "},
    # The audit page (replylint audit).
    "audit_title": {"en": "replylint audit", "ru": "Аудит replylint", "uk": "Аудит replylint",
                    "bg": "Одит на replylint"},
    "words": {"en": "words", "ru": "слова", "uk": "слова", "bg": "думи"},
    "mean_score": {"en": "mean score", "ru": "средняя оценка", "uk": "середня оцінка", "bg": "средна оценка"},
    "median_score": {"en": "median score", "ru": "медианная оценка", "uk": "медіанна оцінка",
                     "bg": "медианна оценка"},
    "median": {"en": "median", "ru": "медиана", "uk": "медіана", "bg": "медиана"},
    "unreadable_records": {"en": "unreadable records", "ru": "нечитаемые записи", "uk": "записи, які не вдалося прочитати",
                           "bg": "нечетими записи"},
    "grouped_by": {"en": "grouped by {by}; period: {period}; languages: {languages}",
                   "ru": "группировка: {by}; период: {period}; языки: {languages}",
                   "uk": "групування: {by}; період: {period}; мови: {languages}",
                   "bg": "групиране: {by}; период: {period}; езици: {languages}"},
    "rule_frequency": {"en": "How often each rule fires", "ru": "Как часто срабатывает каждое правило",
                       "uk": "Як часто спрацьовує кожне правило", "bg": "Колко често се задейства всяко правило"},
    "table": {"en": "Table", "ru": "Таблица", "uk": "Таблиця", "bg": "Таблица"},
    "table_groups": {"en": "Table ({count} groups)", "ru": "Таблица (групп: {count})", "uk": "Таблиця (груп: {count})",
                     "bg": "Таблица (групи: {count})"},
    "share": {"en": "share", "ru": "доля", "uk": "частка", "bg": "дял"},
    "message": {"en": "message", "ru": "сообщение", "uk": "повідомлення", "bg": "съобщение"},
    "most_frequent_rules": {"en": "most frequent rules", "ru": "самые частые правила",
                            "uk": "найчастіші правила", "bg": "най-честите правила"},
    "scores_by": {"en": "Scores by {dimension}", "ru": "Оценки по {dimension}", "uk": "Оцінки за {dimension}",
                  "bg": "Оценки по {dimension}"},
    "trend_by": {"en": "Trend by {period}", "ru": "Динамика по {period}", "uk": "Динаміка за {period}",
                 "bg": "Тенденция по {period}"},
    "worst_replies": {"en": "Worst replies per rule", "ru": "Худшие ответы по каждому правилу",
                      "uk": "Найгірші відповіді за кожним правилом", "bg": "Най-слабите отговори по правила"},
    "worst_note": {"en": "Lowest score first; the outlined words are the rule's own findings. A rule about "
                         "something missing (an apology, thanks, a next step) outlines the whole reply.",
                   "ru": "Сначала ответы с самой низкой оценкой; в рамке — то, что нашло само правило. Если "
                         "правило о том, чего не хватает (извинения, благодарности, следующего шага), в рамке весь ответ.",
                   "uk": "Спершу відповіді з найнижчою оцінкою; у рамці — те, що знайшло саме правило. Якщо "
                         "правило про те, чого бракує (вибачення, подяки, наступного кроку), у рамці вся відповідь.",
                   "bg": "Първо отговорите с най-ниска оценка; в рамка е това, което е открило самото правило. "
                         "Ако правилото е за нещо липсващо (извинение, благодарност, следваща стъпка), в рамка е "
                         "целият отговор."},
    "no_chart": {"en": "Not enough data for this chart.", "ru": "Для этого графика мало данных.",
                 "uk": "Для цього графіка замало даних.", "bg": "Няма достатъчно данни за тази диаграма."},
    "rules_found": {"en": "rules: {rules}", "ru": "правила: {rules}", "uk": "правила: {rules}",
                    "bg": "правила: {rules}"},
    "missing_whole": {"en": "missing from the whole reply: {rules}", "ru": "нет во всём ответе: {rules}",
                      "uk": "немає в усій відповіді: {rules}", "bg": "липсва в целия отговор: {rules}"},
    # The rules replylint reports about itself, as SARIF describes them.
    "unused_suppression_rule": {"en": "A replylint-disable marker that silences nothing",
                                "ru": "Метка replylint-disable, которая ничего не отключает",
                                "uk": "Мітка replylint-disable, яка нічого не вимикає",
                                "bg": "Маркер replylint-disable, който не изключва нищо"},
    "not_linted_rule": {
        "en": "No rule could be applied to the reply (empty, or no supported language)",
        "ru": "К ответу не удалось применить ни одного правила (он пустой или язык не поддерживается)",
        "uk": "До відповіді не вдалося застосувати жодного правила (вона порожня або мова не підтримується)",
        "bg": "Към отговора не може да се приложи нито едно правило (празен е или езикът не се поддържа)",
    },
    "min_score_rule": {"en": "The reply scores below the minimum score (--min-score)",
                       "ru": "Оценка ответа ниже минимальной (--min-score)",
                       "uk": "Оцінка відповіді нижча за мінімальну (--min-score)",
                       "bg": "Оценката на отговора е под минималната (--min-score)"},
}


def labels(lang: str | None) -> dict[str, str]:
    """Every label in `lang` (an interface language; anything else gets English), for a page
    or a script to look up by name."""
    lang = lang if lang in TEXT_LANGUAGES else DEFAULT_UI_LANG
    return {name: by_lang[lang] for name, by_lang in _LABELS.items()}


def all_labels() -> dict[str, dict[str, str]]:
    """labels() of every interface language, by language: what a page that switches
    language in the browser embeds."""
    return {lang: labels(lang) for lang in TEXT_LANGUAGES}


# The not-linted finding says why nothing was checked. The reason is also one of the reply's
# notices, which stay in English as every notice does: these are their translations.
_UNSUPPORTED = re.compile(r"language '(?P<lang>.*)' is not supported; no rule was applied", re.DOTALL)
_NOT_LINTED_WHY = {
    EMPTY_REPLY: Texts(en=EMPTY_REPLY, ru="ответ пустой", uk="відповідь порожня", bg="отговорът е празен"),
    NO_LANGUAGE: Texts(en=NO_LANGUAGE, ru="язык не поддерживается или не распознан; правила не применялись",
                       uk="мова не підтримується або не розпізнана; правила не застосовувалися",
                       bg="езикът не се поддържа или не е разпознат; не е приложено нито едно правило"),
}
_UNSUPPORTED_LANGUAGE = Texts(
    en="language '{lang}' is not supported; no rule was applied",
    ru="язык '{lang}' не поддерживается; правила не применялись",
    uk="мова '{lang}' не підтримується; правила не застосовувалися",
    bg="езикът '{lang}' не се поддържа; не е приложено нито едно правило",
)
NOT_LINTED_HINT = Texts(
    en="Nothing in this reply was checked: fill it in, give its language (--lang, a record's 'lang') "
       "if it is ru, uk, bg or en, or exclude it; --severity not-linted=off accepts such replies.",
    ru="В этом ответе ничего не проверено: заполните его, укажите язык (--lang или поле 'lang' записи), "
       "если это ru, uk, bg или en, либо исключите его; с --severity not-linted=off такие ответы допускаются.",
    uk="У цій відповіді нічого не перевірено: заповніть її, вкажіть мову (--lang або поле 'lang' запису), "
       "якщо це ru, uk, bg чи en, або виключіть її; з --severity not-linted=off такі відповіді допускаються.",
    bg="В този отговор нищо не е проверено: попълнете го, посочете езика му (--lang или полето 'lang' "
       "на записа), ако е ru, uk, bg или en, или го изключете; "
       "с --severity not-linted=off такива отговори се допускат.",
)


def unsupported_language(lang: str) -> str:
    """The notice for a reply whose given language has no rules (always English)."""
    return _UNSUPPORTED_LANGUAGE.en.format(lang=lang)


def not_linted_message(notice: str, lang: str) -> str:
    """The not-linted finding's message for the notice that says why: that notice in `lang`
    (a notice this module does not know stays as it is)."""
    if notice in _NOT_LINTED_WHY:
        return _NOT_LINTED_WHY[notice].get(lang)
    found = _UNSUPPORTED.fullmatch(notice)
    return _UNSUPPORTED_LANGUAGE.get(lang).format(lang=found.group("lang")) if found else notice


# What an unused replylint-disable marker's finding says; {rule} is the id it names.
UNUSED_SUPPRESSION = {
    "idle": Texts(en="suppression of {rule} silences nothing; remove it",
                  ru="метка replylint-disable для {rule} ничего не отключает; уберите её",
                  uk="мітка replylint-disable для {rule} нічого не вимикає; приберіть її",
                  bg="маркерът replylint-disable за {rule} не изключва нищо; махнете го"),
    "idle_all": Texts(en="suppression of (all rules) silences nothing; remove it",
                      ru="метка replylint-disable без списка правил ничего не отключает; уберите её",
                      uk="мітка replylint-disable без списку правил нічого не вимикає; приберіть її",
                      bg="маркерът replylint-disable без списък с правила не изключва нищо; махнете го"),
    "unknown": Texts(en="suppression of {rule} names no known rule; remove it",
                     ru="в метке replylint-disable указано неизвестное правило {rule}; уберите метку",
                     uk="у мітці replylint-disable вказано невідоме правило {rule}; приберіть мітку",
                     bg="в маркера replylint-disable е посочено непознато правило {rule}; махнете маркера"),
    "unknown_close": Texts(en="suppression of {rule} names no known rule; did you mean {close}?",
                           ru="в метке replylint-disable указано неизвестное правило {rule}; "
                              "может быть, имелось в виду {close}?",
                           uk="у мітці replylint-disable вказано невідоме правило {rule}; "
                              "можливо, ви мали на увазі {close}?",
                           bg="в маркера replylint-disable е посочено непознато правило {rule}; "
                              "може би имахте предвид {close}?"),
}
