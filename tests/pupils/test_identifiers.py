"""UPNs, ULNs, LA codes and year groups, checked against numbers worked out by hand from the published rules
and against the examples DfE, HESA and MIS suppliers publish."""

from datetime import date

import pytest

from pupils.identifiers import (
    ENGLISH_LA_CODES,
    UPN_LETTERS,
    academic_year_start,
    age_on,
    check_uln,
    check_upn,
    date_of_birth_problem,
    is_english_la_code,
    la_code_problem,
    year_group,
    year_group_name,
)

WEIGHTS = range(2, 14)
LETTER_VALUES = {letter: value for value, letter in enumerate(sorted(UPN_LETTERS))}


def check_letter_by_hand(rest: str) -> str:
    """The rule as DfE words it, written out again independently of the code under test: weight characters
    2 to 13 by 2 to 13 (a temporary UPN's final letter counting A=0 ... Z=22, skipping I, O and S), sum,
    take the remainder on dividing by 23, and read it as a letter of that same alphabet."""
    total = sum(
        weight * (int(char) if char.isdigit() else LETTER_VALUES[char])
        for weight, char in zip(WEIGHTS, rest, strict=True)
    )
    return sorted(UPN_LETTERS)[total % 23]


def test_the_upn_alphabet_is_the_23_letters_without_i_o_and_s():
    assert len(UPN_LETTERS) == 23
    assert not {"I", "O", "S"} & UPN_LETTERS


@pytest.mark.parametrize(
    "upn",
    [
        "B801200005001",  # python-stdnum's documented example
        "P207000016049",  # the census-error guides' worked example, whose sum is 266 (they print 267 and Q)
        "G335311012004",  # a real SIMS file's pupil (ctf-samples/y7_2_students.xml)
        "Z801209809069",  # and another (ctf-samples/y12.xml)
    ],
)
def test_a_upn_with_the_right_check_letter_is_valid(upn):
    result = check_upn(upn)

    assert result.valid
    assert not result.temporary
    assert result.problem == ""


@pytest.mark.parametrize("rest", ["933401250017", "838451223104", "201000124560", "942400126999"])
def test_a_upn_made_by_the_rule_by_hand_is_valid(rest):
    assert check_upn(check_letter_by_hand(rest) + rest).valid


@pytest.mark.parametrize("rest", ["933401250017", "838451223104", "201000124560"])
def test_every_other_check_letter_is_wrong(rest):
    right = check_letter_by_hand(rest)
    for letter in sorted(UPN_LETTERS - {right}):
        result = check_upn(letter + rest)
        assert not result.valid
        assert "check letter" in result.problem


def test_a_temporary_upn_ends_in_a_letter_and_is_accepted_and_flagged():
    # ScholarPack's published example of a temporary UPN
    result = check_upn("X00180001701A")

    assert result.valid
    assert result.temporary


@pytest.mark.parametrize("rest", ["93340125001A", "83845122310Z", "20100012456H"])
def test_a_temporary_upns_final_letter_counts_in_its_check_letter(rest):
    assert check_upn(check_letter_by_hand(rest) + rest).valid
    assert check_upn(check_letter_by_hand(rest) + rest).temporary


def test_a_temporary_upn_with_the_wrong_check_letter_is_still_flagged_temporary():
    # The former UPN in ctf-samples/y7_2_students.xml
    result = check_upn("M86534630235G")

    assert not result.valid
    assert result.temporary


BAD_ENDING = "A UPN ends with a digit, or with a letter other than I, O or S for a temporary UPN"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "There is no UPN"),
        ("   ", "There is no UPN"),
        ("B80120000500", "A UPN has 13 characters, and this one has 12"),
        ("B8012000050011", "A UPN has 13 characters, and this one has 14"),
        ("8801200005001", "A UPN starts with its check letter, a letter other than I, O or S"),
        ("I801200005001", "A UPN starts with its check letter, a letter other than I, O or S"),
        ("B80120000A001", "Characters 2 to 12 of a UPN are all digits, 0 to 9"),
        ("B80120000500O", BAD_ENDING),
        ("B80120000500-", BAD_ENDING),
    ],
)
def test_a_malformed_upn_says_what_is_wrong(value, problem):
    result = check_upn(value)

    assert not result.valid
    assert result.problem == problem


