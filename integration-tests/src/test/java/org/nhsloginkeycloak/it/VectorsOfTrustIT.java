package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.sandpit.Sandpit;

/** What partners ask for with vtr (or acr_values), and what they are told: vot, invalid_request, access_denied. */
@ExtendWith(SandpitExtension.class)
class VectorsOfTrustIT {

    private Sandpit sandpit;
    private AdminApi admin;
    private String p0Citizen;

    @BeforeEach
    void aFreshP0Citizen(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
        p0Citizen = admin.createCitizen("vtr", org.nhsloginkeycloak.it.support.TestMobiles.next());
    }

    @AfterEach
    void removeTheCitizen() {
        new AdminApi(sandpit).deleteUser(p0Citizen);
    }

    @Test
    void aP0CitizenAskingForP0CpCdReachesItAndTheTokensSaySo() {
        JsonNode tokens = signIn(Partner.healthInformation(sandpit), Map.of("vtr", "[\"P0.Cp.Cd\"]"),
                new Citizen(sandpit), p0Citizen, AdminApi.TEST_PASSWORD);

        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P0.Cp.Cd");
        assertThat(Json.jwtPayload(tokens.path("access_token").asText()).path("vot").asText()).isEqualTo("P0.Cp.Cd");
    }

    @Test
    void withoutVtrTheClientsRegisteredDefaultApplies() {
        JsonNode tokens = signIn(Partner.healthInformation(sandpit), Map.of(), new Citizen(sandpit), p0Citizen,
                AdminApi.TEST_PASSWORD);

        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P0.Cp.Cd");
    }

    @Test
    void acrValuesAskForTheSameVectors() {
        JsonNode tokens = signIn(Partner.healthInformation(sandpit), Map.of("acr_values", "P0.Cp.Cd"),
                new Citizen(sandpit), p0Citizen, AdminApi.TEST_PASSWORD);

        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P0.Cp.Cd");
    }

    @Test
    void aMultiLevelPartnerLearnsTheHighestLevelTheCitizenReached() {
        JsonNode tokens = signIn(Partner.vaccinationRecord(sandpit), Map.of("vtr", "[\"P5.Cp.Cd\",\"P9.Cp.Cd\"]"),
                new Citizen(sandpit), "p9.citizen@sandpit.example", "sandpit-password");

        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P9.Cp.Cd");
    }

