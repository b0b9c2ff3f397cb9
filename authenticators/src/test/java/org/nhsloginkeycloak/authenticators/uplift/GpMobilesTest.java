package org.nhsloginkeycloak.authenticators.uplift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.connectors.pds.PdsPatient;
import org.nhsloginkeycloak.connectors.pds.PdsPhone;

class GpMobilesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    /** These records hold Ofcom's drama-range numbers, which only a development or test server accepts. */
    @org.junit.jupiter.api.BeforeEach
    void asATestServer() {
        org.nhsloginkeycloak.authenticators.codes.UkMobileNumbers.acceptDramaNumbers(true);
    }

    @org.junit.jupiter.api.AfterEach
    void asProduction() {
        org.nhsloginkeycloak.authenticators.codes.UkMobileNumbers.acceptDramaNumbers(false);
    }

    private static PdsPatient withPhones(boolean restricted, PdsPhone... phones) {
        return new PdsPatient("9990001030", "Siân", null, "AP DAFYDD-O'BRIEN", LocalDate.of(1975, 2, 28), false,
                restricted, null, List.of(phones), "3");
    }

    @Test
    void numbersAsPdsHoldsThemAreComparedAsE164() {
        PdsPatient patient = withPhones(false, new PdsPhone("07700 900100", "mobile", null),
                new PdsPhone("+44 7700 900302", "mobile", null), new PdsPhone("00447700900400", null, null));

        assertThat(GpMobiles.current(patient, TODAY)).containsExactly("+447700900100", "+447700900302", "+447700900400");
        assertThat(GpMobiles.matches("+447700900100", patient, TODAY)).isTrue();
        assertThat(GpMobiles.matches("+447700900999", patient, TODAY)).isFalse();
    }

    @Test
    void landlinesAndEndedNumbersNeverMatch() {
        PdsPatient patient = withPhones(false, new PdsPhone("01632 960587", "home", null),
                new PdsPhone("07700 900301", "mobile", LocalDate.of(2020, 6, 30)),
                new PdsPhone("07700 900302", "mobile", TODAY));

        assertThat(GpMobiles.current(patient, TODAY)).containsExactly("+447700900302");
        assertThat(GpMobiles.matches("+447700900301", patient, TODAY)).isFalse();
    }

    @Test
    void aMobileRecordedUnderAnotherUseStillCounts() {
        PdsPatient patient = withPhones(false, new PdsPhone("07700900123", "home", null));

        assertThat(GpMobiles.matches("+447700900123", patient, TODAY)).isTrue();
    }

    @Test
    void aRestrictedRecordNeverMatchesAndTheSameNumberTwiceIsOneNumber() {
        assertThat(GpMobiles.current(withPhones(true, new PdsPhone("07700900123", "mobile", null)), TODAY)).isEmpty();
        assertThat(GpMobiles.current(withPhones(false, new PdsPhone("07700900123", "mobile", null),
                new PdsPhone("+447700900123", "home", null)), TODAY)).containsExactly("+447700900123");
    }

    @Test
    void noVerifiedMobileNeverMatches() {
        assertThat(GpMobiles.matches(null, withPhones(false, new PdsPhone("07700900123", "mobile", null)), TODAY))
                .isFalse();
    }
}
