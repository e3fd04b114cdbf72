"""The e-mail announcing a match change, in Dutch or English, with its score and reasons."""

from __future__ import annotations

from dataclasses import dataclass

from livinglab_contracts.matches import MatchSnapshot, MatchUpdated, MatchWithdrawn
from livinglab_contracts.reference.regions import REGIONS
from livinglab_contracts.reference.themes import THEMES

from notifications.domain.changes import ChangeKind
from notifications.domain.subscriptions import Language

_TEXT: dict[Language, dict[str, str]] = {
    Language.NL: {
        ChangeKind.PROPOSED: "Nieuwe match",
        ChangeKind.UPDATED: "Match bijgewerkt",
        ChangeKind.WITHDRAWN: "Match ingetrokken",
        "intro": "Het Livinglab-netwerk stelt een samenwerking voor tussen {a} en {b}.",
        "intro_withdrawn": "De voorgestelde samenwerking tussen {a} en {b} is ingetrokken.",
        "and": "en",
        "score": "Score",
        "was": "was",
        "why": "Waarom",
        "reason": "Reden van intrekking",
        "regions": "Regio's",
        "themes": "Thema's",
        "match": "Match-id: {id} (revisie {rev}, algoritme {alg})",
        "footer": 'U ontvangt dit bericht vanwege uw abonnement "{name}" ({id}).',
    },
    Language.EN: {
        ChangeKind.PROPOSED: "New match",
        ChangeKind.UPDATED: "Match updated",
        ChangeKind.WITHDRAWN: "Match withdrawn",
        "intro": "The Livinglab network suggests a collaboration between {a} and {b}.",
        "intro_withdrawn": "The suggested collaboration between {a} and {b} has been withdrawn.",
        "and": "and",
        "score": "Score",
        "was": "was",
        "why": "Why",
        "reason": "Reason for withdrawal",
        "regions": "Regions",
        "themes": "Themes",
        "match": "Match id: {id} (revision {rev}, algorithm {alg})",
        "footer": 'You receive this because of your subscription "{name}" ({id}).',
    },
}


@dataclass(frozen=True)
class EmailText:
    subject: str
    body: str


def one_line(text: str) -> str:
    return " ".join(text.split())  # header values may not contain line breaks


def percent(score: float) -> str:
    return f"{round(score * 100)}%"


def _labels(codes: tuple[str, ...], names: dict[str, tuple[str, str]], language: Language) -> str:
    index = 0 if language is Language.NL else 1
    return ", ".join(names[c][index] if c in names else c for c in codes) or "-"


_REGION_NAMES = {code: (r.name_nl, r.name_en) for code, r in REGIONS.items()}
_THEME_NAMES = {slug: (t.name_nl, t.name_en) for slug, t in THEMES.items()}


def labels_of(match: MatchSnapshot, language: Language) -> tuple[str, str]:
    """The match's regions and themes by name, in the language."""
    return (
        _labels(match.regions, _REGION_NAMES, language),
        _labels(match.themes, _THEME_NAMES, language),
    )


def render_email(
    kind: ChangeKind,
    match: MatchSnapshot,
    language: Language,
    subscription_name: str,
    subscription_id: str,
) -> EmailText:
    text = _TEXT[language]
    names = list(match.subject_names) or list(match.subject_ids)
    a, b = (names + list(match.subject_ids))[:2]
    score = percent(match.score)
    if isinstance(match, MatchUpdated):
        score += f" ({text['was']} {percent(match.previous_score)})"
    reasons = match.top_reasons_nl if language is Language.NL else match.top_reasons_en
    intro = text["intro_withdrawn" if kind is ChangeKind.WITHDRAWN else "intro"]
    lines = [intro.format(a=a, b=b), "", f"{text['score']}: {score}"]
    lines.append(f"{text['why']}: {reasons or '-'}")
    if isinstance(match, MatchWithdrawn):
        withdrawn = match.reason_nl if language is Language.NL else match.reason_en
        lines.append(f"{text['reason']}: {withdrawn}")
    lines += [
        f"{text['regions']}: {_labels(match.regions, _REGION_NAMES, language)}",
        f"{text['themes']}: {_labels(match.themes, _THEME_NAMES, language)}",
        text["match"].format(id=match.match_id, rev=match.revision, alg=match.algorithm_version),
        "",
        text["footer"].format(name=subscription_name or "-", id=subscription_id),
    ]
    subject = f"{text[kind]}: {a} {text['and']} {b} ({percent(match.score)})"
    return EmailText(subject=one_line(subject)[:200], body="\n".join(lines) + "\n")
