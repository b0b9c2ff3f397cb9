package org.nhsloginkeycloak.mappers;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;
import org.nhsloginkeycloak.core.ProofingLevel;

class ProofedClaimTest {

    /** The three reads a claim makes of a Keycloak user, answered from a map; the real user is the ITs' business. */
    static UserModel user(Map<String, String> attributes) {
        return (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[] {UserModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getFirstAttribute" -> attributes.get((String) args[0]);
                    case "getFirstName" -> attributes.get(UserModel.FIRST_NAME);
                    case "getLastName" -> attributes.get(UserModel.LAST_NAME);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final UserModel WELSH = user(Map.of(UserModel.FIRST_NAME, "Siân", "middle_names", "Mair Ffion",
            UserModel.LAST_NAME, "AP IORWERTH-O'BRIEN", "nhs_number", "9990000034", "birthdate", "1979-02-28",
            "gp_ods_code", "W91016"));

    @Test
    void eachClaimReadsItsOwnValueUnchanged() {
        assertThat(ProofedClaim.NHS_NUMBER.valueFor(WELSH, ProofingLevel.P9)).isEqualTo("9990000034");
        assertThat(ProofedClaim.GIVEN_NAME.valueFor(WELSH, ProofingLevel.P9)).isEqualTo("Siân");
        assertThat(ProofedClaim.MIDDLE_NAME.valueFor(WELSH, ProofingLevel.P9)).isEqualTo("Mair Ffion");
        assertThat(ProofedClaim.FAMILY_NAME.valueFor(WELSH, ProofingLevel.P9)).isEqualTo("AP IORWERTH-O'BRIEN");
        assertThat(ProofedClaim.BIRTHDATE.valueFor(WELSH, ProofingLevel.P9)).isEqualTo("1979-02-28");
        assertThat(ProofedClaim.IDENTITY_PROOFING_LEVEL.valueFor(WELSH, ProofingLevel.P9)).isEqualTo("P9");
    }

    @Test
    void gpRegistrationDetailsIsAnObjectHoldingTheOdsCode() {
        assertThat(ProofedClaim.GP_REGISTRATION_DETAILS.valueFor(WELSH, ProofingLevel.P5))
                .isEqualTo(Map.of("gp_ods_code", "W91016"));
    }

    @Test
    void aCitizenWithoutAValueGetsNoClaimRatherThanNullOrEmpty() {
        Map<String, String> blank = new HashMap<>();
        blank.put("nhs_number", "");
        blank.put("middle_names", "   ");
        UserModel nothingTraced = user(blank);
        Arrays.stream(ProofedClaim.values()).filter(claim -> claim != ProofedClaim.IDENTITY_PROOFING_LEVEL)
                .forEach(claim -> assertThat(claim.valueFor(nothingTraced, ProofingLevel.P5)).as(claim.claimName())
                        .isNull());
    }

    @Test
    void configurationNamesAreTheClaimNames() {
        assertThat(ProofedClaim.named("middle_name")).contains(ProofedClaim.MIDDLE_NAME);
        assertThat(ProofedClaim.named("middle_names")).isEmpty();
        assertThat(ProofedClaim.named("NHS_NUMBER")).isEmpty();
    }
}
