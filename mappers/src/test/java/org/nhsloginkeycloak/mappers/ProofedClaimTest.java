package org.nhsloginkeycloak.mappers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;

class ProofedClaimTest {

    private static final NhsUser WELSH = new NhsUser(ProofingLevel.P9, "9990000034", "Siân", "Mair Ffion",
            "AP IORWERTH-O'BRIEN", "1979-02-28", "W91016", "+447700900789", true, true);
    private static final NhsUser NOTHING_TRACED = new NhsUser(ProofingLevel.P0, null, null, null, null, null, null,
            null, false, false);

    @Test
    void eachClaimReadsItsOwnValueUnchanged() {
        assertThat(ProofedClaim.NHS_NUMBER.valueFor(WELSH)).isEqualTo("9990000034");
        assertThat(ProofedClaim.GIVEN_NAME.valueFor(WELSH)).isEqualTo("Siân");
        assertThat(ProofedClaim.MIDDLE_NAME.valueFor(WELSH)).isEqualTo("Mair Ffion");
        assertThat(ProofedClaim.FAMILY_NAME.valueFor(WELSH)).isEqualTo("AP IORWERTH-O'BRIEN");
        assertThat(ProofedClaim.BIRTHDATE.valueFor(WELSH)).isEqualTo("1979-02-28");
        assertThat(ProofedClaim.IDENTITY_PROOFING_LEVEL.valueFor(WELSH)).isEqualTo("P9");
    }

    @Test
    void gpRegistrationDetailsIsAnObjectHoldingTheOdsCode() {
        assertThat(ProofedClaim.GP_REGISTRATION_DETAILS.valueFor(WELSH)).isEqualTo(Map.of("gp_ods_code", "W91016"));
    }

    @Test
    void aCitizenWithoutAValueGetsNoClaimRatherThanNullOrEmpty() {
        Arrays.stream(ProofedClaim.values()).filter(claim -> claim != ProofedClaim.IDENTITY_PROOFING_LEVEL)
                .forEach(claim -> assertThat(claim.valueFor(NOTHING_TRACED)).as(claim.claimName()).isNull());
    }

    @Test
    void configurationNamesAreTheClaimNames() {
        assertThat(ProofedClaim.named("middle_name")).contains(ProofedClaim.MIDDLE_NAME);
        assertThat(ProofedClaim.named("middle_names")).isEmpty();
        assertThat(ProofedClaim.named("NHS_NUMBER")).isEmpty();
    }
}
