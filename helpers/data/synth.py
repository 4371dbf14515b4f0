"""The seeded synthetic data set shipped in ``data/raw/``.

:func:`write_synthetic` writes every file of the data contract for the 22
Welsh principal councils, plus ``README.md``. The data are invented: no real
respondent is behind any row. Caerphilly County Borough Council reproduces
the published response table exactly (officers 96 invited / 46 responses,
elected members 74 / 18) and its answers broadly follow what the published
report found; the all-Wales public survey reproduces the published 36% and
12% exactly (270 and 90 of 750).

How the answers are made
------------------------
Every answer comes from one latent "maturity" score per respondent and
question, the sum of

* the question's own difficulty (``_ITEM_BASE``);
* a council effect, and a council effect per theme (councils differ);
* a group effect per theme (members more optimistic about vision and
  leadership, officers more critical about skills and capacity);
* a few council-specific shifts (``_COUNCIL_SHIFTS``: Caerphilly's published
  findings);
* a respondent effect shared by all of that respondent's answers (answers
  correlate within a respondent);
* independent noise.

The score is cut into the five agreement labels (reversed for a negatively
worded statement, so that agreeing with it means less maturity) or into
levels 1-3. Then "Don't know", scattered blanks, respondents who stop part of
the way through (trailing blanks: partial submissions and break-offs), free
text, and empty submissions are added.

Determinism: one :class:`numpy.random.SeedSequence` of :data:`SEED`, spawned
into a fixed list of streams (one per file), drives everything; CSV is
written with :mod:`csv` (UTF-8, no byte-order mark, ``"\\n"`` line endings)
and contains no floating-point numbers, so running it twice gives
byte-identical files on any machine.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from helpers import atomic, config
from helpers.errors import DataOverwriteError

#: The generator's seed (documented in data/raw/README.md).
SEED = 20181213

# --------------------------------------------------------------------------
# Councils
# --------------------------------------------------------------------------
# fmt: off
#: code, English name, Welsh name, short name, councillors (after the May
#: 2017 elections, approximate), population in thousands (approximate; a
#: weight for officer numbers and the public survey only).
COUNCILS: tuple[tuple[str, str, str, str, int, int], ...] = (
    ("W06000001", "Isle of Anglesey County Council", "Cyngor Sir Ynys Môn",
     "Isle of Anglesey", 30, 70),
    ("W06000002", "Gwynedd Council", "Cyngor Gwynedd", "Gwynedd", 75, 124),
    ("W06000003", "Conwy County Borough Council", "Cyngor Bwrdeistref Sirol Conwy",
     "Conwy", 59, 117),
    ("W06000004", "Denbighshire County Council", "Cyngor Sir Ddinbych",
     "Denbighshire", 47, 95),
    ("W06000005", "Flintshire County Council", "Cyngor Sir y Fflint", "Flintshire", 70, 155),
    ("W06000006", "Wrexham County Borough Council", "Cyngor Bwrdeistref Sirol Wrecsam",
     "Wrexham", 52, 136),
    ("W06000008", "Ceredigion County Council", "Cyngor Sir Ceredigion", "Ceredigion", 42, 73),
    ("W06000009", "Pembrokeshire County Council", "Cyngor Sir Penfro", "Pembrokeshire",
     60, 125),
    ("W06000010", "Carmarthenshire County Council", "Cyngor Sir Gâr", "Carmarthenshire",
     74, 186),
    ("W06000011", "City and County of Swansea Council", "Cyngor Dinas a Sir Abertawe",
     "Swansea", 72, 246),
    ("W06000012", "Neath Port Talbot County Borough Council",
     "Cyngor Bwrdeistref Sirol Castell-nedd Port Talbot", "Neath Port Talbot", 64, 142),
    ("W06000013", "Bridgend County Borough Council",
     "Cyngor Bwrdeistref Sirol Pen-y-bont ar Ogwr", "Bridgend", 54, 144),
    ("W06000014", "Vale of Glamorgan Council", "Cyngor Bro Morgannwg", "Vale of Glamorgan",
     47, 130),
    ("W06000015", "City of Cardiff Council", "Cyngor Dinas Caerdydd", "Cardiff", 75, 362),
    ("W06000016", "Rhondda Cynon Taf County Borough Council",
     "Cyngor Bwrdeistref Sirol Rhondda Cynon Taf", "Rhondda Cynon Taf", 75, 239),
    ("W06000018", "Caerphilly County Borough Council", "Cyngor Bwrdeistref Sirol Caerffili",
     "Caerphilly", 73, 181),
    ("W06000019", "Blaenau Gwent County Borough Council",
     "Cyngor Bwrdeistref Sirol Blaenau Gwent", "Blaenau Gwent", 42, 70),
    ("W06000020", "Torfaen County Borough Council", "Cyngor Bwrdeistref Sirol Torfaen",
     "Torfaen", 44, 93),
    ("W06000021", "Monmouthshire County Council", "Cyngor Sir Fynwy", "Monmouthshire", 43, 94),
    ("W06000022", "Newport City Council", "Cyngor Dinas Casnewydd", "Newport", 50, 151),
    ("W06000023", "Powys County Council", "Cyngor Sir Powys", "Powys", 73, 132),
    ("W06000024", "Merthyr Tydfil County Borough Council",
     "Cyngor Bwrdeistref Sirol Merthyr Tudful", "Merthyr Tydfil", 33, 60),
)
#: code -> Welsh short name (councils.csv short_name_cy): the place as a Welsh sentence
#: names it where an English one says "Caerphilly", in its radical (unmutated) form.
SHORT_NAMES_CY: dict[str, str] = {
    "W06000001": "Ynys Môn",
    "W06000002": "Gwynedd",
    "W06000003": "Conwy",
    "W06000004": "Sir Ddinbych",
    "W06000005": "Sir y Fflint",
    "W06000006": "Wrecsam",
    "W06000008": "Ceredigion",
    "W06000009": "Sir Benfro",
    "W06000010": "Sir Gaerfyrddin",
    "W06000011": "Abertawe",
    "W06000012": "Castell-nedd Port Talbot",
    "W06000013": "Pen-y-bont ar Ogwr",
    "W06000014": "Bro Morgannwg",
    "W06000015": "Caerdydd",
    "W06000016": "Rhondda Cynon Taf",
    "W06000018": "Caerffili",
    "W06000019": "Blaenau Gwent",
    "W06000020": "Torfaen",
    "W06000021": "Sir Fynwy",
    "W06000022": "Casnewydd",
    "W06000023": "Powys",
    "W06000024": "Merthyr Tudful",
}
# fmt: on

CAERPHILLY = "W06000018"
#: (council, group) -> (invited, responses) fixed by the published report.
PUBLISHED_INVITATIONS: dict[tuple[str, str], tuple[int, int]] = {
    (CAERPHILLY, "officer"): (96, 46),
    (CAERPHILLY, "member"): (74, 18),
}
#: The one (council, group) that was not surveyed: Torfaen's elected members.
NOT_SURVEYED: tuple[str, str] = ("W06000020", "member")
#: Councils whose elected members sent very few responses (small-number
#: suppression in the reports): Isle of Anglesey 3, Merthyr Tydfil 4.
SMALL_MEMBER_RESPONSES: dict[str, int] = {"W06000001": 3, "W06000024": 4}
#: Officers invited: 40 to 160, growing with population.
OFFICERS_RANGE = (40, 160)
#: Response rates are drawn uniformly from these ranges.
OFFICER_RATE_RANGE = (0.25, 0.70)
MEMBER_RATE_RANGE = (0.12, 0.55)

# --------------------------------------------------------------------------
# Question bank
# --------------------------------------------------------------------------
_LEVEL_TEXT = "Which description best fits your authority? {}"

# fmt: off
#: question_id, kind, theme, characteristic, asked_of, reverse, text
QUESTIONS: tuple[tuple[str, str, str, str, str, bool, str], ...] = (
    # Vision, leadership & culture
    ("lev_leadership", "level", "vision", "leadership", "both", False,
     _LEVEL_TEXT.format("Leadership")),
    ("lev_standards", "level", "vision", "standards", "both", False,
     _LEVEL_TEXT.format("Corporate Standards")),
    ("lev_customer_data", "level", "vision", "customer_data", "officer", False,
     _LEVEL_TEXT.format("Integrated customer data")),
    ("vis_01", "likert", "vision", "leadership", "both", False,
     "The Authority treats data as a key resource, like money, people and buildings"),
    ("vis_02", "likert", "vision", "leadership", "both", False,
     "The Authority has a clear vision for how it will use data to improve services"),
    ("vis_03", "likert", "vision", "leadership", "both", False,
     "Senior leaders encourage staff to take well-managed risks with data and to learn "
     "from what does not work"),
    ("vis_04", "likert", "vision", "standards", "both", True,
     "Services keep their data to themselves and rarely share it with other parts of "
     "the Authority"),
    ("vis_05", "likert", "vision", "standards", "officer", False,
     "The Authority has corporate standards for how services collect, code and store data"),
    ("txt_barriers", "text", "vision", "", "both", False,
     "What are the biggest barriers to the Authority making better use of its data?"),
    # Data protection
    ("lev_protection", "level", "protection", "protection", "both", False,
     _LEVEL_TEXT.format("Data Protection")),
    ("prot_01", "likert", "protection", "protection", "both", True,
     "Data protection rules stop us sharing data we need to share"),
    ("prot_02", "likert", "protection", "protection", "both", False,
     "Staff know what data they can and cannot share under current data protection law"),
    ("prot_03", "likert", "protection", "", "both", False,
     "The Authority has up-to-date data sharing agreements with its partners"),
    ("prot_04", "likert", "protection", "protection", "member", False,
     "I have had enough training on my own data protection responsibilities as an "
     "elected member"),
    ("prot_05", "likert", "protection", "", "both", False,
     "The Authority tells citizens clearly how it uses their personal data"),
    ("txt_sharing", "text", "protection", "", "both", False,
     "What would help the Authority share data safely, within the Authority and with "
     "partners?"),
    # Skills & capacity
    ("lev_analytics", "level", "skills", "analytics", "both", False,
     _LEVEL_TEXT.format("Data analytics")),
    ("skl_01", "likert", "skills", "analytics", "both", False,
     "The Authority has enough people with the skills to analyse data"),
    ("skl_02", "likert", "skills", "analytics", "both", False,
     "The Authority invests in training staff to make better use of data"),
    ("skl_03", "likert", "skills", "analytics", "officer", False,
     "My service uses data from a range of sources to forecast demand and plan ahead"),
    ("skl_04", "likert", "skills", "", "both", True,
     "A lack of capacity stops us making better use of the data we already hold"),
    ("skl_05", "likert", "skills", "", "member", False,
     "I feel confident interpreting the data presented to me in reports"),
    ("txt_support", "text", "skills", "", "both", False,
     "What support or training would help you make better use of data?"),
    # Evidence-based decisions
    ("lev_decisions", "level", "evidence", "decisions", "both", False,
     _LEVEL_TEXT.format("Data Driven Decisions")),
    ("lev_open_data", "level", "evidence", "open_data", "both", False,
     _LEVEL_TEXT.format("Open Data")),
    ("evd_01", "likert", "evidence", "decisions", "both", False,
     "Decisions in the Authority are based on sound evidence drawn from data"),
    ("evd_02", "likert", "evidence", "decisions", "both", False,
     "The data presented to decision makers is accurate and up to date"),
    ("evd_03", "likert", "evidence", "decisions", "both", False,
     "Reports present data in a way that decision makers can easily understand"),
    ("evd_04", "likert", "evidence", "decisions", "both", True,
     "Performance reports mostly look back at what has happened rather than ahead to "
     "future demand"),
    ("evd_05", "likert", "evidence", "open_data", "both", False,
     "The Authority publishes open data that residents and organisations can use"),
    ("txt_good_practice", "text", "evidence", "", "both", False,
     "Please describe any good practice in how the Authority uses data that others "
     "could learn from"),
)
# fmt: on

# --------------------------------------------------------------------------
# The question bank in Welsh (questions.csv text_cy): our own Welsh, written
# for Welsh readers rather than word for word, in the terms of docs/welsh.md
# --------------------------------------------------------------------------
#: characteristic -> Welsh name (framework.csv name_cy, and the level questions).
CHARACTERISTIC_NAMES_CY: dict[str, str] = {
    "leadership": "Arweinyddiaeth",
    "standards": "Safonau corfforaethol",
    "customer_data": "Data cwsmeriaid integredig",
    "protection": "Diogelu data",
    "analytics": "Dadansoddeg data",
    "decisions": "Penderfyniadau sy'n seiliedig ar ddata",
    "open_data": "Data agored",
}
_LEVEL_TEXT_CY = "Pa ddisgrifiad sy'n gweddu orau i'ch awdurdod? {}"

#: question_id -> Welsh wording of the question (questions.csv text_cy).
QUESTIONS_CY: dict[str, str] = {
    **{
        f"lev_{slug}": _LEVEL_TEXT_CY.format(name) for slug, name in CHARACTERISTIC_NAMES_CY.items()
    },
    "vis_01": "Mae'r Awdurdod yn trin data fel adnodd allweddol, yn yr un modd ag arian, pobl "
    "ac adeiladau",
    "vis_02": "Mae gan yr Awdurdod weledigaeth glir ynghylch sut y bydd yn defnyddio data i "
    "wella gwasanaethau",
    "vis_03": "Mae uwch arweinwyr yn annog staff i gymryd risgiau wedi'u rheoli'n dda gyda "
    "data, ac i ddysgu o'r hyn nad yw'n gweithio",
    "vis_04": "Mae gwasanaethau'n cadw eu data iddynt eu hunain, ac anaml y maent yn ei rannu "
    "â rhannau eraill o'r Awdurdod",
    "vis_05": "Mae gan yr Awdurdod safonau corfforaethol ar gyfer y ffordd y mae gwasanaethau'n "
    "casglu, yn codio ac yn storio data",
    "txt_barriers": "Beth yw'r rhwystrau mwyaf sy'n atal yr Awdurdod rhag gwneud gwell defnydd "
    "o'i ddata?",
    "prot_01": "Mae rheolau diogelu data yn ein rhwystro rhag rhannu data y mae angen i ni ei "
    "rannu",
    "prot_02": "Mae staff yn gwybod pa ddata y cânt ei rannu a pha ddata na chânt ei rannu o "
    "dan y gyfraith diogelu data bresennol",
    "prot_03": "Mae gan yr Awdurdod gytundebau rhannu data cyfredol gyda'i bartneriaid",
    "prot_04": "Rwyf wedi cael digon o hyfforddiant ar fy nghyfrifoldebau diogelu data fy hun "
    "fel aelod etholedig",
    "prot_05": "Mae'r Awdurdod yn dweud yn glir wrth ddinasyddion sut y mae'n defnyddio eu data "
    "personol",
    "txt_sharing": "Beth fyddai'n helpu'r Awdurdod i rannu data'n ddiogel, o fewn yr Awdurdod a "
    "chyda phartneriaid?",
    "skl_01": "Mae gan yr Awdurdod ddigon o bobl sydd â'r sgiliau i ddadansoddi data",
    "skl_02": "Mae'r Awdurdod yn buddsoddi mewn hyfforddi staff i wneud gwell defnydd o ddata",
    "skl_03": "Mae fy ngwasanaeth yn defnyddio data o amrywiaeth o ffynonellau i ragweld y galw "
    "a chynllunio ymlaen llaw",
    "skl_04": "Mae diffyg capasiti yn ein rhwystro rhag gwneud gwell defnydd o'r data sydd "
    "gennym eisoes",
    "skl_05": "Rwy'n teimlo'n hyderus wrth ddehongli'r data a gyflwynir i mi mewn adroddiadau",
    "txt_support": "Pa gymorth neu hyfforddiant fyddai'n eich helpu i wneud gwell defnydd o ddata?",
    "evd_01": "Mae penderfyniadau yn yr Awdurdod yn seiliedig ar dystiolaeth gadarn sy'n deillio "
    "o ddata",
    "evd_02": "Mae'r data a gyflwynir i benderfynwyr yn gywir ac yn gyfredol",
    "evd_03": "Mae adroddiadau'n cyflwyno data mewn ffordd y gall penderfynwyr ei ddeall yn hawdd",
    "evd_04": "Ar y cyfan, mae adroddiadau perfformiad yn edrych yn ôl ar yr hyn sydd wedi "
    "digwydd, yn hytrach nag ymlaen at y galw yn y dyfodol",
    "evd_05": "Mae'r Awdurdod yn cyhoeddi data agored y gall trigolion a sefydliadau ei ddefnyddio",
    "txt_good_practice": "Disgrifiwch unrhyw arfer da yn y ffordd y mae'r Awdurdod yn defnyddio "
    "data y gallai eraill ddysgu ohono",
}

# --------------------------------------------------------------------------
# The answer model
# --------------------------------------------------------------------------
# fmt: off
#: Question difficulty on the latent scale (0 = neutral; higher = more mature).
_ITEM_BASE: dict[str, float] = {
    "lev_leadership": 0.1, "lev_standards": -0.25, "lev_customer_data": -0.35,
    "lev_protection": 0.25, "lev_analytics": -0.35, "lev_decisions": 0.0,
    "lev_open_data": -0.55,
    "vis_01": 0.0, "vis_02": 0.2, "vis_03": -0.3, "vis_04": -0.3, "vis_05": -0.5,
    "prot_01": -0.2, "prot_02": 0.1, "prot_03": 0.0, "prot_04": 0.2, "prot_05": -0.4,
    "skl_01": -0.4, "skl_02": -0.3, "skl_03": -0.2, "skl_04": -0.6, "skl_05": 0.3,
    "evd_01": 0.2, "evd_02": 0.0, "evd_03": 0.1, "evd_04": -0.5, "evd_05": -0.6,
}
# fmt: on
#: Group effect per theme: members more optimistic about vision and leadership,
#: officers more critical about skills and capacity.
_GROUP_THEME_EFFECT: dict[str, dict[str, float]] = {
    "officer": {"vision": 0.0, "protection": -0.05, "skills": -0.3, "evidence": -0.1},
    "member": {"vision": 0.4, "protection": 0.1, "skills": 0.15, "evidence": 0.2},
}
#: Spread of councils, of council themes, of respondents, and of single answers.
_SD_COUNCIL, _SD_COUNCIL_THEME, _SD_RESPONDENT, _SD_ANSWER = 0.3, 0.2, 0.45, 0.75
#: Council and council-theme effects are clipped to these bounds (1.5 sd).
_CLIP_COUNCIL, _CLIP_THEME = 1.5 * _SD_COUNCIL, 1.5 * _SD_COUNCIL_THEME
#: Cut points of the latent scale: Strongly disagree | Disagree | Neither |
#: Agree | Strongly agree, and level 1 | 2 | 3.
_LIKERT_CUTS = np.array([-1.6, -0.7, 0.0, 1.3])
_LEVEL_CUTS = np.array([-0.5, 0.9])
#: Caerphilly's council and theme effects and its question shifts, set to match
#: what the published report found: a clear data vision that members see as
#: treating data as a key resource; data-protection awareness gaps; resources
#: not the main challenge but analysis skills to build; mixed views on
#: evidence-based decisions, data quality and reporting.
_FIXED_COUNCIL_EFFECTS: dict[str, tuple[float, dict[str, float]]] = {
    CAERPHILLY: (0.2, {"vision": 0.45, "protection": -0.05, "skills": -0.1, "evidence": 0.0}),
}
#: council -> [(question_id, group or "both", shift)]
_COUNCIL_SHIFTS: dict[str, list[tuple[str, str, float]]] = {
    CAERPHILLY: [
        ("lev_leadership", "both", 0.4),
        ("vis_01", "member", -0.2),
        ("vis_01", "officer", -0.5),
        ("prot_01", "both", -0.5),
        ("prot_02", "both", -0.9),
        ("skl_01", "both", -0.4),
        ("skl_02", "both", -0.3),
        ("skl_04", "both", 0.7),
        ("evd_02", "both", -0.5),
        ("evd_03", "both", -0.4),
    ],
}
#: council -> (theme, answer noise): Caerphilly's views on evidence are mixed.
_COUNCIL_NOISE: dict[str, list[tuple[str, float]]] = {CAERPHILLY: [("evidence", 1.15)]}
#: Probability of "Don't know": per group, plus extra for level questions and
#: for questions that respondents often cannot judge.
_DONT_KNOW = {"officer": 0.04, "member": 0.08}
_DONT_KNOW_LEVEL = {"officer": 0.05, "member": 0.1}
_DONT_KNOW_EXTRA = {"prot_03": 0.05, "prot_05": 0.04, "evd_05": 0.06, "skl_03": 0.03}
#: Probability that a single question is skipped.
_SKIP = 0.02
#: Share of respondents who stop part way, and how far they get (the share of
#: their applicable questions answered): partial submissions and break-offs.
_PARTIAL_SHARE, _PARTIAL_REACH = 0.11, (0.5, 0.8)
_BREAKOFF_SHARE, _BREAKOFF_REACH = 0.025, (0.08, 0.45)
#: Probability of answering each free-text question, per group.
_TEXT_SHARE = {
    "txt_barriers": {"officer": 0.35, "member": 0.25},
    "txt_sharing": {"officer": 0.2, "member": 0.12},
    "txt_support": {"officer": 0.18, "member": 0.15},
    "txt_good_practice": {"officer": 0.15, "member": 0.08},
}
#: How many councils get empty submissions (Caerphilly always among them).
_EMPTY_SUBMISSION_COUNCILS = 7

LIKERT_LABELS = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)

#: Free-text answers; a respondent's answer is one or two of these.
TEXT_ANSWERS: dict[str, tuple[str, ...]] = {
    "txt_barriers": (
        "Silos between services, and systems that don't talk to each other.",
        'Time. Everyone is busy "doing the day job", so data work is always left until later.',
        "Old systems, poor data quality, and too few people who can analyse it.",
        "Culture: data is seen as belonging to the service, not to the Council.",
        "Uncertainty about what data protection allows.\nPeople would rather not share than "
        "risk getting it wrong.",
        "Money for new systems, and for training.",
        "No corporate lead for data, so nobody joins the pieces together.",
        "We collect too much, use too little, and rarely check whether it is accurate.",
        "Managers don't ask for data when they make decisions, so nobody produces it.",
        "The same person has different addresses and reference numbers in different systems.",
    ),
    "txt_sharing": (
        "Clear, short guidance on what we can and can't share, with examples.",
        "Up-to-date sharing agreements with health, the police and the third sector.",
        "Refresher training for all staff, not just new starters.",
        'A named person in each service to go to with "can I share this?" questions.',
        "Templates for data sharing agreements, so that each service doesn't start from scratch.",
        "Better systems: secure e-mail and shared case records would remove a lot of the risk.",
        "Confidence from senior managers that sharing, done properly, is the right thing to do.",
        "Simple flowcharts.\nMost staff won't read a forty-page policy.",
    ),
    "txt_support": (
        "Training in Excel and Power BI, at different levels.",
        "Short briefings for members on reading performance reports.",
        "Access to an analyst who can help services with one-off pieces of work.",
        "Time set aside to learn, rather than squeezing it around the day job.",
        "Mentoring from colleagues who already use data well.",
        "Better tools; we still copy figures by hand from one spreadsheet to another.",
        'A basic course on statistics, e.g. what a "trend" or a margin of error means.',
        "Guidance on where to find the data the Council already holds.",
    ),
    "txt_good_practice": (
        "Mapping service data with GIS has helped us target resources by area.",
        "The schools team used meals data to plan catering, which saved money and cut waste.",
        "Housing repairs data is now used to plan maintenance, not just to record it.",
        "Predicting demand in social care from past referrals, linked with population data.",
        "The performance dashboard for Cabinet, which is updated every month.",
        "Joint work with the health board on hospital discharge, using shared data.",
        "Analysing payments by area to decide where to change collection arrangements.",
        "Our community safety partnership maps incidents to decide where to patrol.",
    ),
}

# --------------------------------------------------------------------------
# Public survey: 750 people across Wales (published: 36% satisfied, 12% told)
# --------------------------------------------------------------------------
PUBLIC_RESPONDENTS = 750
#: answer -> count, for each question.
PUBLIC_SATISFIED = {"yes": 270, "no": 342, "don't know": 138}
PUBLIC_TOLD = {"yes": 90, "no": 561, "don't know": 99}
#: Share of public respondents whose council is not known.
_PUBLIC_UNKNOWN_COUNCIL = 0.07

# --------------------------------------------------------------------------
# The maturity framework, in our own words
# --------------------------------------------------------------------------
#: characteristic -> (level 1, level 2, level 3)
FRAMEWORK: dict[str, tuple[str, str, str]] = {
    "leadership": (
        "Leaders and the wider culture are cautious about data: it is treated as a risk to "
        "be managed rather than an asset, and little is done to get the most from it.",
        "Leaders see the benefit of using data better, within the authority and with "
        "partners, but most of the organisation is still spotting chances to join up and "
        "share data rather than acting on them.",
        "Leaders are open and expect decisions to rest on data. The authority shares its "
        "data and what it learns from it with citizens and partners, explains the reasons "
        "for its choices, and values data in every service.",
    ),
    "standards": (
        "Each service works on its own and decides for itself what data it needs. There "
        "are no corporate rules for collecting and using data, and data is rarely joined "
        "up or shared, inside or outside the authority.",
        "The authority knows which services collect which data and some databases are "
        "linked, but the links have grown piecemeal. There are no common data standards, "
        "and sharing and integration happen only in a few specific areas.",
        "Corporate data standards and coding are in place. The authority knows what data "
        "it will need in the long term, is rationalising its systems to cut duplication "
        "and make data easier to reach, and closes gaps in coding as it finds them.",
    ),
    "customer_data": (
        "People often have to apply several times to get help. The same data is held in "
        "many places and some services still depend on paper records.",
        "The authority knows where data is duplicated but does not always deal with it. "
        "Some common reference data, such as an address gazetteer, is used to a limited "
        "extent; most records are digital but not connected.",
        "Citizens tell the authority once and services are arranged around their needs. "
        "Records are fully digital and cleansed regularly so they stay accurate; data is "
        "widely shared and joined up, and duplication is rare.",
    ),
    "protection": (
        "The authority understands and follows data protection law, but treats it as a "
        "reason not to share data.",
        "The authority understands and follows data protection law and does not see it as "
        "an obstacle to using data better.",
        "The authority follows data protection law in a way that helps it share data "
        "properly, both internally and with other organisations.",
    ),
    "analytics": (
        "Little is spent on analytics such as segmentation, forecasting or predictive "
        "modelling. The capacity and skills to use data better are lacking, and staff are "
        "rarely trained.",
        "The authority accepts that it needs more skills, capacity and investment to use "
        "data well, but does not always act on it. Upskilling staff is recognised as a "
        "risk, yet progress is slow.",
        "Staff are trained in analytics, and services routinely draw on data from many "
        "sources to understand what is happening, anticipate what may happen and model "
        "demand. Analytics is a core, properly resourced function.",
    ),
    "decisions": (
        "Data is reported and performance analysed, but only for the authority's own "
        "services, mostly after the event and not in real time; analytics is seldom used.",
        "Data is reported and performance analysed, with growing attention to measuring "
        "impact. Analytics matters more and more but is not yet embedded or well developed "
        "in most services.",
        "Performance data is evaluated and acted on when it shows that a change of course "
        "is needed. The authority has a track record of managing services with analytics "
        "and looks ahead to future demand.",
    ),
    "open_data": (
        "Data does little to support decisions, and the authority publishes very little "
        "open data or public reporting.",
        "Decisions draw on data, but gaps in coverage and analysis limit choices made in "
        "real time. Some open data is published, with limited coverage.",
        "Making decisions from data is the accepted way of working. Open data is published "
        "in real time and many organisations use it to create new opportunities.",
    ),
}

#: characteristic -> (level 1, level 2, level 3) in Welsh (framework.csv level_N_cy); the
#: names are :data:`CHARACTERISTIC_NAMES_CY`.
FRAMEWORK_CY: dict[str, tuple[str, str, str]] = {
    "leadership": (
        "Mae'r arweinwyr a'r diwylliant ehangach yn ochelgar ynghylch data: fe'i gwelir fel "
        "risg, nid fel ased, ac ychydig a wneir i gael y budd mwyaf ohono.",
        "Mae'r arweinwyr yn gweld y budd o ddefnyddio data'n well, o fewn yr awdurdod a chyda "
        "phartneriaid, ond mae'r rhan fwyaf o'r sefydliad yn dal i nodi cyfleoedd i gydgysylltu "
        "a rhannu data yn hytrach na gweithredu arnynt.",
        "Mae'r arweinwyr yn agored ac yn disgwyl i benderfyniadau fod yn seiliedig ar ddata. "
        "Mae'r awdurdod yn rhannu ei ddata, a'r hyn y mae'n ei ddysgu ohono, â dinasyddion a "
        "phartneriaid, yn egluro'r rhesymau dros ei ddewisiadau, ac yn gwerthfawrogi data ym "
        "mhob gwasanaeth.",
    ),
    "standards": (
        "Mae pob gwasanaeth yn gweithio ar ei ben ei hun ac yn penderfynu drosto'i hun pa ddata "
        "sydd ei angen arno. Nid oes rheolau corfforaethol ar gyfer casglu a defnyddio data, ac "
        "anaml y caiff data ei gydgysylltu na'i rannu, boed o fewn yr awdurdod neu y tu hwnt "
        "iddo.",
        "Mae'r awdurdod yn gwybod pa wasanaethau sy'n casglu pa ddata, ac mae rhai cronfeydd "
        "data wedi'u cysylltu, ond mae'r cysylltiadau wedi tyfu fesul tipyn. Nid oes safonau "
        "data cyffredin, a dim ond mewn ambell faes penodol y caiff data ei rannu a'i "
        "integreiddio.",
        "Mae safonau data a chodio corfforaethol ar waith. Mae'r awdurdod yn gwybod pa ddata "
        "fydd ei angen arno yn y tymor hir, mae'n rhesymoli ei systemau i leihau dyblygu ac i'w "
        "gwneud yn haws cael gafael ar ddata, ac mae'n cau bylchau yn y codio wrth ddod o hyd "
        "iddynt.",
    ),
    "customer_data": (
        "Yn aml, mae'n rhaid i bobl wneud cais sawl gwaith i gael help. Mae'r un data'n cael ei "
        "gadw mewn llawer o leoedd, ac mae rhai gwasanaethau'n dal i ddibynnu ar gofnodion "
        "papur.",
        "Mae'r awdurdod yn gwybod ble mae data wedi'i ddyblygu, ond nid yw bob amser yn mynd "
        "i'r afael â hynny. Defnyddir rhywfaint o ddata cyfeirio cyffredin, fel gasetiadur "
        "cyfeiriadau, i raddau cyfyngedig; mae'r rhan fwyaf o gofnodion yn ddigidol ond heb eu "
        "cysylltu.",
        "Dim ond unwaith y mae'n rhaid i ddinasyddion roi eu manylion i'r awdurdod, a threfnir "
        "gwasanaethau o amgylch eu hanghenion. Mae cofnodion yn gwbl ddigidol ac yn cael eu "
        "glanhau'n rheolaidd fel eu bod yn parhau'n gywir; caiff data ei rannu a'i "
        "gydgysylltu'n eang, ac anaml y ceir dyblygu.",
    ),
    "protection": (
        "Mae'r awdurdod yn deall ac yn dilyn y gyfraith diogelu data, ond mae'n ei thrin fel "
        "rheswm dros beidio â rhannu data.",
        "Mae'r awdurdod yn deall ac yn dilyn y gyfraith diogelu data, ac nid yw'n ei gweld yn "
        "rhwystr rhag defnyddio data'n well.",
        "Mae'r awdurdod yn dilyn y gyfraith diogelu data mewn ffordd sy'n ei helpu i rannu "
        "data'n briodol, yn fewnol a chyda sefydliadau eraill.",
    ),
    "analytics": (
        "Ychydig a wariir ar ddadansoddeg fel segmentu, rhagweld neu fodelu rhagfynegol. Nid oes "
        "digon o gapasiti na sgiliau i ddefnyddio data'n well, ac anaml y caiff staff eu "
        "hyfforddi.",
        "Mae'r awdurdod yn derbyn bod angen rhagor o sgiliau, capasiti a buddsoddiad arno i "
        "ddefnyddio data'n dda, ond nid yw bob amser yn gweithredu ar hynny. Cydnabyddir bod "
        "uwchsgilio staff yn risg, ond araf yw'r cynnydd.",
        "Mae staff wedi'u hyfforddi mewn dadansoddeg, ac mae gwasanaethau'n tynnu'n gyson ar "
        "ddata o sawl ffynhonnell i ddeall beth sy'n digwydd, i ragweld beth allai ddigwydd ac i "
        "fodelu'r galw. Mae dadansoddeg yn swyddogaeth graidd sydd â'r adnoddau priodol.",
    ),
    "decisions": (
        "Adroddir ar ddata a dadansoddir perfformiad, ond ar gyfer gwasanaethau'r awdurdod ei "
        "hun yn unig, ar ôl y digwyddiad gan amlaf, nid mewn amser real; anaml y defnyddir "
        "dadansoddeg.",
        "Adroddir ar ddata a dadansoddir perfformiad, gyda mwy a mwy o sylw i fesur effaith. Mae "
        "dadansoddeg yn gynyddol bwysig, ond nid yw eto wedi'i gwreiddio na'i datblygu'n dda yn "
        "y rhan fwyaf o wasanaethau.",
        "Caiff data perfformiad ei werthuso, a gweithredir arno pan fydd yn dangos bod angen "
        "newid cyfeiriad. Mae gan yr awdurdod hanes profedig o reoli gwasanaethau gyda chymorth "
        "dadansoddeg, ac mae'n edrych ymlaen at y galw yn y dyfodol.",
    ),
    "open_data": (
        "Prin yw'r defnydd o ddata i gefnogi penderfyniadau, ac ychydig iawn o ddata agored neu "
        "adroddiadau cyhoeddus a gyhoeddir gan yr awdurdod.",
        "Mae penderfyniadau'n tynnu ar ddata, ond mae bylchau o ran cwmpas a dadansoddi yn "
        "cyfyngu ar y dewisiadau a wneir mewn amser real. Cyhoeddir rhywfaint o ddata agored, "
        "ond cyfyngedig yw ei gwmpas.",
        "Gwneud penderfyniadau ar sail data yw'r ffordd arferol o weithio. Cyhoeddir data agored "
        "mewn amser real, ac mae llawer o sefydliadau'n ei ddefnyddio i greu cyfleoedd newydd.",
    ),
}

# --------------------------------------------------------------------------
# Comments chosen by the analysts (invented; a few carry contact details that
# the reports must redact: example domains and Ofcom drama telephone numbers)
# --------------------------------------------------------------------------
CAERPHILLY_COMMENTS: tuple[tuple[str, str], ...] = (
    (
        "vision",
        "We already hold a huge amount of data. The challenge is getting services to "
        "stop treating it as their own and to join it up across the Council.",
    ),
    (
        "protection",
        "Too many managers still believe their data can't be shared. We need to "
        "show them that it can be, safely, with the right safeguards in place.",
    ),
    (
        "skills",
        "It is hard to release people from day-to-day service delivery to spend time "
        "with data and find out where the benefits are.",
    ),
    (
        "evidence",
        "Committee reports are full of figures, but it isn't always clear what they "
        "mean or which decision they support. Queries go to the performance team on "
        "029 2018 0412.",
    ),
)
COMMENT_POOL: dict[str, tuple[str, ...]] = {
    "vision": (
        "There is plenty of talk about being data-led, but nobody has set out what that "
        "means for each service.",
        "Senior management are supportive, but the message hasn't reached middle managers.",
        "We hold the same information about residents in five or six systems and none of "
        "them talk to each other.",
        "Data still belongs to the service that collects it. Until that changes we will keep "
        "working in silos.",
        "The new digital strategy is a good start, but it needs a named lead and a budget "
        "behind it.",
        "Members are rarely asked what information they need; we get whatever the system "
        "happens to produce.",
        "We're good at collecting data and poor at using it.",
        "Leaders see data as an IT matter rather than something every manager is responsible for.",
        "The culture is risk averse: if in doubt, don't share, don't publish, don't try.",
        "A corporate data strategy is being drafted; the latest version is on the intranet "
        "at https://intranet.example.gov.uk/data-strategy.",
        "Some services are excellent with data and others barely use it. It depends on the "
        "manager.",
        "We need one version of the truth for addresses and customers, not a different list "
        "in every department.",
        "Nobody owns data quality corporately, so everyone assumes somebody else is fixing it.",
        "Cabinet has backed the idea of a data-driven council, but turning that into "
        "practice is slow.",
        "Systems bought service by service over twenty years make integration very expensive.",
        "When we have joined data up, for example on homelessness, the results have been "
        "impressive.",
        "We should manage our information as an asset, with the same care as our buildings.",
        "I'd welcome a simple register of the data we hold and who is responsible for it.",
    ),
    "protection": (
        "People are frightened of GDPR and it has become an excuse for not sharing.",
        "The information governance team are helpful, but there are two of them for the "
        "whole Council.",
        "We need clearer guidance on what we can share with health colleagues under WASPI.",
        "Staff did the e-learning when GDPR came in, but there has been nothing since.",
        "Questions about sharing protocols go to infogov@example.gov.uk, and replies can "
        "take weeks.",
        "Data protection is well understood in social care but much less so elsewhere.",
        "Members handle constituents' personal data every week and have had very little "
        "training on it.",
        "The rules are not the problem; the problem is that managers don't know the rules.",
        "Our data sharing agreements with partners are out of date and some were never signed.",
        "We turn down requests from other public bodies that we could lawfully agree to.",
        "A named contact in each service who understands data protection would make a big "
        "difference.",
        "Residents are not told clearly what we do with their information, and the privacy "
        "notices are hard to find.",
        "Breaches are reported and dealt with properly, which gives people confidence.",
        "Before sharing anything we are told to ring the Data Protection Officer on "
        "01632 960418; the guidance should be clear enough not to need to.",
        "Consent forms vary from service to service and some do not mention sharing at all.",
        "There is a real fear of being the person who gets it wrong, so the safe answer is "
        "always no.",
        "Refresher training every year would help, particularly for new managers.",
        "The council tax privacy notice is at www.example.gov.uk/privacy, but few residents "
        "will ever read it.",
    ),
    "skills": (
        "We have a handful of very good analysts, but they spend most of their time on "
        "statutory returns.",
        "Many managers are not confident with anything beyond a basic spreadsheet.",
        "There is no budget for analytics software, so people build their own workarounds "
        "in Excel.",
        "Training on data is there only if you go looking for it.",
        "Operational pressures always come first; there is never time to step back and look "
        "at the data.",
        "Members would benefit from short sessions on how to read and challenge performance data.",
        "We lost many experienced staff through voluntary redundancy, and their knowledge "
        "went with them.",
        "Recruiting data analysts is hard when the private sector pays so much more.",
        "A small central insight team would help the services that have no analytical "
        "capacity of their own.",
        "The GIS team are excellent but are stretched across every service.",
        "We could do forecasting and modelling if we had the people. At the moment we don't.",
        "An apprenticeship in data analysis would help us grow our own skills; see "
        "https://www.example.org/data-apprenticeships.",
        "Staff want to learn, but courses are the first thing cut when budgets are tight.",
        "Too much of our analysis depends on one or two people. If they leave, it stops.",
        "Upskilling appears on the corporate risk register, but not much happens about it.",
        "I am not sure I would know how to ask for the data I need, let alone analyse it.",
        "We pay consultants for analysis we could do ourselves with the right skills.",
        "Good analysts are hidden away in services and never get the chance to share what "
        "they know.",
    ),
    "evidence": (
        "Decisions are often made first and the data found afterwards to support them.",
        "Committee reports are long and full of tables, but they rarely say what the figures mean.",
        "Performance reports tell us what happened last year, not what is likely to happen next.",
        "We use data well in education and social services, less so elsewhere.",
        "I don't trust some of the figures we are given, because they change from one report "
        "to the next.",
        "Our open data is limited to what we are legally required to publish.",
        "Dashboards have improved scrutiny, but members need to be shown how to use them.",
        "Budget decisions have become much more evidence based over the last two years.",
        "We collect many performance indicators that nobody uses to make a decision.",
        "Nobody checks the quality of data before it goes into reports, so errors get repeated.",
        "Comparing ourselves with other councils would help, but the data is rarely like for like.",
        "Scrutiny committees should ask for evidence more often before accepting a recommendation.",
        "We published our spending data once, but no one has updated it. Queries go to "
        "opendata@example.gov.uk.",
        "Demand modelling for social care has started and is already changing how we plan.",
        "There is no common standard for presenting data to members, so every report looks "
        "different.",
        "Good decisions need timely data; ours is often months old by the time it is reported.",
        "The data is there, but the analysis that turns it into evidence is not.",
        "For the latest performance figures, ring the corporate performance team on 029 2018 0736.",
    ),
}
#: How many comments each council other than Caerphilly gets, in turn.
_COMMENTS_PER_COUNCIL = (3, 2, 4, 3)

# --------------------------------------------------------------------------
# The audit team's findings (in our own words)
# --------------------------------------------------------------------------
#: (council, theme, [paragraphs in order])
FINDINGS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        CAERPHILLY,
        "vision",
        (
            "The Authority has a **clear vision for data** and can already point to the benefits "
            "of using it to make decisions. It makes extensive use of GIS to map information by "
            "area, has analysed what pupils eat at school to plan future catering, and has used "
            "historical records to predict where anti-social behaviour is most likely, so that "
            "public protection services can be targeted.",
            "The Authority holds a great deal of data. Some services already share databases so "
            "that sensitive information is not held twice, which gives the Authority **a "
            "foundation to build on**. The next step is to break down the divisions between "
            "departments and take a single, corporate approach, so that every service benefits "
            "from decisions led by data.",
            "The **data warehouse in housing services** shows what is possible: it supports "
            "analysis across service boundaries, has helped the service respond to "
            "under-occupation, and is used to estimate future maintenance costs. The Authority "
            "keeps **information asset registers** that record its data sources, and uses them "
            "to look for further ways of keeping data secure.",
            "Most elected members who responded think the Authority treats data as a key "
            "resource, in the same way as **money**, **people** and **buildings**. To build on "
            "this, the Authority could:\n\n"
            "- carry out a data audit showing who holds which data, why, and how it is used;\n"
            "- set corporate **data management standards**, with common coding for the core "
            "data that services hold, so that data can be shared between teams and services.",
        ),
    ),
    (
        CAERPHILLY,
        "protection",
        (
            "Respondents told us that data protection safeguards are built into the way the "
            "Authority works. However, staff are **not fully aware of recent changes to data "
            "protection law**, and this has made some reluctant to share data with other "
            "departments and with partners.",
            "One respondent described the task as persuading services that their data can be "
            "shared safely with the right safeguards, and so overcoming the belief that each "
            "service's data must stay within it.",
            "The Authority should give staff **refresher training at regular intervals**, so that "
            "they know what they may and may not share, and keep its data sharing protocols up "
            "to date. Common standards for collecting and managing data would also make data "
            "sets more compatible, and sharing with other public bodies easier.",
        ),
    ),
    (
        CAERPHILLY,
        "skills",
        (
            "Respondents did not see resources as one of the Authority's greatest challenges. "
            "They did think it would benefit from a stronger focus on **data analysis** and from "
            "**building the analytical skills of its staff**.",
            "One respondent pointed to the difficulty of releasing staff from day-to-day service "
            "delivery to work with data, and of making sure that people with the right skills "
            "are available across all services.",
            "Without investment in skills the Authority risks missing chances to become more "
            "**efficient** and **effective**. Investing now would bring better outcomes for "
            "citizens and lasting savings, and the Well-being of Future Generations (Wales) Act "
            "2015 gives the Authority good reason to plan for the long term.",
        ),
    ),
    (
        CAERPHILLY,
        "evidence",
        (
            "The Authority already uses data well in some decisions. For example, it has combined "
            "customer payment records with demographic and geographic data to decide where "
            "changes to services should be made.",
            "Respondents' views were **mixed** on whether the Authority uses data to inform its "
            "decisions and whether doing so is part of its culture. Two areas stand out for "
            "improvement:\n\n"
            "1. the **quality of the data** given to decision makers;\n"
            "2. the **understanding and analysis** of that data in business planning and "
            "decision making.",
            "The Authority should set **standards for reporting data**, so that what reaches "
            "decision makers is accessible, easy to understand and helps them carry out their "
            "responsibilities.",
        ),
    ),
    (
        "W06000010",
        "vision",
        (
            "The Council's **Digital Transformation Strategy 2017-2020** links better use of "
            "digital technology and data to saving money and improving services, and commits the "
            "Council to sharing good-quality data with its partners.",
            "The strategy recognises that the public must be confident that their information is "
            "secure before the Council can publish more **open data**.",
        ),
    ),
    (
        "W06000005",
        "skills",
        (
            "**Digital Flintshire 2017-2022** sets out how digital information and technology "
            "will support the Council's priorities. It looks beyond the Council's own staff to "
            "the digital skills of its customers, working with local training providers, "
            "partners and the third sector so that more people can use services online.",
        ),
    ),
    (
        "W06000003",
        "protection",
        (
            "Through the Public Services Board it shares with Denbighshire, the Council has "
            "helped to develop information, policies and an information sharing toolkit that "
            "encourage partners to share data safely and securely.",
            "Training for staff covers lawful data sharing, including the **Wales Accord on the "
            "Sharing of Personal Information (WASPI)** and the information sharing protocols "
            "that follow from it.",
        ),
    ),
    (
        "W06000004",
        "protection",
        (
            "The Council works with Conwy through a joint Public Services Board that has built "
            "on earlier work to give partners a common approach to sharing information safely.",
        ),
    ),
    (
        "W06000004",
        "evidence",
        (
            "The Public Services Board can show how it used good-quality data to choose its "
            "priorities: good mental well-being for all ages, community empowerment, and "
            "environmental resilience.",
        ),
    ),
)

#: (council, theme) -> the audit team's Welsh text of each finding of FINDINGS, in the same
#: order and with the same Markdown (findings.csv finding_cy).
FINDINGS_CY: dict[tuple[str, str], tuple[str, ...]] = {
    (CAERPHILLY, "vision"): (
        "Mae gan yr Awdurdod **weledigaeth glir ar gyfer data**, a gall eisoes ddangos manteision "
        "ei ddefnyddio i wneud penderfyniadau. Mae'n gwneud defnydd helaeth o systemau gwybodaeth "
        "ddaearyddol (GIS) i fapio gwybodaeth fesul ardal, mae wedi dadansoddi'r hyn y mae "
        "disgyblion yn ei fwyta yn yr ysgol er mwyn cynllunio'r ddarpariaeth arlwyo ar gyfer y "
        "dyfodol, ac mae wedi defnyddio cofnodion hanesyddol i ragweld ble mae ymddygiad "
        "gwrthgymdeithasol yn fwyaf tebygol, fel y gellir targedu gwasanaethau diogelu'r "
        "cyhoedd.",
        "Mae gan yr Awdurdod lawer iawn o ddata. Mae rhai gwasanaethau eisoes yn rhannu "
        "cronfeydd data fel nad yw gwybodaeth sensitif yn cael ei chadw ddwywaith, sy'n rhoi "
        "**sylfaen i adeiladu arni** i'r Awdurdod. Y cam nesaf yw chwalu'r rhaniadau rhwng "
        "adrannau a mabwysiadu un dull corfforaethol, fel bod pob gwasanaeth yn elwa ar "
        "benderfyniadau sy'n cael eu llywio gan ddata.",
        "Mae'r **warws data yn y gwasanaethau tai** yn dangos beth sy'n bosibl: mae'n cefnogi "
        "dadansoddi ar draws ffiniau gwasanaethau, mae wedi helpu'r gwasanaeth i ymateb i "
        "danfeddiannaeth, a chaiff ei ddefnyddio i amcangyfrif costau cynnal a chadw yn y "
        "dyfodol. Mae'r Awdurdod yn cadw **cofrestrau asedau gwybodaeth** sy'n cofnodi ei "
        "ffynonellau data, ac mae'n eu defnyddio i chwilio am ragor o ffyrdd o gadw data'n "
        "ddiogel.",
        "Mae'r rhan fwyaf o'r aelodau etholedig a ymatebodd o'r farn bod yr Awdurdod yn trin "
        "data fel adnodd allweddol, yn yr un modd ag **arian**, **pobl** ac **adeiladau**. Er "
        "mwyn adeiladu ar hyn, gallai'r Awdurdod:\n\n"
        "- gynnal archwiliad data sy'n dangos pwy sy'n dal pa ddata, pam, a sut y caiff ei "
        "ddefnyddio;\n"
        "- bennu **safonau corfforaethol ar gyfer rheoli data**, gyda chodio cyffredin ar gyfer y "
        "data craidd sydd gan wasanaethau, fel y gellir rhannu data rhwng timau a gwasanaethau.",
    ),
    (CAERPHILLY, "protection"): (
        "Dywedodd ymatebwyr wrthym fod mesurau diogelu data wedi'u hymgorffori yn y ffordd y "
        "mae'r Awdurdod yn gweithio. Fodd bynnag, **nid yw staff yn gwbl ymwybodol o'r "
        "newidiadau diweddar i'r gyfraith diogelu data**, ac mae hyn wedi gwneud rhai ohonynt yn "
        "amharod i rannu data ag adrannau eraill a chyda phartneriaid.",
        "Disgrifiodd un ymatebydd y dasg fel perswadio gwasanaethau y gellir rhannu eu data'n "
        "ddiogel gyda'r mesurau diogelu cywir, gan oresgyn y gred fod yn rhaid i ddata pob "
        "gwasanaeth aros o fewn y gwasanaeth hwnnw.",
        "Dylai'r Awdurdod roi **hyfforddiant gloywi i staff yn rheolaidd**, fel eu bod yn "
        "gwybod beth y cânt ac na chânt ei rannu, a chadw ei brotocolau rhannu data yn "
        "gyfredol. Byddai safonau cyffredin ar gyfer casglu a rheoli data hefyd yn gwneud setiau "
        "data'n fwy cydnaws â'i gilydd, ac yn ei gwneud yn haws rhannu data â chyrff cyhoeddus "
        "eraill.",
    ),
    (CAERPHILLY, "skills"): (
        "Nid oedd ymatebwyr yn ystyried adnoddau yn un o heriau mwyaf yr Awdurdod. Roeddent o'r "
        "farn, serch hynny, y byddai'n elwa ar ganolbwyntio'n fwy ar **ddadansoddi data** ac ar "
        "**ddatblygu sgiliau dadansoddi ei staff**.",
        "Tynnodd un ymatebydd sylw at yr anhawster o ryddhau staff o'u gwaith bob dydd yn "
        "darparu gwasanaethau i weithio gyda data, ac o sicrhau bod pobl sydd â'r sgiliau cywir "
        "ar gael ym mhob gwasanaeth.",
        "Heb fuddsoddi mewn sgiliau, mae perygl y bydd yr Awdurdod yn colli cyfleoedd i ddod yn "
        "fwy **effeithlon** ac **effeithiol**. Byddai buddsoddi nawr yn dod â gwell canlyniadau "
        "i ddinasyddion ac arbedion parhaol, ac mae Deddf Llesiant Cenedlaethau'r Dyfodol "
        "(Cymru) 2015 yn rhoi rheswm da i'r Awdurdod gynllunio ar gyfer y tymor hir.",
    ),
    (CAERPHILLY, "evidence"): (
        "Mae'r Awdurdod eisoes yn defnyddio data'n dda wrth wneud rhai penderfyniadau. Er "
        "enghraifft, mae wedi cyfuno cofnodion taliadau cwsmeriaid â data demograffig a "
        "daearyddol er mwyn penderfynu ble y dylid newid gwasanaethau.",
        "Roedd barn ymatebwyr yn **gymysg** ynghylch a yw'r Awdurdod yn defnyddio data i lywio "
        "ei benderfyniadau, ac a yw gwneud hynny'n rhan o'i ddiwylliant. Mae angen gwella dau "
        "faes yn arbennig:\n\n"
        "1. **ansawdd y data** a roddir i benderfynwyr;\n"
        "2. **y modd y caiff y data hwnnw ei ddeall a'i ddadansoddi** wrth gynllunio busnes a "
        "gwneud penderfyniadau.",
        "Dylai'r Awdurdod bennu **safonau ar gyfer adrodd ar ddata**, fel bod yr hyn sy'n "
        "cyrraedd penderfynwyr yn hygyrch ac yn hawdd ei ddeall, ac yn eu helpu i gyflawni eu "
        "cyfrifoldebau.",
    ),
    ("W06000010", "vision"): (
        "Mae **Strategaeth Trawsnewid Digidol 2017-2020** y Cyngor yn cysylltu gwell defnydd o "
        "dechnoleg ddigidol a data ag arbed arian a gwella gwasanaethau, ac mae'n ymrwymo'r "
        "Cyngor i rannu data o ansawdd da gyda'i bartneriaid.",
        "Mae'r strategaeth yn cydnabod bod yn rhaid i'r cyhoedd fod yn hyderus bod eu gwybodaeth "
        "yn ddiogel cyn y gall y Cyngor gyhoeddi rhagor o **ddata agored**.",
    ),
    ("W06000005", "skills"): (
        "Mae **Sir y Fflint Ddigidol 2017-2022** yn nodi sut y bydd gwybodaeth a thechnoleg "
        "ddigidol yn cefnogi blaenoriaethau'r Cyngor. Mae'n edrych y tu hwnt i staff y Cyngor ei "
        "hun at sgiliau digidol ei gwsmeriaid, gan weithio gyda darparwyr hyfforddiant lleol, "
        "partneriaid a'r trydydd sector fel y gall rhagor o bobl ddefnyddio gwasanaethau "
        "ar-lein.",
    ),
    ("W06000003", "protection"): (
        "Drwy'r Bwrdd Gwasanaethau Cyhoeddus y mae'n ei rannu â Sir Ddinbych, mae'r Cyngor wedi "
        "helpu i ddatblygu gwybodaeth, polisïau a phecyn cymorth rhannu gwybodaeth sy'n annog "
        "partneriaid i rannu data'n ddiogel ac yn sicr.",
        "Mae'r hyfforddiant i staff yn ymdrin â rhannu data'n gyfreithlon, gan gynnwys "
        "**Cytundeb Cymru ar gyfer Rhannu Gwybodaeth Bersonol (WASPI)** a'r protocolau rhannu "
        "gwybodaeth sy'n deillio ohono.",
    ),
    ("W06000004", "protection"): (
        "Mae'r Cyngor yn gweithio gyda Chonwy drwy Fwrdd Gwasanaethau Cyhoeddus ar y cyd sydd "
        "wedi adeiladu ar waith blaenorol i roi dull cyffredin i bartneriaid o rannu gwybodaeth "
        "yn ddiogel.",
    ),
    ("W06000004", "evidence"): (
        "Gall y Bwrdd Gwasanaethau Cyhoeddus ddangos sut y defnyddiodd ddata o ansawdd da i "
        "ddewis ei flaenoriaethau: llesiant meddyliol da ar gyfer pob oed, grymuso cymunedau, a "
        "chydnerthedd amgylcheddol.",
    ),
}

# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------
COUNCILS_FILE = "councils.csv"
INVITATIONS_FILE = "invitations.csv"
QUESTIONS_FILE = "questions.csv"
RESPONSES_FILE = "responses.csv"
PUBLIC_SURVEY_FILE = "public_survey.csv"
FRAMEWORK_FILE = "framework.csv"
COMMENTS_FILE = "comments.csv"
FINDINGS_FILE = "findings.csv"
DATASET_FILE = "dataset.csv"
README_FILE = "README.md"
#: The synthetic data set's date (dataset.csv): the day its invented survey
#: answers were "extracted". A constant, so that the reports' "About the
#: figures" never depends on when or where the files were written.
DATA_DATE = "2018-06-29"

#: The random streams, one per purpose, spawned from SEED in this order.
_STREAMS = ("invitations", "responses", "public_survey", "comments")


def write_synthetic(raw_dir: Path | str | None = None, *, overwrite: bool = False) -> list[Path]:
    """Write the synthetic raw data set and return the files written.

    Parameters
    ----------
    raw_dir : path-like, optional
        Target folder, created if missing; default :func:`helpers.config.raw_dir`.
        Files of the same names are replaced; other files are left alone.
    overwrite : bool, default False
        Replace data files that differ from the synthetic ones. Without it,
        such files (real exports, perhaps) stop the run before anything is
        written.

    Returns
    -------
    list of Path
        The files written, in a fixed order: the nine CSV files of the data
        contract, then ``README.md``.

    Raises
    ------
    DataOverwriteError
        If the folder holds a data file that differs from the synthetic one
        and ``overwrite`` is false.

    Notes
    -----
    Each file is written to a temporary name in the target folder and then
    moved into place, so a reader never sees half a file. The output depends
    only on :data:`SEED` and the constants of this module: running it twice
    gives byte-identical files.
    """
    target = Path(raw_dir) if raw_dir is not None else config.raw_dir()
    target.mkdir(parents=True, exist_ok=True)
    streams = dict(
        zip(
            _STREAMS,
            (np.random.default_rng(s) for s in np.random.SeedSequence(SEED).spawn(len(_STREAMS))),
            strict=True,
        )
    )
    invitations = _invitations(streams["invitations"])
    tables: list[tuple[str, list[str], list[list[str]]]] = [
        (
            COUNCILS_FILE,
            ["council_code", "name", "name_cy", "short_name", "short_name_cy"],
            [
                [code, name, name_cy, short, SHORT_NAMES_CY[code]]
                for code, name, name_cy, short, _, _ in COUNCILS
            ],
        ),
        (
            INVITATIONS_FILE,
            ["council_code", "group", "invited"],
            [[code, group, str(invited)] for code, group, invited, _ in invitations],
        ),
        (
            QUESTIONS_FILE,
            [
                "question_id",
                "kind",
                "theme",
                "characteristic",
                "asked_of",
                "reverse",
                "text",
                "text_cy",
            ],
            [
                [q, kind, theme, char, asked, "true" if rev else "false", text, QUESTIONS_CY[q]]
                for q, kind, theme, char, asked, rev, text in QUESTIONS
            ],
        ),
        (RESPONSES_FILE, *_responses(streams["responses"], invitations)),
        (PUBLIC_SURVEY_FILE, *_public_survey(streams["public_survey"])),
        (
            FRAMEWORK_FILE,
            [
                "characteristic",
                "name",
                "level_1",
                "level_2",
                "level_3",
                "name_cy",
                "level_1_cy",
                "level_2_cy",
                "level_3_cy",
            ],
            [
                [slug, name, *FRAMEWORK[slug], CHARACTERISTIC_NAMES_CY[slug], *FRAMEWORK_CY[slug]]
                for slug, (name, _) in config.CHARACTERISTICS.items()
            ],
        ),
        (COMMENTS_FILE, ["council_code", "theme", "comment"], _comments(streams["comments"])),
        (
            FINDINGS_FILE,
            ["council_code", "theme", "order", "finding", "finding_cy"],
            [
                [code, theme, str(order), text, text_cy]
                for code, theme, paragraphs in FINDINGS
                for order, (text, text_cy) in enumerate(
                    zip(paragraphs, FINDINGS_CY[(code, theme)], strict=True), start=1
                )
            ],
        ),
        (DATASET_FILE, ["data_date"], [[DATA_DATE]]),
    ]
    texts = {name: _csv_text(header, rows) for name, header, rows in tables}
    if not overwrite:
        other = [
            name
            for name, text in texts.items()
            if (target / name).is_file() and (target / name).read_bytes() != text.encode("utf-8")
        ]
        if other:
            raise DataOverwriteError(
                f"{target} holds {', '.join(other)}, which differ from the synthetic data: "
                "they may be real exports, and synth would replace them. Move them elsewhere, "
                "or run synth with --force to replace them."
            )
    written = [_replace(target / name, text) for name, text in texts.items()]
    written.append(_replace(target / README_FILE, _readme(invitations)))
    return written


# --------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------
def _invitations(rng: np.random.Generator) -> list[tuple[str, str, int, int]]:
    """Rows ``(council_code, group, invited, responses)`` for every surveyed group."""
    pop = np.array([c[5] for c in COUNCILS], dtype=float)
    low, high = OFFICERS_RANGE
    officers = low + (high - low) * (pop - pop.min()) / (pop.max() - pop.min())
    officers = np.clip(np.rint(officers + rng.normal(0, 8, len(COUNCILS))), low, high)
    officer_rate = rng.uniform(*OFFICER_RATE_RANGE, len(COUNCILS))
    member_rate = rng.uniform(*MEMBER_RATE_RANGE, len(COUNCILS))
    rows = []
    for i, (code, *_, councillors, _pop) in enumerate(COUNCILS):
        drawn = {
            "officer": (int(officers[i]), int(np.rint(officer_rate[i] * officers[i]))),
            "member": (councillors, max(5, int(np.rint(member_rate[i] * councillors)))),
        }
        if code in SMALL_MEMBER_RESPONSES:
            drawn["member"] = (councillors, SMALL_MEMBER_RESPONSES[code])
        for group in config.GROUPS:
            if (code, group) == NOT_SURVEYED:
                continue
            invited, responses = PUBLISHED_INVITATIONS.get((code, group), drawn[group])
            rows.append((code, group, invited, responses))
    return rows


def _responses(
    rng: np.random.Generator, invitations: list[tuple[str, str, int, int]]
) -> tuple[list[str], list[list[str]]]:
    """The wide responses export: header and rows (non-empty and empty submissions)."""
    codes = [c[0] for c in COUNCILS]
    groups = list(config.GROUPS)
    themes = list(config.THEMES)
    qids = [q[0] for q in QUESTIONS]
    kind = np.array([q[1] for q in QUESTIONS])
    q_theme = np.array([themes.index(q[2]) for q in QUESTIONS])
    reverse = np.array([q[5] for q in QUESTIONS])
    scored = kind != "text"
    is_text = ~scored
    # applicable[g, q]: question q is asked of group g.
    applicable = np.array([[q[4] in ("both", g) for q in QUESTIONS] for g in groups])

    # One row per (non-empty) respondent.
    cell_council = np.array([codes.index(code) for code, *_ in invitations])
    cell_group = np.array([groups.index(group) for _, group, *_ in invitations])
    cell_n = np.array([n for *_, n in invitations])
    council = np.repeat(cell_council, cell_n)
    group = np.repeat(cell_group, cell_n)
    n, nq = len(council), len(QUESTIONS)

    # Council effects, overall and per theme.
    # Clipped, so that no council is implausibly far from the rest.
    council_effect = np.clip(rng.normal(0, _SD_COUNCIL, len(codes)), -_CLIP_COUNCIL, _CLIP_COUNCIL)
    council_theme = np.clip(
        rng.normal(0, _SD_COUNCIL_THEME, (len(codes), len(themes))), -_CLIP_THEME, _CLIP_THEME
    )
    for code, (effect, by_theme) in _FIXED_COUNCIL_EFFECTS.items():
        council_effect[codes.index(code)] = effect
        council_theme[codes.index(code)] = [by_theme[t] for t in themes]
    group_theme = np.array([[_GROUP_THEME_EFFECT[g][t] for t in themes] for g in groups])
    shift = np.zeros((len(codes), len(groups), nq))
    for code, shifts in _COUNCIL_SHIFTS.items():
        for qid, who, value in shifts:
            g = slice(None) if who == "both" else groups.index(who)
            shift[codes.index(code), g, qids.index(qid)] += value
    noise = np.full((len(codes), nq), _SD_ANSWER)
    for code, settings in _COUNCIL_NOISE.items():
        for theme, sd in settings:
            noise[codes.index(code), q_theme == themes.index(theme)] = sd
    base = np.array([_ITEM_BASE.get(q, 0.0) for q in qids])

    latent = (
        base[None, :]
        + council_effect[council][:, None]
        + council_theme[council][:, q_theme]
        + group_theme[group][:, q_theme]
        + shift[council, group]
        + rng.normal(0, _SD_RESPONDENT, n)[:, None]
        + rng.normal(0, 1, (n, nq)) * noise[council]
    )
    score = 1 + np.searchsorted(_LIKERT_CUTS, latent)  # 1..5, higher = more mature
    raw_score = np.where(reverse[None, :], 6 - score, score)
    likert = np.array(LIKERT_LABELS, dtype=object)[raw_score - 1]
    level = np.array(["1", "2", "3"], dtype=object)[np.searchsorted(_LEVEL_CUTS, latent)]
    answers = np.where(kind[None, :] == "level", level, likert).astype(object)

    # Free text: one or two sentences from the question's pool.
    text_asked = np.zeros((n, nq), dtype=bool)
    for j in np.flatnonzero(is_text):
        pool = np.array(TEXT_ANSWERS[qids[j]], dtype=object)
        first = rng.integers(0, len(pool), n)
        second = (first + rng.integers(1, len(pool), n)) % len(pool)
        two = rng.random(n) < 0.25
        answers[:, j] = np.where(two, pool[first] + " " + pool[second], pool[first])
        share = np.array([_TEXT_SHARE[qids[j]][g] for g in groups])
        text_asked[:, j] = rng.random(n) < share[group]

    # "Don't know" and skipped questions.
    dk_prob = np.array(
        [
            [
                (_DONT_KNOW_LEVEL if k == "level" else _DONT_KNOW)[g] + _DONT_KNOW_EXTRA.get(q, 0.0)
                for q, k in zip(qids, kind, strict=True)
            ]
            for g in groups
        ]
    )
    dont_know = (rng.random((n, nq)) < dk_prob[group]) & scored
    skipped = (rng.random((n, nq)) < _SKIP) & scored

    # Stopping part way: everything after the stopping point is blank.
    own = applicable[group] & scored  # the respondent's applicable scored questions
    reached = np.cumsum(own, axis=1)
    n_own = reached[:, -1]
    draw = rng.random(n)
    reach = np.where(
        draw < _BREAKOFF_SHARE,
        rng.uniform(*_BREAKOFF_REACH, n),
        np.where(draw < _BREAKOFF_SHARE + _PARTIAL_SHARE, rng.uniform(*_PARTIAL_REACH, n), 1.0),
    )
    last = np.maximum(1, np.ceil(reach * n_own)).astype(int)
    stop_col = np.argmax(reached >= last[:, None], axis=1)
    after_stop = np.arange(nq)[None, :] > stop_col[:, None]
    # The first applicable question is always answered, so no respondent is empty.
    first_col = np.argmax(own, axis=1)
    skipped[np.arange(n), first_col] = False

    blank = ~applicable[group] | after_stop | skipped | (is_text[None, :] & ~text_asked)
    answers = np.where(dont_know, config.DONT_KNOW, answers)
    answers = np.where(blank, "", answers)

    # Empty submissions: a few councils, one or two each, in a surveyed group.
    chosen = rng.choice(
        [i for i, code in enumerate(codes) if code != CAERPHILLY],
        _EMPTY_SUBMISSION_COUNCILS - 1,
        replace=False,
    )
    empty_councils = np.sort(np.append(chosen, codes.index(CAERPHILLY)))
    empty_cells = []
    for c in empty_councils:
        cells = np.flatnonzero(cell_council == c)
        cell = cells[rng.integers(0, len(cells))]
        empty_cells.extend([cell] * int(rng.integers(1, 3)))
    empty_cells = np.array(empty_cells, dtype=int)
    n_empty = len(empty_cells)
    council = np.concatenate([council, cell_council[empty_cells]])
    group = np.concatenate([group, cell_group[empty_cells]])
    answers = np.vstack([answers, np.full((n_empty, nq), "", dtype=object)])

    ids = _opaque_ids(rng, "resp-", n + n_empty)
    # Export order: council by council, submissions in (random) time order within.
    order = np.lexsort((rng.random(n + n_empty), council))
    codes_arr = np.array(codes, dtype=object)
    groups_arr = np.array(groups, dtype=object)
    table = np.column_stack([ids, codes_arr[council], groups_arr[group], answers])[order]
    return ["respondent_id", "council_code", "group", *qids], table.tolist()


def _public_survey(rng: np.random.Generator) -> tuple[list[str], list[list[str]]]:
    """The all-Wales public survey: 750 respondents with the published counts."""
    n = PUBLIC_RESPONDENTS
    codes = [c[0] for c in COUNCILS]
    weight = np.array([c[5] for c in COUNCILS], dtype=float)
    p = np.append((1 - _PUBLIC_UNKNOWN_COUNCIL) * weight / weight.sum(), _PUBLIC_UNKNOWN_COUNCIL)
    council = np.array([*codes, ""], dtype=object)[rng.choice(len(p), n, p=p)]
    satisfied = rng.permutation(
        np.repeat(np.array(list(PUBLIC_SATISFIED), dtype=object), list(PUBLIC_SATISFIED.values()))
    )
    # People who have been told what happens to their data are more often satisfied.
    w = np.where(satisfied == "yes", 2.0, 1.0)
    told = np.empty(n, dtype=object)
    told_yes = rng.choice(n, PUBLIC_TOLD["yes"], replace=False, p=w / w.sum())
    rest = np.setdiff1d(np.arange(n), told_yes)
    others = [a for a in PUBLIC_TOLD if a != "yes"]
    told[told_yes] = "yes"
    told[rest] = rng.permutation(
        np.repeat(np.array(others, dtype=object), [PUBLIC_TOLD[a] for a in others])
    )
    ids = _opaque_ids(rng, "pub-", n)
    table = np.column_stack([ids, council, satisfied, told])
    return ["respondent_id", "council_code", "satisfied", "told"], table.tolist()


def _comments(rng: np.random.Generator) -> list[list[str]]:
    """Two to four comments per council; Caerphilly's own, the others from the pool."""
    themes = list(config.THEMES)
    pools = {t: list(rng.permutation(np.array(COMMENT_POOL[t], dtype=object))) for t in themes}
    rows = []
    others = 0
    for code, *_ in COUNCILS:
        if code == CAERPHILLY:
            rows.extend([code, theme, text] for theme, text in CAERPHILLY_COMMENTS)
            continue
        k = _COMMENTS_PER_COUNCIL[others % len(_COMMENTS_PER_COUNCIL)]
        start = int(rng.integers(0, len(themes)))
        for j in range(k):
            theme = themes[(start + j) % len(themes)]
            if not pools[theme]:
                raise RuntimeError(f"comment pool for theme {theme!r} is exhausted")
            rows.append([code, theme, str(pools[theme].pop())])
        others += 1
    return rows


