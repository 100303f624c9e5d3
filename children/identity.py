"""Resident ID numbers (GB 11643-1999) and name search keys (pinyin)."""

from datetime import date

from pypinyin import Style, lazy_pinyin

# The search keys' column sizes: a name is at most 50 characters (Child.name) and the longest
# Mandarin syllable has 6 letters (shuang, zhuang), so 300 holds any name in characters; a
# Latin letter whose lower case is longer (İ) is cut rather than overflow the column.
NAME_MAX_LENGTH = 50
PINYIN_MAX_LENGTH = 6 * NAME_MAX_LENGTH
INITIALS_MAX_LENGTH = NAME_MAX_LENGTH

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_check_character(first17: str) -> str:
    return _CHECK[sum(int(ch) * w for ch, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalise_id_number(value: str) -> str:
    return value.strip().upper().replace(" ", "")


def mask_name(name: str) -> str:
    """张**: the family name, the rest masked, as a file outside the user's reach or a public notice
    shows a child (Minors Protection Law Art. 103)."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_id_number(number: str) -> str:
    """511324********1234: the region (first 6) and last 4 only, as pages, lists and exports show it.

    PIPL Art. 28 counts ID numbers as sensitive; the full number is shown only on demand
    (children.views.child_reveal_id, audited). Anything too short to mask is hidden entirely.
    """
    number = number or ""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


class IdNumberError(ValueError):
    """The code says which check failed: 'format', 'checksum', 'birth_date', 'date_of_birth', 'sex'."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def id_birth_date(number: str) -> date:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise IdNumberError("birth_date") from exc


def id_sex(number: str) -> str:
    """ "M" or "F": the 17th digit is odd for men and even for women."""
    return "M" if int(number[16]) % 2 == 1 else "F"


def validate_id_number(number: str, *, date_of_birth: date | None = None, sex: str | None = None) -> str:
    """Check an 18-character resident ID number; return it normalised or raise IdNumberError.

    The first six digits are the region code at the time of issue. Regions are merged and
    abolished every year, and the number stays valid for life, so the region is never
    checked against the current division list.
    """
    number = normalise_id_number(number)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError("format")
    if id_check_character(number[:17]) != number[17]:
        raise IdNumberError("checksum")
    born = id_birth_date(number)
    if date_of_birth is not None and born != date_of_birth:
        raise IdNumberError("date_of_birth")
    if sex in ("M", "F") and id_sex(number) != sex:
        raise IdNumberError("sex")
    return number


def make_id_number(region: str, born: date, sequence: int, sex: str) -> str:
    """Build a valid ID number (used by the demo generator and tests)."""
    seq = sequence % 100 * 10 + (sequence // 100) % 5 * 2 + (1 if sex == "M" else 0)
    first17 = f"{region[:6]}{born:%Y%m%d}{seq:03d}"
    return first17 + id_check_character(first17)


# Surnames read differently from the same character in ordinary words (曾经 céng, but 曾 Zēng).
SURNAME_READINGS = {
    "万俟": ["mo", "qi"],
    "尉迟": ["yu", "chi"],
    "单于": ["chan", "yu"],
    "曾": ["zeng"],
    "单": ["shan"],
    "解": ["xie"],
    "仇": ["qiu"],
    "覃": ["qin"],
    "区": ["ou"],
    "朴": ["piao"],
    "查": ["zha"],
    "盖": ["ge"],
    "乐": ["yue"],
    "缪": ["miao"],
    "召": ["shao"],
    "翟": ["zhai"],
    "员": ["yun"],
    "种": ["chong"],
    "秘": ["bi"],
    "繁": ["po"],
    "黑": ["he"],
    "牟": ["mou"],
    "折": ["she"],
    "句": ["gou"],
    "费": ["fei"],
    "隗": ["wei"],
    "阚": ["kan"],
}


def _syllables(name: str) -> list[str]:
    for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
        if name.startswith(surname):
            rest = name[len(surname) :]
            return SURNAME_READINGS[surname] + (lazy_pinyin(rest, style=Style.NORMAL) if rest else [])
    return lazy_pinyin(name, style=Style.NORMAL, errors="default")


def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) without tones or spaces: 张伟 → ('zhangwei', 'zw'), 曾强 → ('zengqiang', 'zq')."""
    syllables = [s.lower() for s in _syllables(name.strip()) if s.strip()]
    full = "".join(syllables).replace(" ", "")
    initials = "".join(s[0] for s in syllables if s and s[0].isalnum())
    return full[:PINYIN_MAX_LENGTH], initials[:INITIALS_MAX_LENGTH]


def search_key(query: str) -> str:
    """The pinyin key of a search query, whether typed in characters or Latin letters."""
    full, _ = name_keys(query)
    return "".join(ch for ch in full if ch.isalnum())
