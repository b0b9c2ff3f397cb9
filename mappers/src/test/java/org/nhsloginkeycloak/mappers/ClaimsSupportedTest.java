package org.nhsloginkeycloak.mappers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapper;

class ClaimsSupportedTest {

    private static ProtocolMapperModel model(String mapper, Map<String, String> config) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setProtocolMapper(mapper);
        model.setConfig(config);
        return model;
    }

    private static ProtocolMapper implementation(String id) {
        return switch (id) {
            case ProofedClaimsMapper.PROVIDER_ID -> new ProofedClaimsMapper();
            case PhoneClaimsMapper.PROVIDER_ID -> new PhoneClaimsMapper();
            default -> null;
        };
    }

    @Test
    void listsTheProtocolClaimsThenWhatEachMapperReleases() {
        var claims = ClaimsSupported.of(List.of(
                model(ProofedClaimsMapper.PROVIDER_ID, Map.of("claims", "nhs_number##family_name", "id.token.claim", "true")),
                model(PhoneClaimsMapper.PROVIDER_ID, Map.of("userinfo.token.claim", "true")),
                model("oidc-usermodel-property-mapper", Map.of("claim.name", "email", "userinfo.token.claim", "true")),
                model("oidc-usermodel-attribute-mapper",
                        Map.of("claim.name", "gp_registration_details.gp_ods_code", "userinfo.token.claim", "true"))),
                ClaimsSupportedTest::implementation);

        assertThat(claims).get().asList().containsExactly("iss", "sub", "aud", "exp", "iat", "jti", "auth_time",
                "nonce", "family_name", "nhs_number", "phone_number", "phone_number_pds_matched",
                "phone_number_verified", "email", "gp_registration_details");
    }

    @Test
    void aMapperThatOnlyFeedsIntrospectionIsNotAPartnerClaim() {
        var claims = ClaimsSupported.of(List.of(
                model(PhoneClaimsMapper.PROVIDER_ID, Map.of("userinfo.token.claim", "true")),
                model("oidc-usermodel-property-mapper",
                        Map.of("claim.name", "username", "introspection.token.claim", "true"))),
                ClaimsSupportedTest::implementation);

        assertThat(claims).get().asList().doesNotContain("username");
    }

    @Test
    void aRealmWithoutOurMappersKeepsKeycloaksList() {
        assertThat(ClaimsSupported.of(List.of(model("oidc-usermodel-property-mapper",
                Map.of("claim.name", "email", "id.token.claim", "true"))), ClaimsSupportedTest::implementation)).isEmpty();
    }
}
