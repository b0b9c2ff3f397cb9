package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nhsloginkeycloak.core.UserAttributes;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * What proves who a citizen is (proofing level, NHS number, the AMNV match flag) is written by administrators and this
 * bundle's journeys only: a signed-in citizen cannot change it through any door Keycloak gives them.
 */
@ExtendWith(SandpitExtension.class)
class AssuranceAttributesIT {

    private static final String CITIZEN = "p5.citizen@sandpit.example";
    private static final String PASSWORD = "sandpit-password";
    private static final String UPDATE_PROFILE_FORM = "form#kc-update-profile-form";
    private static final Map<String, String> STORED = Map.of(
            UserAttributes.IDENTITY_PROOFING_LEVEL, "P5",
            UserAttributes.NHS_NUMBER, "9990000026",
            UserAttributes.PHONE_NUMBER_PDS_MATCHED, "true");

    private Sandpit sandpit;
    private AdminApi admin;

    @BeforeEach
    void storeKnownValues(Sandpit sandpit) {
        this.sandpit = sandpit;
        this.admin = new AdminApi(sandpit);
        admin.setAttributes(CITIZEN, STORED);
    }

    @AfterEach
    void restoreTheSandpitCitizen() {
        admin = new AdminApi(sandpit);
        admin.setRequiredActions(CITIZEN, List.of());
        admin.setAttributes(CITIZEN, STORED);
    }

    @ParameterizedTest
    @CsvSource({
            "identity_proofing_level, P9",
            "nhs_number, 9990000018",
            "phone_number_pds_matched, false",
    })
    void aCitizenCannotChangeItThroughTheAccountApi(String attribute, String forged) {
        String token = accountConsoleToken();
        URI account = sandpit.realmUrl().resolve("/realms/" + Sandpit.REALM + "/account/");
        Http http = new Http();
        HttpResponse<String> current = http.get(account, "Authorization", "Bearer " + token, "Accept", "application/json");
        assertThat(current.statusCode()).as(current.body() + Json.jwtPayload(token)).isEqualTo(200);
        ObjectNode me = (ObjectNode) Json.parse(current.body());
        me.remove("userProfileMetadata");
        me.withObjectProperty("attributes").set(attribute, Json.MAPPER.valueToTree(List.of(forged)));

        HttpResponse<String> response = http.sendJson("POST", account, me.toString(),
                "Authorization", "Bearer " + token, "Accept", "application/json");

        assertThat(response.statusCode()).as(response.body()).isIn(400, 403);
        JsonNode error = Json.parse(response.body());
        assertThat(error.path("field").asText()).isEqualTo(attribute);
        assertThat(error.path("errorMessage").asText()).isEqualTo("error-user-attribute-read-only");
        assertThat(admin.attribute(CITIZEN, attribute)).isEqualTo(STORED.get(attribute));
    }

    @ParameterizedTest
    @CsvSource({
            "identity_proofing_level, P9",
            "nhs_number, 9990000018",
            "phone_number_pds_matched, false",
    })
    void aCitizenCannotChangeItThroughTheUpdateProfileForm(String attribute, String forged) {
        Citizen citizen = new Citizen(sandpit);
        Citizen.Landing form = updateProfileForm(citizen);
        // The level is shown disabled and the others not at all: a browser never sends them, a forger does.
        assertThat(form.page().select("[name=" + attribute + "]:not([disabled])")).isEmpty();

        Citizen.Landing refused = citizen.submit(form, UPDATE_PROFILE_FORM, Map.of(attribute, forged));

        assertThat(refused.page().select(UPDATE_PROFILE_FORM)).as("the form again, not the partner").isNotEmpty();
        assertThat(admin.attribute(CITIZEN, attribute)).isEqualTo(STORED.get(attribute));
        // The form as a browser sends it is accepted: the forged field was what Keycloak refused.
        URI back = citizen.submit(refused, UPDATE_PROFILE_FORM, Map.of()).redirect();
        assertThat(back.toString()).startsWith(Partner.SANDPIT_REDIRECT);
        assertThat(admin.attribute(CITIZEN, attribute)).isEqualTo(STORED.get(attribute));
    }

    private Citizen.Landing updateProfileForm(Citizen citizen) {
        admin.setRequiredActions(CITIZEN, List.of("UPDATE_PROFILE"));
        Citizen.Landing form = citizen.signIn(Partner.vaccinationRecord(sandpit).authorize("openid").uri(), CITIZEN, PASSWORD);
        assertThat(form.page().select(UPDATE_PROFILE_FORM)).as("the update-profile page").isNotEmpty();
        return form;
    }

    @Test
    void aNewUserStartsAtP0() {
        String username = admin.createCitizen("new", org.nhsloginkeycloak.it.support.TestMobiles.next());
        try {
            assertThat(admin.attribute(username, UserAttributes.IDENTITY_PROOFING_LEVEL)).isEqualTo("P0");
        } finally {
            admin.deleteUser(username);
        }
    }

    @Test
    void anAdministratorCanChangeIt() {
        admin.setAttributes(CITIZEN, Map.of(
                UserAttributes.IDENTITY_PROOFING_LEVEL, "P9",
                UserAttributes.NHS_NUMBER, "9990000042",
                UserAttributes.PHONE_NUMBER_PDS_MATCHED, "false"));

        assertThat(admin.attribute(CITIZEN, UserAttributes.IDENTITY_PROOFING_LEVEL)).isEqualTo("P9");
        assertThat(admin.attribute(CITIZEN, UserAttributes.NHS_NUMBER)).isEqualTo("9990000042");
        assertThat(admin.attribute(CITIZEN, UserAttributes.PHONE_NUMBER_PDS_MATCHED)).isEqualTo("false");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** Signs in to Keycloak's account console (a public client with PKCE) as the citizen and returns its token. */
    private String accountConsoleToken() {
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        String challenge;
        try {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String redirectUri = sandpit.realmUrl() + "/account/";
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", "account-console");
        query.put("response_type", "code");
        query.put("scope", "openid");
        query.put("redirect_uri", redirectUri);
        query.put("state", "account-state");
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        URI authorize = URI.create(sandpit.realmUrl() + "/protocol/openid-connect/auth?" + Http.formBody(query));

        Citizen.Landing landing = new Citizen(sandpit).signIn(authorize, CITIZEN, PASSWORD);
        URI back = landing.isPage() ? landing.uri() : landing.redirect();
        String code = Partner.query(back).get("code");
        assertThat(code).as("code in %s", back).isNotNull();
        HttpResponse<String> tokens = new Http().postForm(URI.create(sandpit.realmUrl() + "/protocol/openid-connect/token"),
                Map.of("grant_type", "authorization_code", "client_id", "account-console", "code", code,
                        "redirect_uri", redirectUri, "code_verifier", verifier));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode body = Json.parse(tokens.body());
        return body.path("access_token").asText();
    }
}
