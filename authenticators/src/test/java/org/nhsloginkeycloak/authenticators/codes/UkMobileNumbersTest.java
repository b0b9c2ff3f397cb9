package org.nhsloginkeycloak.authenticators.codes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UkMobileNumbersTest {

    @org.junit.jupiter.api.AfterEach
    void productionAgain() {
        UkMobileNumbers.acceptDramaNumbers(false);
    }

    @ParameterizedTest
    @CsvSource({
            "07700 900 982,      +447700900982",
            "+44 7700 900982,    +447700900982",
            "0044 7700 900982,   +447700900982",
            "(07700) 900-982,    +447700900982",
            "07400 123456,       +447400123456",
    })
    void writesAUkMobileAsE164HoweverItIsTyped(String typed, String e164) {
        UkMobileNumbers.acceptDramaNumbers(true);
        assertThat(UkMobileNumbers.toE164(typed)).contains(e164);
    }

    @ParameterizedTest
    @ValueSource(strings = {"07700 900 982", "+44 7700 900000", "07700900999"})
    void ofcomsDramaRangeIsRefusedUnlessTheServerIsForDevelopmentOrTest(String typed) {
        assertThat(UkMobileNumbers.toE164(typed)).as("production").isEmpty();

        UkMobileNumbers.acceptDramaNumbers(true);
        assertThat(UkMobileNumbers.toE164(typed)).as("sandpit and tests").isPresent();
    }

    @Test
    void realMobilesAreAcceptedEitherWay() {
        assertThat(UkMobileNumbers.toE164("07400 123456")).contains("+447400123456");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"020 7946 0000", "+1 202 555 0123", "+33 6 12 34 56 78", "07700 90098", "0770090098212",
            "call me", "+447700900982 ext 2"})
    void refusesLandlinesForeignNumbersAndNonsense(String typed) {
        assertThat(UkMobileNumbers.toE164(typed)).isEmpty();
    }

    @Test
    void refusesAnAbsurdlyLongInputWithoutParsingIt() {
        assertThat(UkMobileNumbers.toE164("0".repeat(10_000))).isEmpty();
    }
}
