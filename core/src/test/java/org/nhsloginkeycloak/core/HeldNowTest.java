package org.nhsloginkeycloak.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeldNowTest {

    private static final String P5_ONLY = "[\"P5.Cp.Cd\",\"P5.Cp.Ck\",\"P5.Cm\"]";
    private static final String MULTI_LEVEL = "[\"P0.Cp.Cd\",\"P5.Cp.Cd\",\"P9.Cp.Cd\"]";

    @Test
    void whatTheSignInReachedStandsWhileTheAccountStillHoldsIt() {
        assertThat(HeldNow.vot("P5.Cp.Cd", P5_ONLY, "Cp.Cd", ProofingLevel.P5)).hasValue(VectorOfTrust.parse("P5.Cp.Cd"));
        // Gaining a level later does not raise what this sign-in reached.
        assertThat(HeldNow.vot("P0.Cp.Cd", MULTI_LEVEL, "Cp.Cd", ProofingLevel.P9)).hasValue(VectorOfTrust.parse("P0.Cp.Cd"));
    }

    @Test
    void aDemotedCitizenIsToldAtTheLevelTheyHoldIfThePartnerAcceptsIt() {
        assertThat(HeldNow.vot("P9.Cp.Cd", MULTI_LEVEL, "Cp.Cd", ProofingLevel.P5)).hasValue(VectorOfTrust.parse("P5.Cp.Cd"));
        assertThat(HeldNow.vot("P5.Cp.Cd", MULTI_LEVEL, "Cp.Cd", ProofingLevel.P0)).hasValue(VectorOfTrust.parse("P0.Cp.Cd"));
    }

    @Test
    void aDemotedCitizenMeetingNoRequestedVectorGetsNone() {
        assertThat(HeldNow.vot("P5.Cp.Cd", P5_ONLY, "Cp.Cd", ProofingLevel.P0)).isEmpty();
        // Without the request on record nothing lower can be chosen, so nothing is said.
        assertThat(HeldNow.vot("P5.Cp.Cd", null, "Cp.Cd", ProofingLevel.P0)).isEmpty();
        assertThat(HeldNow.vot("not a vector", P5_ONLY, "Cp.Cd", ProofingLevel.P9)).isEmpty();
        assertThat(HeldNow.vot(null, P5_ONLY, "Cp.Cd", ProofingLevel.P9)).isEmpty();
    }

    @Test
    void theCredentialsProvedDecideWhichLowerVectorIsMet() {
        // Reported P5.Cp (the partner's own vector), proved Cp.Cd: after demotion P0.Cp.Cd is met.
        assertThat(HeldNow.vot("P5.Cp", "[\"P5.Cp\",\"P0.Cp.Cd\"]", "Cp.Cd", ProofingLevel.P0))
                .hasValue(VectorOfTrust.parse("P0.Cp.Cd"));
        // Password only: the lower vector needs a second factor that was never proved.
        assertThat(HeldNow.vot("P5.Cp", "[\"P5.Cp\",\"P0.Cp.Cd\"]", "Cp", ProofingLevel.P0)).isEmpty();
    }

    @Test
    void theLevelReleasedIsTheLowerOfSignInAndNow() {
        assertThat(HeldNow.level("P5", ProofingLevel.P0)).isEqualTo(ProofingLevel.P0);
        assertThat(HeldNow.level("P0", ProofingLevel.P5)).isEqualTo(ProofingLevel.P0);
        assertThat(HeldNow.level("P9", ProofingLevel.P9)).isEqualTo(ProofingLevel.P9);
    }

    @Test
    void withoutALevelRecordedAtSignInNothingAboveP0IsReleased() {
        // A session the vectors-of-trust gate never judged (a flow without it, a grant that skips it) proved no level.
        assertThat(HeldNow.level(null, ProofingLevel.P9)).isEqualTo(ProofingLevel.P0);
        assertThat(HeldNow.level("P7", ProofingLevel.P5)).isEqualTo(ProofingLevel.P0);
    }
}