def _opaque_ids(rng: np.random.Generator, prefix: str, n: int) -> np.ndarray:
    """``n`` distinct identifiers: ``prefix`` + 8 hexadecimal digits."""
    while True:
        values = rng.integers(0, 2**32, n, dtype=np.uint64)
        if len(np.unique(values)) == n:
            return np.array([f"{prefix}{v:08x}" for v in values.tolist()], dtype=object)


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------
def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _replace(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) beside ``path``, then move it into place, following no link."""
    return atomic.write_atomic(path, text)


def _readme(invitations: list[tuple[str, str, int, int]]) -> str:
    short = {c[0]: c[3] for c in COUNCILS}
    table = "\n".join(
        f"| {short[code]} | {config.GROUPS[group]} | {invited} | {responses} |"
        for code, group, invited, responses in invitations
    )
    small = " and ".join(f"{short[c]} ({n})" for c, n in SMALL_MEMBER_RESPONSES.items())
    return f"""# data/raw: the raw survey data (read-only)

Everything the workbook reports is computed from the files in this folder, and
nothing in the workbook writes to it except the generator below.

* **Never edit these files by hand.** To use the real survey exports, put them
  here exactly as received (same file names and columns: the data contract),
  with a `{DATASET_FILE}` giving the date they were extracted. Or leave this
  folder alone and point every command that reads raw data at another folder:
  `python -m helpers validate --raw DIR`, `build --raw DIR` and
  `report --raw DIR ...` (`make reports RAW=DIR`). `report --raw DIR` renders
  DIR's figures without reading or changing this folder; a later `report`
  without `--raw` builds from this folder again first.
  To get the shipped data back, run `python -m helpers synth`.
