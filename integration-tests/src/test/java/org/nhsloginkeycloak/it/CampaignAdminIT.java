package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.CampaignCounts;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * {@code /admin/realms/nhs/nhs-campaigns}, as an administrator drives it: campaigns kept in the bundle's own table
 * (created by its Liquibase changelog at start), the dry run counting P0 citizens in Keycloak's user tables, the
 * roles, the 400s and the admin events.
 */
@ExtendWith(SandpitExtension.class)
class CampaignAdminIT {

    private static final String EN = "4f6a1d9e-6c1b-4d47-9c55-0a3f3e1a0001";
    private static final String CY = "4f6a1d9e-6c1b-4d47-9c55-0a3f3e1a0002";

    private Sandpit sandpit;
    private AdminApi admin;
    private final List<String> users = new ArrayList<>();
    private final List<String> campaigns = new ArrayList<>();

    @BeforeEach
    void administrator(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
    }

    @AfterEach
    void cleanUp() {
        users.forEach(admin::deleteUser);
        // A started campaign cannot be deleted; cancelled, it no longer holds other campaigns back.
        campaigns.forEach(id -> {
            admin.send("POST", "/nhs-campaigns/" + id + "/cancel", "");
            admin.send("DELETE", "/nhs-campaigns/" + id, "");
        });
    }

    /**
     * One email a minute: the sandpit sends for real, and these tests are about the admin API, so a started campaign
     * here stays running (and its recipients mostly queued) for as long as a test needs.
     */
    private static String body(String name, String audience) {
        return "{\"name\": \"" + name + "\", \"templates\": {\"en\": \"" + EN + "\", \"cy\": \"" + CY + "\"}"
                + (audience == null ? "" : ", \"audience\": " + audience) + ", \"per-minute\": 1}";
    }

    private JsonNode create(String name, String audience) {
        HttpResponse<String> created = admin.send("POST", "/nhs-campaigns", body(name, audience));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode campaign = Json.parse(created.body());
        campaigns.add(campaign.path("id").asText());
        assertThat(created.headers().firstValue("Location").orElseThrow())
                .endsWith("/admin/realms/" + Sandpit.REALM + "/nhs-campaigns/" + campaign.path("id").asText());
        return campaign;
    }

    private long eligible(JsonNode campaign) {
        HttpResponse<String> audience = admin.send("GET", "/nhs-campaigns/" + campaign.path("id").asText() + "/audience",
                "");
        assertThat(audience.statusCode()).as(audience.body()).isEqualTo(200);
        return Json.parse(audience.body()).path("eligible").asLong();
    }

    private String citizen(Map<String, String> attributes) {
        String username = admin.createCitizen("campaign", TestMobiles.next());
        users.add(username);
        if (!attributes.isEmpty()) {
            admin.setAttributes(username, attributes);
        }
        return username;
    }

