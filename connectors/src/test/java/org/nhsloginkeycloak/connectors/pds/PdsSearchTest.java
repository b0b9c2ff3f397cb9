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
    })
    void aValueThatCouldWidenOrBreakTheSearchIsRefusedBeforeAnyCall(String what, String given, String family,
            String postcode) {
        assertThatThrownBy(() -> new PdsSearch(given, family, BORN, postcode, PdsSearch.Match.NON_FUZZY))
                .as(what).isInstanceOf(IllegalArgumentException.class);
    }
}
