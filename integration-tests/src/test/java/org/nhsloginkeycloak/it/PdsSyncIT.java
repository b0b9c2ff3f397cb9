package org.nhsloginkeycloak.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * A P5 citizen's sign-in refreshes Keycloak's copy from PDS afterwards, at most once a day, never holding the sign-in
 * up: names, birth date and GP replaced by the record's, a superseded NHS number moved to the current one, a deceased
 * record disabling the account, and PDS failing leaving everything as it was until the next sign-in.
 */
@ExtendWith(SandpitExtension.class)
class PdsSyncIT {

    private static final String GARETH = "9990001022";
    private Sandpit sandpit;
    private AdminApi admin;
    private final List<String> citizens = new ArrayList<>();
    private final List<StubMapping> stubs = new ArrayList<>();

    @BeforeEach
    void start(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
    }

    @AfterEach
    void cleanUp() {
        stubs.forEach(sandpit.pds().server()::removeStub);
        citizens.forEach(admin::deleteUser);
    }

    /** A citizen at P5 linked to {@code nhsNumber}, with the details Keycloak holds (not necessarily PDS's). */
    private String p5Citizen(String nhsNumber, String firstName, String lastName, Map<String, String> attributes) {
        String username = admin.createCitizen("pds-sync", TestMobiles.next());
        citizens.add(username);
        Map<String, String> all = new HashMap<>(attributes);
        all.put("identity_proofing_level", "P5");
        all.put("nhs_number", nhsNumber);
        admin.setAttributes(username, all);
        ObjectNode user = admin.user(username);
        user.put("firstName", firstName).put("lastName", lastName);
        assertThat(admin.updateUser(user).statusCode()).isEqualTo(204);
        return username;
    }

    private Citizen.Landing signIn(String username) {
        Partner partner = Partner.vaccinationRecord(sandpit);
        return new Citizen(sandpit).signIn(partner.authorize("openid", Map.of("vtr", "[\"P5.Cp.Cd\"]")).uri(),
                username, AdminApi.TEST_PASSWORD);
    }

    private static void signedInToThePartner(Citizen.Landing landing) {
        assertThat(landing.redirect()).as("back at the partner with a code").isNotNull();
        assertThat(landing.redirect().getQuery()).contains("code=");
    }