    @Test
    void aDraftIsKeptAsSentAndListedAndReadBack() {
        String name = "Winter uplift " + UUID.randomUUID().toString().substring(0, 6);
        JsonNode campaign = create(name, "{\"registered-before\": \"2026-01-01\", \"locale\": \"cy\"}");

        assertThat(campaign.path("state").asText()).isEqualTo("draft");
        assertThat(campaign.path("templates").path("en").asText()).isEqualTo(EN);
        assertThat(campaign.path("templates").path("cy").asText()).isEqualTo(CY);
        assertThat(campaign.path("audience").path("registered-before").asText()).isEqualTo("2026-01-01");
        assertThat(campaign.path("audience").path("locale").asText()).isEqualTo("cy");
        assertThat(campaign.path("created-by").asText()).isEqualTo(sandpit.adminUsername());

        String id = campaign.path("id").asText();
        assertThat(Json.parse(admin.send("GET", "/nhs-campaigns/" + id, "").body())).isEqualTo(campaign);
        List<String> listed = new ArrayList<>();
        Json.parse(admin.send("GET", "/nhs-campaigns", "").body()).forEach(each -> listed.add(each.path("id").asText()));
        assertThat(listed).contains(id);

        HttpResponse<String> again = admin.send("POST", "/nhs-campaigns", body(name, null));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Json.parse(again.body()).path("error_description").asText())
                .isEqualTo("The realm already has a campaign called \"" + name + "\"; choose another name");
    }

    @Test
    void theDryRunCountsTheP0CitizensWhoCanBeEmailedAndNothingElse() {
        JsonNode everyone = create("Everyone " + UUID.randomUUID(), null);
        JsonNode welsh = create("Welsh " + UUID.randomUUID(), "{\"locale\": \"cy\"}");
        JsonNode english = create("English " + UUID.randomUUID(), "{\"locale\": \"en\"}");
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        JsonNode registeredByTomorrow = create("By tomorrow " + UUID.randomUUID(),
                "{\"registered-before\": \"" + tomorrow + "\"}");
        JsonNode registeredBefore2000 = create("Before 2000 " + UUID.randomUUID(),
                "{\"registered-before\": \"2000-01-01\"}");
        long[] before = {eligible(everyone), eligible(welsh), eligible(english), eligible(registeredByTomorrow)};

        citizen(Map.of());
        citizen(Map.of("identity_proofing_level", "P0"));
        citizen(Map.of("locale", "cy"));
        citizen(Map.of("locale", "en"));
        // Not in any audience: already uplifted, unable to sign in, or without an email address we trust.
        citizen(Map.of("identity_proofing_level", "P5", "nhs_number", "9000000009"));
        citizen(Map.of("identity_proofing_level", "P9", "locale", "cy"));
        String disabled = citizen(Map.of());
        accepted(admin.updateUser(admin.user(disabled).put("enabled", false)));
        String unverified = citizen(Map.of("locale", "cy"));
        accepted(admin.updateUser(admin.user(unverified).put("emailVerified", false)));
        // A partner's service account, even one given a verified email, is not a citizen.
        String clientId = "campaign-service-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> client = admin.send("POST", "/clients", Json.object().put("clientId", clientId)
                .put("publicClient", false).put("serviceAccountsEnabled", true).put("standardFlowEnabled", false)
                .toString());
        assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
        String clientUuid = client.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        try {
            ObjectNode serviceAccount = (ObjectNode) Json.parse(admin.send("GET", "/clients/" + clientUuid
                    + "/service-account-user", "").body());
            accepted(admin.send("PUT", "/users/" + serviceAccount.path("id").asText(), serviceAccount
                    .put("email", clientId + "@partner.example").put("emailVerified", true).toString()));
            assertCounts(everyone, welsh, english, registeredByTomorrow, registeredBefore2000, before);
        } finally {
            admin.send("DELETE", "/clients/" + clientUuid, "");
        }
    }

    private void assertCounts(JsonNode everyone, JsonNode welsh, JsonNode english, JsonNode registeredByTomorrow,
            JsonNode registeredBefore2000, long[] before) {
        assertThat(eligible(everyone) - before[0]).as("every P0 citizen who can be emailed").isEqualTo(4);
        assertThat(eligible(welsh) - before[1]).as("those who chose Welsh").isEqualTo(1);
        assertThat(eligible(english) - before[2]).as("everyone else").isEqualTo(3);
        assertThat(eligible(registeredByTomorrow) - before[3]).as("registered before tomorrow").isEqualTo(4);
        assertThat(eligible(registeredBefore2000)).as("nobody registered before 2000").isZero();
    }

    /**
     * "Signed in since" counts the P0 citizens whose latest sign-in (password and code, at any partner) was on or after
     * the day: one who signed in today, twice, counts once; one who has not signed in, and one at P5 who has, do not.
     */
    @Test
    void signedInSinceCountsOnlyTheP0CitizensWhoSignedInOnOrAfterTheDay() throws InterruptedException {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode sinceToday = create("Signed in today " + UUID.randomUUID(), "{\"signed-in-since\": \"" + today + "\"}");
        JsonNode sinceTomorrow = create("Signed in tomorrow " + UUID.randomUUID(), "{\"signed-in-since\": \""
                + LocalDate.now(ZoneOffset.UTC).plusDays(1) + "\"}");
        assertThat(sinceToday.path("audience").path("signed-in-since").asText()).isEqualTo(today);
        long before = eligible(sinceToday);

        String signedIn = citizen(Map.of());
        citizen(Map.of());
        String uplifted = citizen(Map.of("identity_proofing_level", "P5", "nhs_number", "9000000009"));
        for (String username : List.of(signedIn, signedIn, uplifted)) {
            Citizen.Landing landing = new Citizen(sandpit).signIn(Partner.healthInformation(sandpit).authorize("openid")
                    .uri(), username, AdminApi.TEST_PASSWORD);
            assertThat(landing.redirect().getQuery()).as("signed in").contains("code=");
        }

        // The first sign-in's row is made just after that sign-in commits.
        Instant deadline = Instant.now().plusSeconds(10);
        while (eligible(sinceToday) - before < 1 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(eligible(sinceToday) - before).as("the P0 citizen who signed in today, once").isEqualTo(1);
        assertThat(eligible(sinceTomorrow)).as("nobody has signed in tomorrow").isZero();
    }

    @Test
    void eachBadRequestIsA400WithItsReasonAndNothingIsKept() {
        int before = Json.parse(admin.send("GET", "/nhs-campaigns", "").body()).size();
        Map<String, String> bad = Map.of(
                "{\"name\": \"x\"", "The body is not JSON",
                "{\"templates\": {\"en\": \"" + EN + "\", \"cy\": \"" + CY + "\"}}",
                "name is required: a few words an administrator will recognise",
                "{\"name\": \"x\", \"templates\": {\"en\": \"" + EN + "\"}}",
                "templates.cy must be the id of a GOV.UK Notify email template (a UUID)",
                body("x", "{\"locale\": \"fr\"}"), "audience.locale must be \"en\" or \"cy\"",
                body("x", "{\"registered-before\": \"01/01/2026\"}"), "audience.registered-before must be a date, YYYY-MM-DD",
                body("x", "{\"level\": \"P5\"}"),
                "Unknown field audience.level; expected audience.locale, audience.registered-before,"
                        + " audience.signed-in-since",
                "{\"name\": \"x\", \"templates\": {\"en\": \"" + EN + "\", \"cy\": \"" + CY + "\"}, \"per-minute\": 0}",
                "per-minute must be a whole number of emails a minute, from 1 to 1000000",
                "{\"name\": \"x\", \"templates\": {\"en\": \"" + EN + "\", \"cy\": \"" + CY + "\"}, \"per-minute\": \"fast\"}",
                "per-minute must be a whole number of emails a minute, from 1 to 1000000");
        bad.forEach((json, reason) -> {
            HttpResponse<String> response = admin.send("POST", "/nhs-campaigns", json);
            assertThat(response.statusCode()).as(json).isEqualTo(400);
            JsonNode error = Json.parse(response.body());
            assertThat(error.path("error").asText()).isEqualTo("invalid_request");
            assertThat(error.path("error_description").asText()).as(json).isEqualTo(reason);
        });
        assertThat(Json.parse(admin.send("GET", "/nhs-campaigns", "").body())).hasSize(before);
        HttpResponse<String> missing = admin.send("GET", "/nhs-campaigns/no-such-campaign", "");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.parse(missing.body()).path("error").asText()).isEqualTo("not_found");
        assertThat(Json.parse(missing.body()).path("error_description").asText())
                .isEqualTo("The realm nhs has no campaign no-such-campaign");
        assertThat(admin.send("GET", "/nhs-campaigns/no-such-campaign/audience", "").statusCode()).isEqualTo(404);
    }

    @Test
    void creatingAndDeletingAreAdminEventsAndADeletedDraftIsGone() {
        long start = Instant.now().minusSeconds(1).toEpochMilli();
        String name = "Evented " + UUID.randomUUID();
        String id = create(name, null).path("id").asText();
        HttpResponse<String> deleted = admin.send("DELETE", "/nhs-campaigns/" + id, "");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertThat(admin.send("GET", "/nhs-campaigns/" + id, "").statusCode()).isEqualTo(404);

        List<String> operations = new ArrayList<>();
        Json.parse(admin.send("GET", "/admin-events?resourceTypes=CUSTOM&max=100", "").body()).forEach(event -> {
            if (event.path("time").asLong() >= start && event.path("resourcePath").asText().equals("nhs-campaigns/" + id)) {
                operations.add(event.path("operationType").asText());
                assertThat(event.path("details").path("name").asText()).isEqualTo(name);
            }
        });
        assertThat(operations).containsExactlyInAnyOrder("CREATE", "DELETE");
    }

    @Test
    void aViewerReadsButOnlyARealmManagerChangesAndNobodyElseEither() {
        String id = create("Roles " + UUID.randomUUID(), null).path("id").asText();
        String operator = admin.createMasterUserWith("operator-password-1", "view-realm");
        String stranger = admin.createMasterUserWith("stranger-password-1");
        try {
            AdminApi viewer = new AdminApi(sandpit, operator, "operator-password-1");
            assertThat(viewer.send("GET", "/nhs-campaigns", "").statusCode()).isEqualTo(200);
            assertThat(viewer.send("GET", "/nhs-campaigns/" + id + "/audience", "").statusCode()).isEqualTo(200);
            assertThat(viewer.send("POST", "/nhs-campaigns", body("By a viewer", null)).statusCode()).isEqualTo(403);
            assertThat(viewer.send("DELETE", "/nhs-campaigns/" + id, "").statusCode()).isEqualTo(403);
            for (String action : List.of("start", "pause", "resume", "cancel")) {
                assertThat(viewer.send("POST", "/nhs-campaigns/" + id + "/" + action, "").statusCode()).as(action)
                        .isEqualTo(403);
            }

            AdminApi nobody = new AdminApi(sandpit, stranger, "stranger-password-1");
            assertThat(nobody.send("GET", "/nhs-campaigns", "").statusCode()).isEqualTo(403);
            HttpResponse<String> anonymous = new Http().sendJson("GET",
                    sandpit.keycloakUrl().resolve("/admin/realms/" + Sandpit.REALM + "/nhs-campaigns"), "");
            assertThat(anonymous.statusCode()).isEqualTo(401);
        } finally {
            admin.deleteMasterUser(operator);
            admin.deleteMasterUser(stranger);
        }
        assertThat(Json.parse(admin.send("GET", "/nhs-campaigns/" + id, "").body()).path("state").asText())
                .isEqualTo("draft");
    }

    /**
     * A realm's first campaign has no row to lock while its name is checked: creates of one name sent at once (an
     * administrator's double click) meet the unique constraint, and every one but the first is told the name is taken.
     */
    @Test
    void createsOfOneNameAtOnceInANewRealmMakeOneCampaignAndTellTheRestTheNameIsTaken() throws Exception {
        String realm = "campaigns-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> made = admin.sendAdmin("POST", "/realms", Json.object().put("realm", realm)
                .put("enabled", true).toString());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<HttpResponse<String>>> creates = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                creates.add(threads.submit(() -> {
                    go.await();
                    return admin.sendAdmin("POST", "/realms/" + realm + "/nhs-campaigns", body("Twice", null));
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (java.util.concurrent.Future<HttpResponse<String>> create : creates) {
                HttpResponse<String> response = create.get(60, java.util.concurrent.TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                if (response.statusCode() == 409) {
                    assertThat(Json.parse(response.body()).path("error_description").asText())
                            .isEqualTo("The realm already has a campaign called \"Twice\"; choose another name");
                }
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 409, 409, 409);
            assertThat(Json.parse(admin.sendAdmin("GET", "/realms/" + realm + "/nhs-campaigns", "").body()))
                    .hasSize(1);
        } finally {
            threads.shutdownNow();
            admin.sendAdmin("DELETE", "/realms/" + realm, "");
        }
    }

    /**
     * The campaign table has no foreign key to the realm; its rows are deleted with the realm (a RealmRemovedEvent
     * listener, in the same transaction). A failing listener would fail the deletion; the rows themselves are not
     * visible through the API once the realm is gone.
     */
    @Test
    void aRealmWithCampaignsCanBeDeletedAndItsCampaignsAreItsOwn() {
        String realm = "campaigns-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> made = admin.sendAdmin("POST", "/realms", Json.object().put("realm", realm)
                .put("enabled", true).toString());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        HttpResponse<String> created = admin.sendAdmin("POST", "/realms/" + realm + "/nhs-campaigns", body("Theirs", null));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.parse(created.body()).path("id").asText();
        assertThat(admin.send("GET", "/nhs-campaigns/" + id, "").statusCode()).as("another realm's campaign")
                .isEqualTo(404);

        HttpResponse<String> deleted = admin.sendAdmin("DELETE", "/realms/" + realm, "");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertThat(admin.sendAdmin("POST", "/realms", Json.object().put("realm", realm).put("enabled", true).toString())
                .statusCode()).isEqualTo(201);
        try {
            assertThat(Json.parse(admin.sendAdmin("GET", "/realms/" + realm + "/nhs-campaigns", "").body()))
                    .as("a new realm of the same name").isEmpty();
        } finally {
            admin.sendAdmin("DELETE", "/realms/" + realm, "");
        }
    }

    private HttpResponse<String> act(JsonNode campaign, String action) {
        return admin.send("POST", "/nhs-campaigns/" + campaign.path("id").asText() + "/" + action, "");
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    private static String conflict(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(Json.parse(response.body()).path("error").asText()).isEqualTo("conflict");
        return Json.parse(response.body()).path("error_description").asText();
    }

    @Test
    void startingTakesTheSnapshotTheDryRunCountedAndHoldsBackCampaignsOverTheSameCitizens() {
        citizen(Map.of());
        citizen(Map.of("locale", "cy"));
        JsonNode everyone = create("Everyone " + UUID.randomUUID(), null);
        long eligible = eligible(everyone);
        assertThat(eligible).isGreaterThanOrEqualTo(2);

        HttpResponse<String> start = act(everyone, "start");
        assertThat(start.statusCode()).as("accepted: the runner takes the snapshot").isEqualTo(202);
        JsonNode starting = Json.parse(start.body());
        assertThat(starting.path("state").asText()).isEqualTo("running");
        assertThat(starting.path("snapshot").path("complete").asBoolean()).isFalse();
        assertThat(starting.path("recipients").asLong()).isZero();
        JsonNode started = admin.snapshotTaken(everyone.path("id").asText());
        assertThat(started.path("recipients").asLong()).as("the snapshot").isEqualTo(eligible);
        assertThat(Instant.parse(started.path("snapshot").path("taken").asText()))
                .isAfterOrEqualTo(Instant.parse(started.path("started").asText()));
        JsonNode read = Json.parse(admin.send("GET", "/nhs-campaigns/" + everyone.path("id").asText(), "").body());
        assertThat(CampaignCounts.total(read.path("progress"))).isEqualTo(eligible);
        assertThat(read.path("progress").path("queued").asLong()).as("one a minute").isGreaterThanOrEqualTo(eligible - 1);
        assertThat(read.path("progress").path("per-minute").asInt()).isEqualTo(1);
        // The snapshot is taken once: a citizen who registers now is not in it.
        citizen(Map.of());
        JsonNode later = Json.parse(admin.send("GET", "/nhs-campaigns/" + everyone.path("id").asText(), "").body());
        assertThat(CampaignCounts.total(later.path("progress"))).isEqualTo(eligible);

        JsonNode welsh = create("Welsh " + UUID.randomUUID(), "{\"locale\": \"cy\"}");
        assertThat(conflict(act(welsh, "start"))).isEqualTo("The campaign \"" + everyone.path("name").asText()
                + "\" is running over citizens this one would email too; finish or cancel it first, or give this one"
                + " the other language");
        ok(act(everyone, "pause"));
        assertThat(conflict(act(welsh, "start"))).as("a paused campaign still holds its citizens")
                .contains("is paused over citizens this one would email too");
        ok(act(everyone, "cancel"));
        JsonNode welshStarted = admin.startCampaign(welsh.path("id").asText());
        assertThat(welshStarted.path("state").asText()).isEqualTo("running");

        JsonNode english = create("English " + UUID.randomUUID(), "{\"locale\": \"en\"}");
        JsonNode englishStarted = admin.startCampaign(english.path("id").asText());
        assertThat(englishStarted.path("state").asText()).as("the other language, beside the Welsh one")
                .isEqualTo("running");
        assertThat(welshStarted.path("recipients").asLong() + englishStarted.path("recipients").asLong())
                .isEqualTo(eligible + 1);
    }

    @Test
    void eachStateMovesOnlyWhereItMayAndEveryMoveIsAnAdminEvent() {
        long start = Instant.now().minusSeconds(1).toEpochMilli();
        citizen(Map.of());
        JsonNode campaign = create("Moves " + UUID.randomUUID(), "{\"registered-before\": \"2100-01-01\"}");
        String id = campaign.path("id").asText();
        assertThat(conflict(act(campaign, "pause"))).isEqualTo("A campaign that is draft cannot pause; only one that is"
                + " running can");
        assertThat(conflict(act(campaign, "resume"))).isEqualTo("A campaign that is draft cannot resume; only one that"
                + " is paused can");
        assertThat(conflict(act(campaign, "cancel"))).isEqualTo("A campaign that is draft cannot cancel; only one that"
                + " is running or paused can");

        assertThat(admin.startCampaign(id).path("recipients").asLong()).isPositive();
        assertThat(conflict(act(campaign, "start"))).isEqualTo("Only a draft can be started; this campaign is running");
        assertThat(conflict(admin.send("DELETE", "/nhs-campaigns/" + id, ""))).isEqualTo("Only a draft can be deleted;"
                + " this campaign is running (cancel it instead)");
        assertThat(ok(act(campaign, "pause")).path("state").asText()).isEqualTo("paused");
        assertThat(ok(act(campaign, "resume")).path("state").asText()).isEqualTo("running");
        assertThat(ok(act(campaign, "cancel")).path("state").asText()).isEqualTo("cancelled");
        assertThat(conflict(act(campaign, "resume"))).isEqualTo("A campaign that is cancelled cannot resume; only one"
                + " that is paused can");
        assertThat(act(Json.object().put("id", "no-such-campaign"), "start").statusCode()).isEqualTo(404);

        List<String> actions = new ArrayList<>();
        Json.parse(admin.send("GET", "/admin-events?resourceTypes=CUSTOM&operationTypes=ACTION&max=100", "").body())
                .forEach(event -> {
                    if (event.path("time").asLong() >= start
                            && event.path("resourcePath").asText().startsWith("nhs-campaigns/" + id + "/")) {
                        actions.add(event.path("resourcePath").asText().substring(("nhs-campaigns/" + id + "/").length()));
                    }
                });
        assertThat(actions).containsExactlyInAnyOrder("start", "pause", "resume", "cancel");
    }

    @Test
    void aCampaignWithNobodyToEmailFinishesAsSoonAsItStarts() throws InterruptedException {
        JsonNode campaign = create("Nobody " + UUID.randomUUID(), "{\"registered-before\": \"2000-01-01\"}");
        String id = campaign.path("id").asText();
        assertThat(admin.startCampaign(id).path("recipients").asLong()).as("nobody registered before 2000").isZero();
        JsonNode read = Json.parse(admin.send("GET", "/nhs-campaigns/" + id, "").body());
        for (int i = 0; i < 40 && !read.path("state").asText().equals("finished"); i++) {
            Thread.sleep(250);
            read = Json.parse(admin.send("GET", "/nhs-campaigns/" + id, "").body());
        }
        assertThat(read.path("state").asText()).isEqualTo("finished");
        assertThat(Instant.parse(read.path("finished").asText())).isAfterOrEqualTo(Instant.parse(read.path("started")
                .asText()));
        assertThat(conflict(act(campaign, "pause"))).isEqualTo("A campaign that is finished cannot pause; only one that"
                + " is running can");
    }

    @Test
    void thePreviewNamesThePartnerServicesTheRealmDescribesThatACitizenCanUseAtP5() {
        Map<String, String> vaccination = new java.util.HashMap<>(Map.of("nhs.service.name", "Vaccination record",
                "nhs.service.name.cy", "Cofnod brechu", "nhs.service.description", "See your vaccinations",
                "nhs.service.url", "https://vaccinations.example"));
        Map<String, String> gp = new java.util.HashMap<>(Map.of("nhs.service.name", "GP services",
                "nhs.service.url", "https://gp.example"));
        admin.clientAttributes("example-vaccination-record", vaccination);
        admin.clientAttributes("example-gp-services", gp);
        try {
            JsonNode campaign = create("Preview " + UUID.randomUUID(), null);
            HttpResponse<String> response = admin.send("GET", "/nhs-campaigns/" + campaign.path("id").asText()
                    + "/preview", "");
            JsonNode preview = Json.parse(response.body());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

            assertThat(preview.path("services")).as("registered for P5 (and P9); GP services need P9")
                    .containsExactly(Json.MAPPER.valueToTree("Vaccination record"));
            assertThat(preview.path("en").path("template").asText()).isEqualTo(EN);
            assertThat(preview.path("en").path("personalisation").path("services").asText())
                    .isEqualTo("* Vaccination record: See your vaccinations (https://vaccinations.example)");
            assertThat(preview.path("cy").path("template").asText()).isEqualTo(CY);
            assertThat(preview.path("cy").path("personalisation").path("services").asText())
                    .isEqualTo("* Cofnod brechu: See your vaccinations (https://vaccinations.example)");
            assertThat(preview.toString()).doesNotContain("nhs_number", "9000000009");
        } finally {
            vaccination.replaceAll((name, value) -> null);
            gp.replaceAll((name, value) -> null);
            admin.clientAttributes("example-vaccination-record", vaccination);
            admin.clientAttributes("example-gp-services", gp);
        }
    }

    private static void accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }
}