* **File dates do not matter.** Everything is computed from the files'
  contents: the same files copied, unzipped or checked out on another day give
  byte-identical reports. The date a report prints is the `data_date` of
  `{DATASET_FILE}`; without that file a report prints no date, only the data
  set's fingerprint.
* **The shipped files are synthetic.** They were made by `helpers/data/synth.py`
  with seed `{SEED}`; no real respondent is behind any row, and running the
  generator again reproduces them byte for byte. Caerphilly County Borough
  Council (`{CAERPHILLY}`) reproduces the published response table (officers
  96 invited / 46 responses, elected members 74 / 18), and its answers, comments
  and findings broadly follow what the published report found. The public
  survey reproduces the published all-Wales figures exactly (270 of 750
  satisfied, 36%; 90 of 750 told, 12%). Comments containing e-mail addresses,
  telephone numbers and web addresses use example domains and Ofcom drama
  numbers.

| file | what it holds |
|---|---|
| `{COUNCILS_FILE}` | the 22 principal councils: code, names and short names, English and Welsh |
| `{INVITATIONS_FILE}` | how many officers and elected members each council invited |
| `{QUESTIONS_FILE}` | the question bank: levels, statements, free text; English and Welsh |
| `{RESPONSES_FILE}` | the survey export, one row per submission (including empty submissions) |
| `{PUBLIC_SURVEY_FILE}` | the all-Wales public survey ({PUBLIC_RESPONDENTS} respondents) |
| `{FRAMEWORK_FILE}` | the maturity framework, 7 characteristics x 3 levels, English and Welsh |
| `{COMMENTS_FILE}` | quotations chosen for each council's report, by theme, and their language |
| `{FINDINGS_FILE}` | the audit team's findings (Caerphilly and a few others), English and Welsh |
| `{DATASET_FILE}` | the data set's date (`{DATA_DATE}`), printed in "About the figures" |

