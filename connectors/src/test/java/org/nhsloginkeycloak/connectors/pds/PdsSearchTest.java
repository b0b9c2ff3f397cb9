package org.nhsloginkeycloak.connectors.pds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PdsSearchTest {

    private static final LocalDate BORN = LocalDate.of(1979, 2, 14);

    @Test
    void aFuzzyTraceAsksForFuzzyMatchingInsteadOfHistory() {
        String query = new PdsSearch("Mary", "Holloway", BORN, "LS1 4AP", PdsSearch.Match.FUZZY).query();

        assertThat(query).contains("_fuzzy-match=true").doesNotContain("_history").contains("_max-results=1");
    }

    @Test
    void withoutAPostcodeThereIsNoPostcodeParameter() {
        assertThat(new PdsSearch("Alex", "Hughes", BORN, null, PdsSearch.Match.NON_FUZZY).query())
                .doesNotContain("address-postalcode");
    }

    @Test
    void anExactTraceAsksForScore1ResultsOnlyWithHistory() {
        assertThat(new PdsSearch("Mary", "Holloway", BORN, "LS1 4AP", PdsSearch.Match.EXACT).query())
                .contains("_exact-match=true").contains("_history=true").doesNotContain("_fuzzy-match");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a wildcard family name   | Mary | Hol*     | LS1 4AP",
            "a wildcard given name    | M*   | Holloway | LS1 4AP",
            "a blank name             | ' '  | Holloway | LS1 4AP",
            "a 36-character name      | Mary | ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEF | LS1 4AP",
            "markup in the postcode   | Mary | Holloway | <b>LS1</b>",
            "a wildcard postcode      | Mary | Holloway | LS*",
            "a comma (FHIR's OR) in the family name | Mary | Holloway,Smith | LS1 4AP",
            "a comma in the given name              | Mary,Jane | Holloway | LS1 4AP",
            "a comma in the postcode                | Mary | Holloway | 'LS1,LS2'",
            "a search modifier                      | Mary | Holloway$exact | LS1 4AP",
            "a token separator                      | Mary | 'a|b'     | LS1 4AP",
            "FHIR's escape character                | Mary | 'Hol\\loway' | LS1 4AP",
            "another parameter smuggled in          | Mary | Holloway&gender=male | LS1 4AP",
            "an encoded character                   | Mary | Hol%2Aloway | LS1 4AP",
            "a quotation mark                       | Mary | 'Hol\"loway' | LS1 4AP",
            "a typographic apostrophe (the form turns it into ')  | Mary | O’Brien | LS1 4AP",
            "a letter beyond Latin Extended-A       | Mary | Holɑway | LS1 4AP",
            "an emoji                               | Mary | Holloway😀 | LS1 4AP",
    })
    void aValueThatCouldWidenOrBreakTheSearchIsRefusedBeforeAnyCall(String what, String given, String family,
            String postcode) {
        assertThatThrownBy(() -> new PdsSearch(given, family, BORN, postcode, PdsSearch.Match.NON_FUZZY))
                .as(what).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a newline in a name | 'Mary\\nJane' | Holloway",
            "a tab in a name     | Mary | 'Hollo\\tway'",
            "a NUL in a name     | 'Ma\\0ry' | Holloway",
    })
    void aControlCharacterInANameIsRefused(String what, String given, String family) {
        String realGiven = given.translateEscapes();
        String realFamily = family.translateEscapes();

        assertThatThrownBy(() -> new PdsSearch(realGiven, realFamily, BORN, "LS1 4AP", PdsSearch.Match.NON_FUZZY))
                .as(what).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(realFamily.strip());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "Siân              | AP DAFYDD-O'BRIEN",
            "Gwenllïan         | Ŵyn",
            "Zoë               | St. John-Smythe",
            "Mary Ellen        | HOLLOWAY",
            "Łukasz            | Żółć",
            "Ngozi             | Okafor 2nd",
    })
    void everyNameCharacterPdsHoldsIsAccepted(String given, String family) {
        assertThat(new PdsSearch(given, family, BORN, "LL57 2DG", PdsSearch.Match.NON_FUZZY).query())
                .contains("_max-results=1");
    }

    @Test
    void aDateOfBirthPdsCannotWriteAsYyyyMmDdIsRefused() {
        assertThatThrownBy(() -> new PdsSearch("Mary", "Holloway", LocalDate.of(10000, 1, 1), "LS1 4AP",
                PdsSearch.Match.NON_FUZZY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PdsSearch("Mary", "Holloway", LocalDate.of(0, 1, 1), "LS1 4AP",
                PdsSearch.Match.NON_FUZZY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PdsSearch("Mary", "Holloway", LocalDate.of(1901, 1, 1), null, PdsSearch.Match.NON_FUZZY).query())
                .contains("birthdate=eq1901-01-01");
    }

    @Test
    void onlyPdsFourGendersAreAGenderAndOneIsSentAsPdsWritesIt() {
        assertThat(PdsSearch.Gender.of("Female")).isEqualTo(PdsSearch.Gender.FEMALE);
        for (String notAGender : new String[] {"mal", "male,female", "f", "", "unknown*"}) {
            assertThatThrownBy(() -> PdsSearch.Gender.of(notAGender)).as(notAGender)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new PdsSearch("Mary", "Holloway", BORN, null, PdsSearch.Gender.FEMALE, PdsSearch.Match.FUZZY).query())
                .contains("&gender=female&");
        assertThat(new PdsSearch("Mary", "Holloway", BORN, null, PdsSearch.Match.NON_FUZZY).query())
                .doesNotContain("gender");
    }

    @Test
    void anNhsNumberForAReadIsTenDigitsWithItsCheckDigitAndNothingElse() {
        assertThat(PdsSearch.isNhsNumber("9990001006")).isTrue();
        for (String notOne : new String[] {"999 000 1006", "9990001006,9990001014", "999000100*", "9990001007",
                "99900010060", "9990001006/", "../9990001006", "", null}) {
            assertThat(PdsSearch.isNhsNumber(notOne)).as(String.valueOf(notOne)).isFalse();
        }
    }
}
