package org.nhsloginkeycloak.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NhsNumberTest {

    @ParameterizedTest
    // Test-range numbers, the PDS sandbox's 9000000009, and numbers whose check digit comes out as 11 -> 0.
    @ValueSource(strings = {"9990000018", "9000000009", "9449306060", "9449310602", "4010232137", "0000000000"})
    void acceptsNumbersWithACorrectCheckDigit(String digits) {
        assertThat(NhsNumber.isValid(digits)).isTrue();
        assertThat(NhsNumber.parse(digits).value()).isEqualTo(digits);
    }

    @Test
    void computesTheModulus11CheckDigit() {
        // 9*10 + 9*9 + 9*8 + 0 + 0 + 0 + 0 + 0 + 1*2 = 245; 245 mod 11 = 3; 11 - 3 = 8
        assertThat(NhsNumber.checkDigit("999000001")).contains(8);
        // 4*10 + 1*8 + 2*6 + 3*5 + 2*4 + 1*3 + 3*2 = 92; 92 mod 11 = 4; 11 - 4 = 7
        assertThat(NhsNumber.checkDigit("401023213")).contains(7);
        // remainder 0 -> 11 -> written as 0
        assertThat(NhsNumber.checkDigit("000000000")).contains(0);
    }

    @Test
    void nineDigitsWhoseCheckWouldBeTenAreNeverAnNhsNumber() {
        // A weighted sum with remainder 1 gives 11 - 1 = 10, which one digit cannot hold.
        String prefix = findPrefixWithCheckTen();
        assertThat(NhsNumber.checkDigit(prefix)).isEmpty();
        for (int last = 0; last <= 9; last++) {
            assertThat(NhsNumber.isValid(prefix + last)).isFalse();
        }
        assertThatThrownBy(() -> NhsNumber.parse(prefix + "0")).hasMessageContaining("No valid NHS number");
    }

    private static String findPrefixWithCheckTen() {
        for (int n = 0; n < 1_000_000_000; n++) {
            String prefix = String.format("%09d", n);
            if (NhsNumber.checkDigit(prefix).isEmpty()) {
                return prefix;
            }
        }
        throw new AssertionError("some prefix must give check digit 10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9990000017", "9990000019", "9000000000", "8527685222", "4447685222"})
    void refusesAWrongCheckDigit(String digits) {
        // 8527685222 and 4447685222 are the Interface Specification's own examples, which fail the check.
        assertThatThrownBy(() -> NhsNumber.parse(digits)).hasMessage("The NHS number's check digit is wrong");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"999000001", "99900000181", "999-000-0018", "999000001A", "９９９０００００１８", "+999000001"})
    void refusesAnythingThatIsNotTenDigitsWithoutRepeatingIt(String text) {
        assertThatThrownBy(() -> NhsNumber.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An NHS number is 10 digits");
    }

    @Test
    void acceptsTheGroupedFormPeopleWriteAndFormatsItBack() {
        NhsNumber number = NhsNumber.parse("999 000 0018");
        assertThat(number.value()).isEqualTo("9990000018");
        assertThat(number.formatted()).isEqualTo("999 000 0018");
        assertThat(number).isEqualTo(NhsNumber.parse("9990000018"));
    }

    @Test
    void toStringMasksAllButTheLastFourDigitsSoLogsDoNotIdentifyAnyone() {
        assertThat(NhsNumber.parse("9990000018").toString())
                .isEqualTo("*** *** 0018")
                .doesNotContain("999000");
    }
}
