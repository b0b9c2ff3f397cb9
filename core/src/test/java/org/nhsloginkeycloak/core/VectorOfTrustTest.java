package org.nhsloginkeycloak.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VectorOfTrustTest {

    @ParameterizedTest
    // Every profile in the Interface Specification's table 21, and vectors that leave out a part.
    @ValueSource(strings = {"P0.Cp", "P0.Cp.Cd", "P0.Cp.Ck", "P0.Cm", "P5.Cp", "P5.Cp.Cd", "P5.Cp.Ck", "P5.Cm",
            "P9.Cp", "P9.Cp.Cd", "P9.Cp.Ck", "P9.Cm", "P9", "P5", "Cp.Cd", "Cm"})
    void parsesAndWritesBackEveryValidVector(String text) {
        assertThat(VectorOfTrust.parse(text)).hasToString(text);
    }

    @Test
    void exposesItsParts() {
        VectorOfTrust vector = VectorOfTrust.parse("P5.Cp.Cd");
        assertThat(vector.level()).contains(ProofingLevel.P5);
        assertThat(vector.credentials()).contains(CredentialProfile.PASSWORD_AND_DEVICE);
        assertThat(vector.isComplete()).isTrue();
        assertThat(VectorOfTrust.parse("P9").credentials()).isEmpty();
        assertThat(VectorOfTrust.parse("Cm").level()).isEmpty();
        assertThat(VectorOfTrust.parse("Cm").isComplete()).isFalse();
        assertThat(vector).isEqualTo(VectorOfTrust.of(ProofingLevel.P5, CredentialProfile.PASSWORD_AND_DEVICE));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesAnEmptyVector(String text) {
        assertThatThrownBy(() -> VectorOfTrust.parse(text))
                .isInstanceOf(InvalidVectorOfTrustException.class)
                .hasMessage("A vector of trust must not be empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "P3.Cp.Cd       | unknown proofing level \"P3\"",
            "P6             | unknown proofing level \"P6\"",
            "PX.Cp          | unknown proofing level \"PX\"",
            "p9.cp.cd       | unknown component \"p9\"",
            "P9.Cx          | unknown component \"Cx\"",
            "P9.Cp.Cd.Hv    | unknown component \"Hv\"",
            "' P9.Cp.Cd'    | unknown component \" P9\"",
    })
    void refusesUnknownComponentsNamingThem(String text, String expected) {
        assertThatThrownBy(() -> VectorOfTrust.parse(text))
                .isInstanceOf(InvalidVectorOfTrustException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"P9..Cd", "P9.Cp.", ".P9.Cp", "."})
    void refusesEmptyComponents(String text) {
        assertThatThrownBy(() -> VectorOfTrust.parse(text)).hasMessageContaining("has an empty component");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Cp.P9", "P9.P5.Cp", "P5.P5"})
    void refusesALevelThatIsNotFirstOrNotAlone(String text) {
        assertThatThrownBy(() -> VectorOfTrust.parse(text)).hasMessageContaining("must start with its proofing level");
    }

    @ParameterizedTest
    @ValueSource(strings = {"P9.Cp.Cp", "P9.Cm.Cm"})
    void refusesRepeatedCredentials(String text) {
        assertThatThrownBy(() -> VectorOfTrust.parse(text)).hasMessageContaining("repeats a component");
    }

    @ParameterizedTest
    // Combinations NHS login does not define, and defined ones in another order.
    @ValueSource(strings = {"P9.Cd", "P9.Ck", "P9.Cp.Cm", "P9.Cp.Cd.Ck", "P9.Cd.Cp", "P9.Cm.Cp"})
    void refusesCredentialCombinationsNhsLoginDoesNotDefine(String text) {
        assertThatThrownBy(() -> VectorOfTrust.parse(text)).hasMessageContaining("expected Cp, Cp.Cd, Cp.Ck or Cm");
    }

    @Test
    void refusesAnOverlongVectorWithoutEchoingItAll() {
        String text = "P9." + "Cp.".repeat(100);
        assertThatThrownBy(() -> VectorOfTrust.parse(text))
                .hasMessageContaining("is too long")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(100));
    }

    @ParameterizedTest
    @CsvSource({
            // requested, achieved, satisfied
            "P5.Cp.Cd, P5.Cp.Cd, true",
            "P5.Cp.Cd, P9.Cp.Cd, true",   // a higher level meets a lower request
            "P9.Cp.Cd, P5.Cp.Cd, false",  // step-up needed
            "P5.Cp,    P5.Cp.Cd, true",   // a second factor meets a password-only request
            "P5.Cp.Cd, P5.Cp,    false",  // a password alone does not meet a 2FA request
            "P5.Cp.Cd, P5.Cp.Ck, false",  // a shared key is not a registered device
            "P5.Cm,    P9.Cp.Cd, false",  // FIDO was asked for
            "P5.Cp,    P5.Cm,    false",  // FIDO alone proves no password
            "P9,       P9.Cm,    true",   // any credentials at P9
            "P9,       P5.Cm,    false",
            "Cp.Cd,    P0.Cp.Cd, true",   // any level
    })
    void decidesWhetherAnAchievedVectorSatisfiesARequestedOne(String requested, String achieved, boolean satisfied) {
        assertThat(VectorOfTrust.parse(requested).isSatisfiedBy(VectorOfTrust.parse(achieved))).isEqualTo(satisfied);
    }

    @Test
    void anAchievedVectorMustBeComplete() {
        assertThatThrownBy(() -> VectorOfTrust.parse("P5.Cp.Cd").isSatisfiedBy(VectorOfTrust.parse("P9")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReportedVectorFillsWhatTheRequestLeftOutFromWhatWasAchieved() {
        VectorOfTrust achieved = VectorOfTrust.parse("P9.Cp.Cd");
        assertThat(VectorOfTrust.parse("P9").reportedFor(achieved)).hasToString("P9.Cp.Cd");
        assertThat(VectorOfTrust.parse("Cp").reportedFor(achieved)).hasToString("P9.Cp");
        assertThat(VectorOfTrust.parse("P5.Cp.Cd").reportedFor(achieved)).hasToString("P5.Cp.Cd");
    }
}
