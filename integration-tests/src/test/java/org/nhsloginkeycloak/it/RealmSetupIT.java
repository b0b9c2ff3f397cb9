package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * The realm as administrators and Keycloak's own consoles find it. The realm defines its own client scopes, so Keycloak
 * creates none of its defaults: its consoles must still get the roles they run on, and only they; and what an
 * administrator saves is checked.
 */
@ExtendWith(SandpitExtension.class)
class RealmSetupIT {

    private final Http http = new Http();

    @Test
    void aCitizenSignedInToTheAccountConsoleCanReadTheirAccount(Sandpit sandpit) throws Exception {
        AdminApi admin = new AdminApi(sandpit);
        String username = admin.createCitizen("console", TestMobiles.next());
        try {
            String redirect = sandpit.realmUrl() + "/account/";
            String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            Map<String, String> query = new LinkedHashMap<>();
            query.put("client_id", "account-console");
            query.put("redirect_uri", redirect);
            query.put("response_type", "code");
            query.put("scope", "openid");
            query.put("state", UUID.randomUUID().toString());
            query.put("code_challenge", challenge);
            query.put("code_challenge_method", "S256");
            URI authorize = URI.create(sandpit.realmUrl() + "/protocol/openid-connect/auth?" + Http.formBody(query));

            Citizen.Landing console = new Citizen(sandpit).signIn(authorize, username, AdminApi.TEST_PASSWORD);

            String code = Partner.query(console.uri()).get("code");
            assertThat(code).as("the console's landing %s", console.uri()).isNotNull();
            HttpResponse<String> tokens = http.postForm(URI.create(sandpit.realmUrl() + "/protocol/openid-connect/token"),
                    Map.of("grant_type", "authorization_code", "client_id", "account-console", "code", code,
                            "redirect_uri", redirect, "code_verifier", verifier));
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            String accessToken = Json.parse(tokens.body()).path("access_token").asText();
            assertThat(Json.jwtPayload(accessToken).path("resource_access").path("account").path("roles").toString())
                    .contains("manage-account");

            HttpResponse<String> account = http.get(URI.create(sandpit.realmUrl() + "/account/"),
                    "Authorization", "Bearer " + accessToken, "Accept", "application/json");
            assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
            assertThat(Json.parse(account.body()).path("username").asText()).isEqualTo(username);
        } finally {
            admin.deleteUser(username);
        }
    }

    @Test
    void aNewClientGetsTheNhsLoginDefaultsAndNoneOfKeycloaksStockScopes(Sandpit sandpit) {
        AdminApi admin = new AdminApi(sandpit);
        String clientId = "new-partner-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = admin.send("POST", "/clients",
                Json.object().put("clientId", clientId).put("protocol", "openid-connect").toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        try {
            JsonNode defaults = Json.parse(admin.send("GET", "/clients/" + id + "/default-client-scopes", "").body());
            JsonNode optional = Json.parse(admin.send("GET", "/clients/" + id + "/optional-client-scopes", "").body());

            assertThat(defaults.findValuesAsText("name")).containsExactlyInAnyOrder("basic", "nhs_assurance");
            assertThat(optional).isEmpty();
        } finally {
            admin.send("DELETE", "/clients/" + id, "");
        }
    }

    @Test
    void aMapperAskedToReleaseAClaimWeDoNotKnowIsRefusedWithTheReason(Sandpit sandpit) {
        AdminApi admin = new AdminApi(sandpit);
        String scope = admin.clientScopeId("profile_extended");

        HttpResponse<String> response = admin.send("POST", "/client-scopes/" + scope + "/protocol-mappers/models",
                Json.object().put("name", "postcode").put("protocol", "openid-connect")
                        .put("protocolMapper", "nhs-proofed-claims-mapper")
                        .set("config", Json.object().put("claims", "given_name##postcode").put("userinfo.token.claim", "true"))
                        .toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("postcode");
    }

    @Test
    void anExclusiveScopePairThatIsNotTwoScopesIsRefusedWhenSaved(Sandpit sandpit) {
        AdminApi admin = new AdminApi(sandpit);
        JsonNode profiles = Json.parse(admin.send("GET", "/client-policies/profiles", "").body());
        JsonNode executor = profiles.path("profiles").findParents("executor").stream()
                .filter(node -> node.path("executor").asText().equals("nhs-exclusive-scopes")).findFirst().orElseThrow();
        ((com.fasterxml.jackson.databind.node.ObjectNode) executor.path("configuration"))
                .set("pairs", Json.MAPPER.valueToTree(java.util.List.of("profile basic_demographics", "profile")));

        HttpResponse<String> saved = admin.send("PUT", "/client-policies/profiles", profiles.toString());

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(400);
        assertThat(Json.parse(admin.send("GET", "/client-policies/profiles", "").body()).toString())
                .contains("\"profile profile_reduced\"");
    }
}