def test_a_upn_is_normalised_without_spaces_and_in_capitals():
    result = check_upn("  b801 2000 05001\n")

    assert result.value == "B801200005001"
    assert result.valid


def test_a_upn_carries_the_code_of_the_la_that_issued_it():
    assert check_upn("C706200819999").la_code == "706"
    assert check_upn("B801200005001").la_code == "801"
    assert check_upn("X12").la_code == ""
    assert check_upn("BA01200005001").la_code == ""


@pytest.mark.parametrize(
    "uln",
    [
        "9276308686",  # HESA's worked example: the weighted sum is 296, remainder 10
        "1000102504",  # the example in the published ULN validation tools
    ],
)
def test_a_published_uln_is_valid(uln):
    assert check_uln(uln)


def uln_by_hand(first_nine: str) -> str | None:
    remainder = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True)) % 11
    return None if remainder == 0 else first_nine + str(10 - remainder)


@pytest.mark.parametrize("first_nine", ["123456789", "700000001", "555555555", "987654320", "400123456"])
def test_a_uln_made_by_the_rule_by_hand_is_valid_and_no_other_last_digit_is(first_nine):
    uln = uln_by_hand(first_nine)
    assert uln is not None
    assert check_uln(uln)
    assert [digit for digit in "0123456789" if check_uln(first_nine + digit)] == [uln[-1]]


def test_a_uln_whose_first_nine_digits_leave_no_remainder_has_no_valid_check_digit():
    # The ULN in ctf-samples/y12.xml, anonymised by its publisher: 2,4,8,1,0,8,1,8,7 weighted 10..2 sum
    # to 209 = 19 x 11, so no tenth digit can make it valid.
    assert uln_by_hand("248108187") is None
    assert not check_uln("2481081875")
    assert not any(check_uln("248108187" + digit) for digit in "0123456789")


@pytest.mark.parametrize("value", ["", "927630868", "92763086860", "927630868X", "0276308686", "9276308687"])
def test_a_uln_of_the_wrong_shape_or_check_digit_is_not_valid(value):
    assert not check_uln(value)


def test_a_uln_may_be_padded_with_spaces():
    assert check_uln(" 9276308686 ")


@pytest.mark.parametrize(
    "code",
    ["201", "213", "301", "320", "330", "420", "801", "838", "839", "909", "933", "938", "940", "943"],
)
def test_english_la_codes_are_english(code):
    assert is_english_la_code(code)


@pytest.mark.parametrize(
    "code",
    ["706", "701", "708", "660", "681", "001", "005", "999", "998", "000", "214", "321", "", "83", "8380"],
)
def test_welsh_channel_islands_pseudo_and_made_up_codes_are_not_english(code):
    assert not is_english_la_code(code)


def test_there_are_as_many_english_la_codes_as_england_has_had_since_1999():
    # 152 LAs today, plus the seven codes of councils abolished since, plus Scilly's.
    assert len(ENGLISH_LA_CODES) == 160
    assert all(len(code) == 3 and code.isdigit() for code in ENGLISH_LA_CODES)


# Digits Python's isdigit accepts that no identifier of ours holds: full width, superscript, Arabic-Indic.
NOT_ASCII_DIGITS = ["\uff19", "\u00b2", "\u0661"]


@pytest.mark.parametrize("digit", NOT_ASCII_DIGITS)
@pytest.mark.parametrize("place", [1, 5, 12])
def test_a_upn_with_a_digit_that_is_not_0_to_9_is_not_valid_and_says_why(digit, place):
    upn = "B801200005001"
    result = check_upn(upn[:place] + digit + upn[place + 1 :])

    assert not result.valid
    assert result.problem in (
        "Characters 2 to 12 of a UPN are all digits, 0 to 9",
        "A UPN ends with a digit, or with a letter other than I, O or S for a temporary UPN",
    )
    assert result.la_code == "" or result.la_code.isascii()


@pytest.mark.parametrize("digit", NOT_ASCII_DIGITS)
def test_a_uln_with_a_digit_that_is_not_0_to_9_is_not_valid(digit):
    assert not check_uln("927630868" + digit)
    assert not check_uln(digit * 10)


