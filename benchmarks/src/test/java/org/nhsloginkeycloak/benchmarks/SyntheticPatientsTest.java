package org.nhsloginkeycloak.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.core.NhsNumber;

class SyntheticPatientsTest {

    @Test
    void everyPatientHasAValidNhsNumberOfTheirOwnInTheTestRange() {
        Set<String> seen = new HashSet<>();
        IntStream.range(0, 5_000).mapToObj(SyntheticPatients::nhsNumber).forEach(number -> {
            assertThat(NhsNumber.isValid(number)).as(number).isTrue();
            assertThat(number).startsWith("9992");
            assertThat(seen.add(number)).as("%s twice", number).isTrue();
        });
    }

    @Test
    void thePatientsMobileIsTheCitizensWrittenAsPdsOftenHoldsIt() {
        assertThat(SyntheticPatients.patient(7, "+447700900123").mobileNational()).isEqualTo("07700 900123");
    }

    @Test
    void noTwoPatientsShareTheDetailsATraceSearchesWith() {
        Set<String> traces = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            SyntheticPatients.Patient patient = SyntheticPatients.patient(i, "+447700900000");
            assertThat(traces.add(patient.familyName().toUpperCase() + patient.givenName().toUpperCase()
                    + patient.birthDate() + patient.postcode())).isTrue();
        }
    }
}
