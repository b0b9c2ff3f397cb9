package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
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

    private static JsonNode signIn(Partner partner, Map<String, String> extra, Citizen browser, String username,
            String password) {
        Partner.AuthorizationRequest request = partner.authorize("openid", extra);
        URI back = browser.signIn(request.uri(), username, password).redirect();
        HttpResponse<String> response = partner.redeem(partner.code(request, back), request.codeVerifier());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }
}