@pytest.mark.parametrize("code", ["938", "201", "943"])
def test_an_english_la_code_is_a_home_la_code(code):
    assert la_code_problem(code) == ""


@pytest.mark.parametrize("code", ["999", "998"])
def test_an_la_registered_with_the_service_is_a_home_la_code_whatever_its_code(code):
    assert "No local authority in England has the code" in la_code_problem(code)
    assert la_code_problem(code, registered=True) == ""


@pytest.mark.parametrize("code", ["000", "214", "660"])
def test_a_code_no_english_la_has_is_not_a_home_la_code(code):
    assert la_code_problem(code) == (
        f"No local authority in England has the code {code}: check the home LA code, or leave it empty"
    )


@pytest.mark.parametrize(
    "code", ["93", "9380", "93A", "\uff19\uff13\uff18", "9\u00b28", "\u0669\u0663\u0668"]
)
def test_a_home_la_code_is_3_digits_0_to_9(code):
    assert la_code_problem(code, registered=True) == "Home LA code must be 3 digits, like 938"


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (date(2014, 9, 1), date(2026, 9, 1), 7),  # the oldest of the 2026/27 Year 7
        (date(2015, 8, 31), date(2026, 9, 1), 7),  # and the youngest
        (date(2015, 8, 31), date(2027, 8, 31), 7),  # still Year 7 on the last day of the year
        (date(2015, 9, 1), date(2026, 9, 1), 6),  # a day younger: Year 6
        (date(2014, 8, 31), date(2026, 9, 1), 8),  # a day older: Year 8
        (date(2014, 9, 1), date(2026, 8, 31), 6),  # the day before the academic year starts
        (date(2021, 9, 1), date(2026, 9, 1), 0),  # Reception
        (date(2022, 9, 1), date(2026, 9, 1), -1),  # nursery
        (date(2008, 9, 1), date(2026, 9, 1), 13),
        (date(2012, 2, 29), date(2026, 2, 28), 9),  # the 2011/12 cohort, Year 9 in 2025/26
    ],
)
def test_year_group_follows_the_academic_year_starting_on_1_september(born, on, expected):
    assert year_group(born, on) == expected


def test_the_academic_year_starts_on_1_september():
    assert academic_year_start(date(2026, 8, 31)) == 2025
    assert academic_year_start(date(2026, 9, 1)) == 2026


@pytest.mark.parametrize(
    ("year", "name"),
    [
        (-3, "Younger than nursery age"),
        (-2, "Younger than nursery age"),
        (-1, "Nursery"),
        (0, "Reception"),
        (9, "Year 9"),
        (13, "Year 13"),
        (14, "Year 14"),
        (15, "Beyond Year 13"),
        (18, "Beyond Year 13"),
        (None, ""),
    ],
)
def test_a_year_group_is_named_and_never_year_18(year, name):
    assert year_group_name(year) == name


def test_age_counts_whole_years_to_the_birthday():
    assert age_on(date(2012, 3, 14), date(2026, 3, 13)) == 13
    assert age_on(date(2012, 3, 14), date(2026, 3, 14)) == 14
    assert age_on(date(2012, 2, 29), date(2026, 2, 28)) == 13


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("born", "problem"),
    [
        (date(2026, 12, 1), "Date of birth must be in the past"),
        (date(2027, 1, 1), "Date of birth must be in the past"),
        (date(2024, 12, 2), "Date of birth makes the pupil younger than 2: check the year"),
        (date(2000, 12, 1), "Date of birth makes the pupil older than 25: check the year"),  # 26 today
        (date(1926, 1, 1), "Date of birth makes the pupil older than 25: check the year"),
    ],
)
def test_a_date_of_birth_in_the_future_or_outside_ages_2_to_25_is_a_slip(born, problem):
    assert date_of_birth_problem(born, TODAY) == problem


@pytest.mark.parametrize("born", [date(2024, 12, 1), date(2012, 3, 14), date(2000, 12, 2)])
def test_a_date_of_birth_making_the_pupil_2_to_25_is_accepted(born):
    assert date_of_birth_problem(born, TODAY) == ""