    @Test
    void eachPartnerKeepsTheVectorOfItsOwnRequestAcrossRefreshes() {
        Citizen browser = new Citizen(sandpit);
        Partner p5Partner = Partner.vaccinationRecord(sandpit);
        JsonNode p5Tokens = signIn(p5Partner, Map.of(), browser, "p9.citizen@sandpit.example", "sandpit-password");
        assertThat(Json.jwtPayload(p5Tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P5.Cp.Cd");

        // The same citizen, single sign-on, at a P9 partner.
        Partner p9Partner = Partner.gpServices(sandpit);
        Partner.AuthorizationRequest p9 = p9Partner.authorize("openid");
        URI back = browser.open(p9.uri()).redirect();
        JsonNode p9Tokens = Json.parse(p9Partner.redeem(p9Partner.code(p9, back), p9.codeVerifier()).body());
        assertThat(Json.jwtPayload(p9Tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P9.Cp.Cd");

        // The first partner's refreshed tokens still say what it asked for and got.
        HttpResponse<String> refreshed = p5Partner.refresh(p5Tokens.path("refresh_token").asText());
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode access = Json.jwtPayload(Json.parse(refreshed.body()).path("access_token").asText());
        assertThat(access.path("vot").asText()).isEqualTo("P5.Cp.Cd");
        assertThat(access.path("vtm").asText()).isEqualTo(sandpit.realmUrl() + "/trustmark");
    }

    @Test
    void aCitizenBelowEveryRequestedLevelGoesBackToThePartnerWithAccessDenied() {
        Partner partner = Partner.gpServices(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");

        URI back = new Citizen(sandpit).signIn(request.uri(), p0Citizen, AdminApi.TEST_PASSWORD).redirect();

        Map<String, String> answer = Partner.query(back);
        assertThat(back.toString()).startsWith(Partner.SANDPIT_REDIRECT);
        assertThat(answer).containsEntry("error", "access_denied").containsEntry("state", request.state())
                .doesNotContainKey("code");
        assertThat(answer.get("error_description")).contains("identity proofing level is below");
    }

    @Test
    void singleSignOnKeepsWhatWasProvedAndStillEnforcesTheLevel() {
        Citizen browser = new Citizen(sandpit);
        signIn(Partner.healthInformation(sandpit), Map.of(), browser, p0Citizen, AdminApi.TEST_PASSWORD);
        int textsBefore = new org.nhsloginkeycloak.it.support.SmsInbox(sandpit)
                .sentTo(admin.attribute(p0Citizen, "phone_number")).size();

        // Another P0 partner in the same browser: no password, no code, and still P0.Cp.Cd.
        Partner other = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest again = other.authorize("openid");
        URI back = browser.open(again.uri()).redirect();
        HttpResponse<String> tokens = other.redeem(other.code(again, back), again.codeVerifier());
        assertThat(Json.jwtPayload(Json.parse(tokens.body()).path("id_token").asText()).path("vot").asText())
                .isEqualTo("P0.Cp.Cd");
        assertThat(new org.nhsloginkeycloak.it.support.SmsInbox(sandpit)
                .sentTo(admin.attribute(p0Citizen, "phone_number"))).hasSize(textsBefore);

        // A P9 partner in the same browser: the session does not meet P9.
        Partner.AuthorizationRequest p9 = Partner.gpServices(sandpit).authorize("openid");
        assertThat(Partner.query(browser.open(p9.uri()).redirect())).containsEntry("error", "access_denied");
    }

    @Test
    void promptNoneWithASessionThatCannotMeetTheRequestIsSsoLoginRequired() {
        Citizen browser = new Citizen(sandpit);
        signIn(Partner.healthInformation(sandpit), Map.of(), browser, p0Citizen, AdminApi.TEST_PASSWORD);
        Partner.AuthorizationRequest silent = Partner.gpServices(sandpit).authorize("openid", Map.of("prompt", "none"));

        Map<String, String> answer = Partner.query(browser.open(silent.uri()).redirect());

        assertThat(answer).containsEntry("error", "sso_login_required").containsEntry("state", silent.state())
                .containsEntry("iss", sandpit.realmUrl().toString()).doesNotContainKey("code");
        // A silent request the session does meet still succeeds.
        Partner.AuthorizationRequest ok = Partner.healthInformation(sandpit).authorize("openid", Map.of("prompt", "none"));
        assertThat(Partner.query(browser.open(ok.uri()).redirect())).containsKey("code");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON                   | vtr=P9.Cp.Cd                                   | vtr is not valid JSON",
            "a JSON string              | vtr=\"P9.Cp.Cd\"                               | vtr must be a JSON array",
            "an empty array             | vtr=[]                                         | at least one vector",
            "an unknown component       | vtr=[\"P9.Cp.Cx\"]                             | unknown component \"Cx\"",
            "an unknown level           | vtr=[\"P7.Cp.Cd\"]                             | unknown proofing level \"P7\"",
            "a vector not registered    | vtr=[\"P0.Cp.Cd\"]                             | is not registered for this client",
            "vtr and acr_values         | vtr=[\"P9.Cp.Cd\"]&acr_values=P9.Cp.Cd          | Send vtr or acr_values, not both",
            "an unknown acr value       | acr_values=urn:mace:incommon:iap:silver        | acr_values:",
    })
    void aBadRequestGoesBackAsInvalidRequestBeforeAnyPageIsShown(String what, String parameters, String description) {
        Partner partner = Partner.gpServices(sandpit);
        Map<String, String> extra = new LinkedHashMap<>();
        for (String pair : parameters.split("&")) {
            String[] parts = pair.split("=", 2);
            extra.put(parts[0], parts[1]);
        }
        Partner.AuthorizationRequest request = partner.authorize("openid", extra);

        Citizen.Landing landing = new Citizen(sandpit).open(request.uri());

        Map<String, String> answer = Partner.query(landing.redirect());
        assertThat(landing.redirect().toString()).startsWith(Partner.SANDPIT_REDIRECT);
        assertThat(answer).containsEntry("error", "invalid_request").containsEntry("state", request.state());
        assertThat(answer.get("error_description")).contains(description);
        // Keycloak keeps serving.
        assertThat(new Http().get(sandpit.discoveryUrl()).statusCode()).isEqualTo(200);
    }

    @Test
    void promptNoneWithoutASessionIsLoginRequired() {
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid", Map.of("prompt", "none"));

        Map<String, String> answer = Partner.query(new Citizen(sandpit).open(request.uri()).redirect());

        assertThat(answer).containsEntry("error", "login_required").containsEntry("state", request.state());
    }

    @Test
    void aClientNobodyConfiguredIsAPartnerHeldToNhsLoginsDefault() {
        String clientId = "unconfigured-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String id = createPartnerWithoutVectors(clientId);
        try {
            Partner unconfigured = new Partner(sandpit, clientId, Partner.SANDPIT_REDIRECT,
                    Partner.privateKey(sandpit.clientPrivateKeyPem(Partner.HEALTH_INFORMATION)));

            // No vtr: NHS login's default, P9, which a P0 citizen does not meet.
            Partner.AuthorizationRequest plain = unconfigured.authorize("openid");
            Map<String, String> refused = Partner.query(
                    new Citizen(sandpit).signIn(plain.uri(), p0Citizen, AdminApi.TEST_PASSWORD).redirect());
            assertThat(refused).containsEntry("error", "access_denied").doesNotContainKey("code");

            // Nor can it ask its way below P9.
            Partner.AuthorizationRequest lower = unconfigured.authorize("openid", Map.of("vtr", "[\"P0.Cp.Cd\"]"));
            Map<String, String> invalid = Partner.query(new Citizen(sandpit).open(lower.uri()).redirect());
            assertThat(invalid).containsEntry("error", "invalid_request");
            assertThat(invalid.get("error_description")).contains("is not registered for this client");

            // A P9 citizen gets in, and the tokens say so.
            JsonNode tokens = signIn(unconfigured, Map.of(), new Citizen(sandpit), "p9.citizen@sandpit.example",
                    "sandpit-password");
            assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P9.Cp.Cd");
            assertThat(Json.jwtPayload(tokens.path("access_token").asText()).path("vot").asText()).isEqualTo("P9.Cp.Cd");
        } finally {
            admin.send("DELETE", "/clients/" + id, "");
        }
    }

    @Test
    void aVtrPushedOutByExtraParametersIsRefusedNeverReplacedByALowerDefault() {
        // The P0-by-default partner asks for P9; extra parameters past Keycloak's limits must not drop the vtr.
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            many.put("extra" + i, "x");
        }
        many.put("vtr", "[\"P9.Cp.Cd\"]");
        Map<String, String> long_ = new LinkedHashMap<>();
        long_.put("padding", "x".repeat(2500));
        long_.put("vtr", "[\"P9.Cp.Cd\"]");

        for (Map<String, String> extra : List.of(many, long_)) {
            Partner.AuthorizationRequest request = Partner.healthInformation(sandpit).authorize("openid", extra);
            HttpResponse<String> response = new Http().get(request.uri());

            // Keycloak refuses it before it knows the redirect URI is the partner's, so on its own error page.
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(response.body());
            assertThat(page.selectFirst(LOGIN_FORM)).isNull();
            assertThat(page.text()).contains("Invalid Request");
        }
    }

    @Test
    void aDemotedCitizensRefreshIsRefusedWhenThePartnerAcceptsNothingLower() {
        admin.setAttributes(p0Citizen, Map.of("identity_proofing_level", "P5"));
        Partner p5Partner = Partner.vaccinationRecord(sandpit);
        JsonNode tokens = signIn(p5Partner, Map.of(), new Citizen(sandpit), p0Citizen, AdminApi.TEST_PASSWORD);
        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P5.Cp.Cd");

        // Fraud: an administrator takes the citizen back to P0.
        admin.setAttributes(p0Citizen, Map.of("identity_proofing_level", "P0"));
        HttpResponse<String> refreshed = p5Partner.refresh(tokens.path("refresh_token").asText());

        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(400);
        assertThat(Json.parse(refreshed.body()).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(refreshed.body()).doesNotContain("access_token");
    }

    @Test
    void aDemotedCitizensRefreshSaysTheLowerLevelToAPartnerThatAcceptsIt() {
        admin.setAttributes(p0Citizen, Map.of("identity_proofing_level", "P5"));
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid profile",
                Map.of("vtr", "[\"P0.Cp.Cd\",\"P5.Cp.Cd\"]"));
        URI back = new Citizen(sandpit).signIn(request.uri(), p0Citizen, AdminApi.TEST_PASSWORD).redirect();
        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        JsonNode idToken = Json.jwtPayload(tokens.path("id_token").asText());
        assertThat(idToken.path("vot").asText()).isEqualTo("P5.Cp.Cd");
        assertThat(idToken.path("identity_proofing_level").asText()).isEqualTo("P5");

        admin.setAttributes(p0Citizen, Map.of("identity_proofing_level", "P0"));
        HttpResponse<String> refreshed = partner.refresh(tokens.path("refresh_token").asText());

        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode body = Json.parse(refreshed.body());
        JsonNode access = Json.jwtPayload(body.path("access_token").asText());
        JsonNode id = Json.jwtPayload(body.path("id_token").asText());
        assertThat(access.path("vot").asText()).isEqualTo("P0.Cp.Cd");
        assertThat(id.path("vot").asText()).isEqualTo("P0.Cp.Cd");
        assertThat(id.has("identity_proofing_level")).as(id.toString()).isFalse();
        JsonNode introspected = Json.parse(partner.introspect(body.path("access_token").asText()).body());
        assertThat(introspected.path("vot").asText()).isEqualTo("P0.Cp.Cd");
    }

    @Test
    void aLevelGainedAfterSignInIsNotClaimedByThatSignInsTokens() {
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid profile",
                Map.of("vtr", "[\"P0.Cp.Cd\",\"P5.Cp.Cd\"]"));
        URI back = new Citizen(sandpit).signIn(request.uri(), p0Citizen, AdminApi.TEST_PASSWORD).redirect();
        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P0.Cp.Cd");

        // The account reaches P5 elsewhere; this sign-in proved P0 and its tokens keep saying no more.
        admin.setAttributes(p0Citizen, Map.of("identity_proofing_level", "P5"));
        HttpResponse<String> refreshed = partner.refresh(tokens.path("refresh_token").asText());

        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode body = Json.parse(refreshed.body());
        JsonNode id = Json.jwtPayload(body.path("id_token").asText());
        assertThat(id.path("vot").asText()).isEqualTo("P0.Cp.Cd");
        assertThat(id.has("identity_proofing_level")).as(id.toString()).isFalse();
        JsonNode userinfo = Json.parse(partner.userinfo(body.path("access_token").asText()).body());
        assertThat(userinfo.has("identity_proofing_level")).as(userinfo.toString()).isFalse();
    }

    @Test
    void bothDoorsToTheUpliftAskForASignInNoOlderThanTheUpliftAllows() throws InterruptedException {
        // Two browsers holding P0 sessions of the same citizen: one for each door.
        Citizen flowDoor = new Citizen(sandpit);
        signIn(Partner.healthInformation(sandpit), Map.of(), flowDoor, p0Citizen, AdminApi.TEST_PASSWORD);
        Citizen actionDoor = new Citizen(sandpit);
        signIn(Partner.healthInformation(sandpit), Map.of(), actionDoor, p0Citizen, AdminApi.TEST_PASSWORD);
        String config = "/authentication/required-actions/" + UPLIFT + "/config";
        HttpResponse<String> set = admin.send("PUT", config,
                Json.object().set("config", Json.object().put("max_auth_age", "2")).toString());
        assertThat(set.statusCode()).as(set.body()).isBetween(200, 204);
        try {
            Thread.sleep(3_500);

            // A link crafted to write over the notes that ask for the fresh sign-in is refused, not let through.
            for (Map<String, String> crafted : List.of(Map.of("prompt", "consent"), Map.of("max_age", "2147483647"))) {
                Citizen.Landing skipped = flowDoor.open(Partner.vaccinationRecord(sandpit).authorize("openid", crafted).uri());
                assertThat(skipped.isPage()).as("%s: an error for the partner, not the uplift form", crafted).isFalse();
                assertThat(Partner.query(skipped.redirect())).as(crafted.toString()).containsEntry("error", "invalid_request");
            }

            // In sign-in: a partner asking for P5.
            Citizen.Landing flow = flowDoor.open(Partner.vaccinationRecord(sandpit).authorize("openid").uri());
            assertThat(flow.page().selectFirst(UPLIFT_FORM)).as("no uplift on an old sign-in").isNull();
            assertThat(flow.page().selectFirst(LOGIN_FORM)).as("asked to sign in again").isNotNull();
            // Through kc_action: the same rule.
            Citizen.Landing action = actionDoor.open(Partner.healthInformation(sandpit)
                    .authorize("openid", Map.of("kc_action", UPLIFT)).uri());
            assertThat(action.page().selectFirst(UPLIFT_FORM)).as("no uplift on an old sign-in").isNull();
            assertThat(action.page().selectFirst(LOGIN_FORM)).as("asked to sign in again").isNotNull();

            // Signing in again (password and code) leads to the uplift.
            Citizen.Landing code = flowDoor.submit(flow, LOGIN_FORM,
                    Map.of("username", p0Citizen, "password", AdminApi.TEST_PASSWORD));
            Citizen.Landing uplift = flowDoor.enterSmsCode(code, new org.nhsloginkeycloak.it.support.SmsInbox(sandpit)
                    .latestCode(admin.attribute(p0Citizen, "phone_number")));
            assertThat(uplift.page().selectFirst(UPLIFT_FORM)).isNotNull();
        } finally {
            admin.send("DELETE", config, "");
        }
    }

    /**
     * A pushed request carries what the partner asked for; the browser's query beside its request_uri is anyone's, so
     * a lower vector added there must not count, as vtr or as acr_values.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "vtr         | [\"P5.Cp.Cd\"] | [\"P0.Cp.Cd\"]",
            "acr_values  | P5.Cp.Cd       | P0.Cp.Cd"})
    void withAPushedRequestAVectorAddedToTheQueryIsIgnored(String parameter, String pushedValue, String addedValue) {
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid", Map.of(parameter, pushedValue));
        Map<String, String> pushed = new LinkedHashMap<>(Partner.query(request.uri()));
        pushed.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        pushed.put("client_assertion", partner.clientAssertion());
        HttpResponse<String> par = new Http().postForm(
                URI.create(sandpit.realmUrl() + "/protocol/openid-connect/ext/par/request"), pushed);
        assertThat(par.statusCode()).as(par.body()).isEqualTo(201);
        String requestUri = Json.parse(par.body()).path("request_uri").asText();
        URI tampered = URI.create(sandpit.realmUrl() + "/protocol/openid-connect/auth?client_id="
                + Partner.HEALTH_INFORMATION + "&request_uri=" + Http.encode(requestUri) + "&" + parameter + "="
                + Http.encode(addedValue));

        Citizen.Landing landed = new Citizen(sandpit).signIn(tampered, p0Citizen, AdminApi.TEST_PASSWORD);

        assertThat(landed.isPage()).as("not back to the partner at P0").isTrue();
        assertThat(landed.page().selectFirst(UPLIFT_FORM)).as("the pushed P5 request: the uplift").isNotNull();
    }

    private static final String UPLIFT = "nhs-p5-uplift";
    private static final String UPLIFT_FORM = "#nhs-uplift-form";
    private static final String LOGIN_FORM = "#kc-form-login";

    /** A confidential client made as an administrator would, with nothing about vectors of trust. Returns its id. */
    private String createPartnerWithoutVectors(String clientId) {
        JsonNode existing = Json.parse(admin.send("GET", "/clients?clientId=" + Partner.HEALTH_INFORMATION, "").body())
                .path(0);
        var client = Json.object().put("clientId", clientId).put("protocol", "openid-connect")
                .put("publicClient", false).put("clientAuthenticatorType", "client-jwt")
                .put("standardFlowEnabled", true).put("directAccessGrantsEnabled", false);
        client.putArray("redirectUris").add(Partner.SANDPIT_REDIRECT);
        client.putObject("attributes").put("use.jwks.url", "false")
                .put("jwt.credential.certificate", existing.path("attributes").path("jwt.credential.certificate").asText())
                .put("token.endpoint.auth.signing.alg", "RS512");
        HttpResponse<String> created = admin.send("POST", "/clients", client.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
    }

    private static JsonNode signIn(Partner partner, Map<String, String> extra, Citizen browser, String username,
            String password) {
        Partner.AuthorizationRequest request = partner.authorize("openid", extra);
        URI back = browser.signIn(request.uri(), username, password).redirect();
        HttpResponse<String> response = partner.redeem(partner.code(request, back), request.codeVerifier());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }
}
