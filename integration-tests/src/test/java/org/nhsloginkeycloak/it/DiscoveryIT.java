package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.sandpit.Sandpit;

@ExtendWith(SandpitExtension.class)
class DiscoveryIT {

    private final Http http = new Http();

    @Test
    void partnersDiscoverTheRealmsEndpointsAndRs512Signing(Sandpit sandpit) {
        HttpResponse<String> response = http.get(sandpit.discoveryUrl());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode discovery = Json.parse(response.body());
        assertThat(discovery.path("issuer").asText()).isEqualTo(sandpit.realmUrl().toString());
        assertThat(discovery.path("authorization_endpoint").asText()).startsWith(sandpit.realmUrl().toString());
        assertThat(texts(discovery.path("token_endpoint_auth_methods_supported"))).contains("private_key_jwt");
        assertThat(texts(discovery.path("id_token_signing_alg_values_supported"))).contains("RS512");
        assertThat(texts(discovery.path("code_challenge_methods_supported"))).contains("S256");
    }

    @Test
    void partnersDiscoverTheNhsLoginScopesAndNothingElse(Sandpit sandpit) {
        JsonNode discovery = Json.parse(http.get(sandpit.discoveryUrl()).body());

        assertThat(texts(discovery.path("scopes_supported"))).containsExactlyInAnyOrder("openid", "profile",
                "profile_extended", "profile_reduced", "basic_demographics", "profile_middle_names", "phone", "email",
                "gp_registration_details");
    }

    @Test
    void partnersDiscoverTheClaimsTheScopesRelease(Sandpit sandpit) {
        JsonNode discovery = Json.parse(http.get(sandpit.discoveryUrl()).body());

        assertThat(texts(discovery.path("claims_supported"))).containsExactlyInAnyOrder("iss", "sub", "aud", "exp",
                "iat", "jti", "auth_time", "nonce", "vot", "vtm", "nhs_number", "family_name", "given_name",
                "middle_name", "birthdate", "identity_proofing_level", "phone_number", "phone_number_verified",
                "phone_number_pds_matched", "email", "email_verified", "gp_registration_details");
    }

    @Test
    void theTrustmarkThatVtmPointsAtIsServed(Sandpit sandpit) {
        HttpResponse<String> response = http.get(URI.create(sandpit.realmUrl() + "/trustmark"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode trustmark = Json.parse(response.body());
        assertThat(trustmark.path("idp").asText()).isEqualTo(sandpit.realmUrl().toString());
        assertThat(texts(trustmark.path("P"))).containsExactly("P0", "P5", "P9");
        assertThat(texts(trustmark.path("C"))).containsExactly("Cp", "Cd", "Ck", "Cm");
        // A realm that releases no vot has no trustmark.
        assertThat(http.get(sandpit.keycloakUrl().resolve("/realms/master/trustmark")).statusCode()).isEqualTo(404);
    }

    @Test
    void theRealmPublishesAnRs512SigningKey(Sandpit sandpit) {
        JsonNode discovery = Json.parse(http.get(sandpit.discoveryUrl()).body());
        JsonNode jwks = Json.parse(http.get(URI.create(discovery.path("jwks_uri").asText())).body());

        assertThat(jwks.path("keys")).anySatisfy(key -> {
            assertThat(key.path("alg").asText()).isEqualTo("RS512");
            assertThat(key.path("use").asText()).isEqualTo("sig");
        });
    }

    static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