**Welsh texts.** Each council's report is published in Welsh as well as in
English, and a Welsh report prints no English: the Welsh texts it needs from
the data are the council's Welsh name (`{COUNCILS_FILE}` `name_cy`), the Welsh
wording of each agreement statement (`{QUESTIONS_FILE}` `text_cy`), the Welsh
name and descriptors of each characteristic (`{FRAMEWORK_FILE}` `name_cy`,
`level_1_cy` to `level_3_cy`), and the Welsh text of each finding
(`{FINDINGS_FILE}` `finding_cy`). They sit on the same row as the English,
and the shipped files have every one. The optional column `short_name_cy` of
`{COUNCILS_FILE}` gives the council's Welsh short name (`Caerffili`,
`Abertawe`, `Sir Benfro`: the place's own name, unmutated), which Welsh
sentences use where English ones say `Caerphilly`; without it they use the full
Welsh name. In other data the Welsh columns are
optional (an English-only data set is valid), but a Welsh report is not made
while a text it prints is missing: `python -m helpers validate --language cy`
lists each one as `FILE:LINE: column COL: no Welsh text for ...`. Comments
are never translated: the optional column `lang` of `{COMMENTS_FILE}` gives the
language each was written in (`en` or `cy`; empty or absent means `en`), and
each is printed marked with that language, in both reports.

Cases the synthetic data deliberately contain: the elected members of
{short[NOT_SURVEYED[0]]} were not surveyed (no invitation row, no responses);
very few elected members responded in {small}
(small-number suppression);
"Don't know" answers, skipped questions, partial submissions and break-offs
(respondents who stopped part way), and empty submissions (rows with no answer,
which are dropped and not counted as responses).

Invitations and responses (non-empty submissions) as generated:

| council | group | invited | responses |
|---|---|---|---|
{table}
"""
