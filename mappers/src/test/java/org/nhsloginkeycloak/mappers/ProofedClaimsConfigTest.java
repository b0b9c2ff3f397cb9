package org.nhsloginkeycloak.mappers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.core.ProofingLevel;

class ProofedClaimsConfigTest {

    @Test
    void readsTheClaimsAsKeycloakStoresAMultivaluedList() {
        ProofedClaimsConfig config = ProofedClaimsConfig.of(Map.of("claims",
                "nhs_number##family_name ## birthdate##identity_proofing_level", "minimum.level", "P9"));

        assertThat(config.claims()).containsExactlyInAnyOrder(ProofedClaim.NHS_NUMBER, ProofedClaim.FAMILY_NAME,
                ProofedClaim.BIRTHDATE, ProofedClaim.IDENTITY_PROOFING_LEVEL);
        assertThat(config.minimumLevel()).isEqualTo(ProofingLevel.P9);
        assertThat(config.unknown()).isEmpty();
    }

    @Test
    void withoutALevelClaimsNeedP5AsNhsLoginReleasesThem() {
        assertThat(ProofedClaimsConfig.of(Map.of("claims", "given_name")).minimumLevel()).isEqualTo(ProofingLevel.P5);
        assertThat(ProofedClaimsConfig.of(Map.of("claims", "given_name", "minimum.level", " ")).minimumLevel())
                .isEqualTo(ProofingLevel.P5);
    }

    @Test
    void noConfigReleasesNothing() {
        assertThat(ProofedClaimsConfig.of(null).claims()).isEmpty();
        assertThat(ProofedClaimsConfig.of(new HashMap<>()).claims()).isEmpty();
    }

    @Test
    void unknownClaimsAreReportedNotReleased() {
        ProofedClaimsConfig config = ProofedClaimsConfig.of(Map.of("claims", "family_name##gender##postcode"));

        assertThat(config.claims()).containsExactly(ProofedClaim.FAMILY_NAME);
        assertThat(config.unknown()).containsExactly("gender", "postcode");
    }

    @Test
    void anUnknownLevelClosesTheClaimsToAllButP9RatherThanOpeningThem() {
        ProofedClaimsConfig config = ProofedClaimsConfig.of(Map.of("claims", "nhs_number", "minimum.level", "P3"));

        assertThat(config.minimumLevel()).isEqualTo(ProofingLevel.P9);
        assertThat(config.unknown()).containsExactly("minimum.level=\"P3\"");
    }

    @Test
    void aChangedConfigurationIsParsedAfreshNotServedFromTheCache() {
        Map<String, String> config = new HashMap<>(Map.of("claims", "family_name"));
        assertThat(ProofedClaimsConfig.cached(config).claims()).containsExactly(ProofedClaim.FAMILY_NAME);

        config.put("claims", "family_name##nhs_number");

        assertThat(ProofedClaimsConfig.cached(config).claims())
                .containsExactlyInAnyOrder(ProofedClaim.FAMILY_NAME, ProofedClaim.NHS_NUMBER);
        assertThat(ProofedClaimsConfig.cached(config)).isSameAs(ProofedClaimsConfig.cached(Map.copyOf(config)));
    }
}