    private static <T> T eventually(Supplier<T> what, Predicate<T> until) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(15);
        T value = what.get();
        while (!until.test(value) && Instant.now().isBefore(end)) {
            Thread.sleep(200);
            value = what.get();
        }
        return value;
    }

    private long reads(String nhsNumber) {
        return sandpit.pds().server().findAll(getRequestedFor(urlPathEqualTo(Sandpit.PDS_FHIR_PATH + "/Patient/"
                + nhsNumber))).size();
    }

    private String events(String username, String type) {
        return admin.send("GET", "/events?type=" + type + "&user=" + admin.user(username).path("id").asText(), "")
                .body();
    }

    @Test
    void aSignInRefreshesNamesBirthDateAndGpFromPdsAfterwardsAndOnlyOnceADay() throws Exception {
        String citizen = p5Citizen(GARETH, "Gary", "Pryce", Map.of("birthdate", "1985-07-10", "gp_ods_code", "A99999",
                "middle_names", "Old"));
        long before = reads(GARETH);
        signedInToThePartner(signIn(citizen));

        JsonNode user = eventually(() -> admin.user(citizen), now -> now.path("lastName").asText().equals("PRICE"));
        assertThat(user.path("firstName").asText()).isEqualTo("Gareth");
        assertThat(user.path("lastName").asText()).isEqualTo("PRICE");
        assertThat(user.path("attributes").path("birthdate").path(0).asText()).isEqualTo("1985-07-09");
        assertThat(user.path("attributes").path("gp_ods_code").path(0).asText()).isEqualTo("Y12345");
        assertThat(user.path("attributes").has("middle_names")).as("Gareth has none").isFalse();
        assertThat(user.path("attributes").path("nhs_number").path(0).asText()).isEqualTo(GARETH);

        String events = eventually(() -> events(citizen, "UPDATE_PROFILE"), body -> body.contains("nhs_pds_sync"));
        JsonNode sync = null;
        for (JsonNode event : Json.parse(events)) {
            if (event.path("details").has("nhs_pds_sync")) {
                sync = event;
            }
        }
        assertThat(sync).isNotNull();
        assertThat(sync.path("details").path("nhs_pds_sync").asText()).isEqualTo("updated");
        assertThat(sync.path("details").path("nhs_pds_sync_changed").asText().split(","))
                .containsExactlyInAnyOrder("given_name", "family_name", "middle_names", "birthdate", "gp_ods_code");
        assertThat(events).as("what changed, never the values").doesNotContain("Y12345").doesNotContain("PRICE")
                .doesNotContain("1985-07-09");

        signedInToThePartner(signIn(citizen));
        Thread.sleep(1000);
        assertThat(reads(GARETH) - before).as("one read a day").isEqualTo(1);
    }

    @Test
    void aSupersededNhsNumberMovesToTheCurrentOne() throws Exception {
        String citizen = p5Citizen("9990001073", "Dana", "WALKER", Map.of("birthdate", "1988-08-08"));
        signedInToThePartner(signIn(citizen));
        String number = eventually(() -> admin.attribute(citizen, "nhs_number"), now -> now.equals("9990001081"));
        assertThat(number).isEqualTo("9990001081");
    }

    @Test
    void aSupersedingNumberAnotherAccountHoldsIsLeftAloneAndSaidSo() throws Exception {
        p5Citizen("9990001081", "Dana", "WALKER", Map.of("birthdate", "1988-08-08"));
        String citizen = p5Citizen("9990001073", "Dana", "WALKER", Map.of("birthdate", "1988-08-08"));
        signedInToThePartner(signIn(citizen));
        String events = eventually(() -> events(citizen, "UPDATE_PROFILE_ERROR"),
                body -> body.contains("pds_sync_conflict"));
        assertThat(events).contains("pds_sync_conflict");
        assertThat(admin.attribute(citizen, "nhs_number")).as("one NHS number, one account").isEqualTo("9990001073");
    }

    @Test
    void aDeceasedRecordDisablesTheAccountAndTellsAnAdministrator() throws Exception {
        String citizen = p5Citizen("9990001065", "Morgan", "EVANS", Map.of("birthdate", "1940-03-03"));
        signedInToThePartner(signIn(citizen));
        JsonNode user = eventually(() -> admin.user(citizen), now -> !now.path("enabled").asBoolean());
        assertThat(user.path("enabled").asBoolean()).isFalse();
        assertThat(events(citizen, "UPDATE_PROFILE")).contains("\"nhs_pds_sync\":\"deceased\"");

        Citizen.Landing again = new Citizen(sandpit).signInWithPassword(Partner.vaccinationRecord(sandpit)
                .authorize("openid").uri(), citizen, AdminApi.TEST_PASSWORD);
        assertThat(again.isPage()).as("no way back in").isTrue();
        assertThat(again.page().text()).containsIgnoringCase("disabled");
    }

    @Test
    void aSignInWhilePdsFailsGoesThroughAndTheNextOneRefreshes() throws Exception {
        String citizen = p5Citizen(GARETH, "Gareth", "PRICE", Map.of("birthdate", "1985-07-09", "gp_ods_code",
                "A99999"));
        // Only this record fails, with a Retry-After so it is not tried twice: one failure, not enough to trouble the
        // service status the other tests see.
        stubs.add(sandpit.pds().server().stubFor(get(urlPathEqualTo(Sandpit.PDS_FHIR_PATH + "/Patient/" + GARETH))
                .atPriority(1).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")
                        .withHeader("Content-Type", "application/fhir+json").withBody("{\"resourceType\":"
                                + "\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"exception\"}]}"))));
        signedInToThePartner(signIn(citizen));
        String failed = eventually(() -> events(citizen, "UPDATE_PROFILE_ERROR"),
                body -> body.contains("pds_sync_unavailable"));
        assertThat(failed).contains("pds_sync_unavailable");
        assertThat(admin.attribute(citizen, "gp_ods_code")).as("nothing changed").isEqualTo("A99999");

        stubs.forEach(sandpit.pds().server()::removeStub);
        stubs.clear();
        signedInToThePartner(signIn(citizen));
        assertThat(eventually(() -> admin.attribute(citizen, "gp_ods_code"), now -> now.equals("Y12345")))
                .as("tried again at the next sign-in").isEqualTo("Y12345");
    }
}
