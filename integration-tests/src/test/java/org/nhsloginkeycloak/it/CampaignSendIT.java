package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.CampaignCounts;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.PdsFaults;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * A running campaign as GOV.UK Notify sees it: a few hundred P0 citizens, the Notify stand-in's journal counted per
 * recipient. Each campaign here has Notify template ids of its own, so its emails are told apart from any other
 * campaign's in the journal.
 */
@ExtendWith(SandpitExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CampaignSendIT {

    private static final Pattern LINK = Pattern.compile("/realms/" + Sandpit.REALM + "/nhs-campaign/([0-9a-f-]{36})");

    private Sandpit sandpit;
    private AdminApi admin;
    private final Http http = new Http();
    private final List<String> userIds = new ArrayList<>();
    private final List<String> campaigns = new ArrayList<>();

    @BeforeEach
    void administrator(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
    }

    @AfterEach
    void cleanUp() {
        campaigns.forEach(id -> admin.send("POST", "/nhs-campaigns/" + id + "/cancel", ""));
        userIds.forEach(id -> admin.send("DELETE", "/users/" + id, ""));
    }

    private Map<String, String> citizens(String prefix, int count, int welshEvery) {
        Map<String, String> idByEmail = admin.importCitizens(prefix, count, welshEvery);
        userIds.addAll(idByEmail.values());
        return idByEmail;
    }

    private JsonNode create(String name, String en, String cy, int perMinute) {
        HttpResponse<String> created = admin.send("POST", "/nhs-campaigns", "{\"name\": \"" + name + "\","
                + " \"templates\": {\"en\": \"" + en + "\", \"cy\": \"" + cy + "\"}, \"per-minute\": " + perMinute + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode campaign = Json.parse(created.body());
        campaigns.add(campaign.path("id").asText());
        return campaign;
    }

    private JsonNode act(JsonNode campaign, String action) {
        HttpResponse<String> response = admin.send("POST", "/nhs-campaigns/" + campaign.path("id").asText() + "/"
                + action, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    /** Snapshot chunks every campaign has taken so far, from the {@code nhs_campaign_page_seconds} timer. */
    private double snapshotChunks() {
        return http.get(sandpit.managementUrl().resolve("/metrics")).body().lines()
                .filter(line -> line.startsWith("nhs_campaign_page_seconds_count{") && line.contains("step=\"snapshot\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private JsonNode read(JsonNode campaign) {
        HttpResponse<String> response = admin.send("GET", "/nhs-campaigns/" + campaign.path("id").asText(), "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    private JsonNode untilFinished(JsonNode campaign, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        JsonNode now = read(campaign);
        while (!now.path("state").asText().equals("finished") && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            now = read(campaign);
        }
        assertThat(now.path("state").asText()).as(now.toString()).isEqualTo("finished");
        return now;
    }

    /** The emails Notify accepted (201) for these templates, oldest first. */
    private List<ServeEvent> accepted(Set<String> templates) {
        return sandpit.govukNotify().server().getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().startsWith("/v2/notifications/email")
                        && event.getResponse() != null && event.getResponse().getStatus() == 201
                        && templates.contains(Json.parse(event.getRequest().getBodyAsString()).path("template_id")
                                .asText()))
                .sorted(Comparator.comparing(event -> event.getRequest().getLoggedDate()))
                .toList();
    }

    @Test
    @Order(1)
    void everyEligibleCitizenGetsExactlyOneEmailInTheirLanguageAndThoseWhoChangedAreSkippedByReason()
            throws InterruptedException {
        String en = UUID.randomUUID().toString();
        String cy = UUID.randomUUID().toString();
        Map<String, String> mine = citizens("exactly-once-" + UUID.randomUUID().toString().substring(0, 6), 300, 3);
        // Sent in user id order: those with the highest ids are reached last, some 14 s after the start at 1,200 a
        // minute, long after they change below.
        List<Map.Entry<String, String>> byId = mine.entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).toList();
        List<Map.Entry<String, String>> last = byId.subList(byId.size() - 10, byId.size());
        JsonNode campaign = create("Exactly once " + UUID.randomUUID(), en, cy, 1200);

        double chunksBefore = snapshotChunks();
        JsonNode started = admin.startCampaign(campaign.path("id").asText());
        long recipients = started.path("recipients").asLong();
        assertThat(recipients).as("the snapshot holds every new citizen").isGreaterThanOrEqualTo(300);
        assertThat(snapshotChunks() - chunksBefore).as("taken 100 user rows a transaction, so across chunk boundaries")
                .isGreaterThanOrEqualTo(4);
        Set<String> uplifted = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        Set<String> unreachable = new HashSet<>();
        for (int i = 0; i < last.size(); i++) {
            Map.Entry<String, String> citizen = last.get(i);
            if (i < 5) {
                ObjectNode user = (ObjectNode) Json.parse(admin.send("GET", "/users/" + citizen.getValue(), "").body());
                ((ObjectNode) user.path("attributes")).putArray("identity_proofing_level").add("P5");
                assertThat(admin.send("PUT", "/users/" + citizen.getValue(), user.toString()).statusCode()).isEqualTo(204);
                uplifted.add(citizen.getKey());
            } else if (i < 8) {
                assertThat(admin.send("DELETE", "/users/" + citizen.getValue(), "").statusCode()).isEqualTo(204);
                deleted.add(citizen.getKey());
            } else {
                ObjectNode user = (ObjectNode) Json.parse(admin.send("GET", "/users/" + citizen.getValue(), "").body());
                user.put("enabled", false);
                assertThat(admin.send("PUT", "/users/" + citizen.getValue(), user.toString()).statusCode()).isEqualTo(204);
                unreachable.add(citizen.getKey());
            }
        }
        assertThat(accepted(Set.of(en, cy))).as("none of the changed citizens had been reached yet")
                .noneMatch(event -> last.stream().anyMatch(citizen -> event.getRequest().getBodyAsString()
                        .contains(citizen.getKey())));

        JsonNode finished = untilFinished(campaign, Duration.ofSeconds(90));
        JsonNode progress = finished.path("progress");
        assertThat(progress.path("queued").asLong()).isZero();
        assertThat(progress.path("sending").asLong()).isZero();
        assertThat(progress.path("skipped").path("uplifted").asLong()).isEqualTo(5);
        assertThat(progress.path("skipped").path("deleted").asLong()).isEqualTo(3);
        assertThat(progress.path("skipped").path("unreachable").asLong()).isEqualTo(2);
        assertThat(CampaignCounts.total(progress)).as("every recipient accounted for").isEqualTo(recipients);

        List<ServeEvent> emails = accepted(Set.of(en, cy));
        Map<String, Long> perAddress = emails.stream().collect(Collectors.groupingBy(event ->
                Json.parse(event.getRequest().getBodyAsString()).path("email_address").asText(), Collectors.counting()));
        assertThat(perAddress.values()).as("nobody emailed twice").allMatch(count -> count == 1);
        assertThat(emails).hasSize((int) progress.path("sent").asLong());
        Set<String> expected = new HashSet<>(mine.keySet());
        expected.removeAll(uplifted);
        expected.removeAll(deleted);
        expected.removeAll(unreachable);
        assertThat(perAddress.keySet()).containsAll(expected).doesNotContainAnyElementsOf(uplifted)
                .doesNotContainAnyElementsOf(deleted).doesNotContainAnyElementsOf(unreachable);

        Set<String> references = new HashSet<>();
        for (ServeEvent event : emails) {
            JsonNode body = Json.parse(event.getRequest().getBodyAsString());
            String address = body.path("email_address").asText();
            if (mine.containsKey(address)) {
                int index = Integer.parseInt(address.replaceAll(".*-(\\d+)@.*", "$1"));
                assertThat(body.path("template_id").asText()).as(address).isEqualTo(index % 3 == 0 ? cy : en);
            }
            String reference = body.path("reference").asText();
            assertThat(references.add(reference)).as("a reference of its own").isTrue();
            Matcher link = LINK.matcher(body.path("personalisation").path("link").asText());
            assertThat(link.find()).as(body.toString()).isTrue();
            assertThat(link.group(1)).isEqualTo(reference);
            assertThat(body.path("personalisation").path("link").asText()).startsWith(sandpit.keycloakUrl().toString());
            assertThat(body.path("one_click_unsubscribe_url").asText())
                    .isEqualTo(body.path("personalisation").path("link").asText() + "/unsubscribe")
                    .isEqualTo(body.path("personalisation").path("unsubscribe_link").asText());
            assertThat(body.toString()).as("nothing but the citizen's own address and link")
                    .doesNotContain("nhs_number").doesNotContain("phone_number");
        }

        // The pace asked for (1,200 a minute = 20 a second), measured over the run in Notify's journal.
        double seconds = Duration.between(emails.get(0).getRequest().getLoggedDate().toInstant(),
                emails.get(emails.size() - 1).getRequest().getLoggedDate().toInstant()).toMillis() / 1000.0;
        double perSecond = (emails.size() - 1) / seconds;
        System.out.printf("Campaign pace: %d emails in %.2f s, %.2f a second (asked: 20.00)%n", emails.size(), seconds,
                perSecond);
        // Never more than the rate allows over the run plus the one second the pacer may save up; pauses between
        // pages and turns made up, so hardly fewer.
        assertThat((double) emails.size() - 1).as("sent %d in %.1f s", emails.size(), seconds)
                .isBetween(20 * seconds * 0.95, 20 * (seconds + 1));

        String metrics = http.get(sandpit.managementUrl().resolve("/metrics")).body();
        assertThat(metrics).contains("nhs_campaign_emails_total{outcome=\"accepted\"}")
                .contains("nhs_campaign_skipped_total{reason=\"uplifted\"}");
    }

    /** Notify answers every email with {@code template} with a 429 of {@code type} until the stub is removed. */
    private StubMapping refuse(String template, String type, String scenarioState) {
        MappingBuilder refusal = WireMock.post(WireMock.urlPathEqualTo("/v2/notifications/email"))
                .withRequestBody(WireMock.matchingJsonPath("$.template_id", WireMock.equalTo(template)))
                .atPriority(1)
                .willReturn(WireMock.aResponse().withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status_code\": 429, \"errors\": [{\"error\": \"" + type + "\", \"message\":"
                                + " \"Exceeded\"}]}"));
        if (scenarioState != null) {
            refusal = refusal.inScenario(template).whenScenarioStateIs(Scenario.STARTED).willSetStateTo(scenarioState);
        }
        return sandpit.govukNotify().server().stubFor(refusal);
    }

    private JsonNode until(JsonNode campaign, Predicate<JsonNode> done, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        JsonNode now = read(campaign);
        while (!done.test(now) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            now = read(campaign);
        }
        assertThat(done.test(now)).as(now.toString()).isTrue();
        return now;
    }

    /**
     * Notify's two 429s as the stand-in gives them: {@code RateLimitError} once (the campaign backs off, then goes
     * on) and {@code TooManyRequestsError} (the daily limit: held until midnight UTC, sending nothing, still running);
     * an administrator who had the limit raised lifts the hold by pausing and resuming. Everyone still gets one email.
     */
    @Test
    @Order(2)
    void notifysRateLimitBacksOffAndItsDailyLimitHoldsUntilMidnightWithNobodyEmailedTwice() throws Exception {
        String en = UUID.randomUUID().toString();
        String cy = UUID.randomUUID().toString();
        Map<String, String> mine = citizens("limits-" + UUID.randomUUID().toString().substring(0, 6), 30, 0);
        StubMapping once = refuse(en, "RateLimitError", "refused once");
        JsonNode campaign = create("Limits " + UUID.randomUUID(), en, cy, 300);
        admin.startCampaign(campaign.path("id").asText());

        JsonNode backedOff = until(campaign, now -> now.path("held").path("reason").asText()
                .equals("rate-limited by GOV.UK Notify"), Duration.ofSeconds(10));
        assertThat(Instant.parse(backedOff.path("held").path("until").asText()))
                .as("the first back-off: 5 s").isBetween(Instant.now().minusSeconds(2), Instant.now().plusSeconds(6));
        sandpit.govukNotify().server().removeStub(once);

        // Some way in (as Notify's journal has it: progress moves a page at a time), the day's limit.
        Instant deadline = Instant.now().plusSeconds(20);
        while (accepted(Set.of(en, cy)).size() < 10 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        StubMapping daily = refuse(en, "TooManyRequestsError", null);
        JsonNode held = until(campaign, now -> now.has("held") && now.path("held").path("reason").asText()
                .startsWith("GOV.UK Notify's daily limit"), Duration.ofSeconds(20));
        assertThat(held.path("state").asText()).isEqualTo("running");
        assertThat(held.path("held").path("until").asText()).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                .plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toString());
        assertThat(held.path("progress").path("queued").asLong()).as("the rest wait for tomorrow").isPositive();
        int sentAtTheLimit = accepted(Set.of(en, cy)).size();
        Thread.sleep(3000);
        assertThat(accepted(Set.of(en, cy))).as("nothing more today").hasSize(sentAtTheLimit);
        sandpit.govukNotify().server().removeStub(daily);

        act(campaign, "pause");
        JsonNode resumed = act(campaign, "resume");
        assertThat(resumed.has("held")).as("the administrator lifted the hold").isFalse();
        JsonNode finished = untilFinished(campaign, Duration.ofSeconds(60));
        List<ServeEvent> emails = accepted(Set.of(en, cy));
        Map<String, Long> perAddress = emails.stream().collect(Collectors.groupingBy(event ->
                Json.parse(event.getRequest().getBodyAsString()).path("email_address").asText(), Collectors.counting()));
        assertThat(perAddress.keySet()).containsAll(mine.keySet());
        assertThat(perAddress.values()).allMatch(count -> count == 1);
        assertThat(finished.path("progress").path("failed").asLong()).isZero();
        String metrics = http.get(sandpit.managementUrl().resolve("/metrics")).body();
        assertThat(metrics).contains("nhs_campaign_emails_total{outcome=\"rate-limited\"}")
                .contains("nhs_campaign_emails_total{outcome=\"daily-limit\"}");
    }

    private String serviceState() {
        return Json.parse(http.get(sandpit.realmUrl().resolve(Sandpit.REALM + "/service-status")).body()).path("state")
                .asText();
    }

    private String untilServiceState(String state, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        String now = serviceState();
        while (!now.equals(state) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            now = serviceState();
        }
        return now;
    }

    /**
     * PDS failing (the stand-in's 500s, three traces) makes the service degraded: a campaign started then waits,
     * emailing nobody who would arrive at a failing uplift, and goes on by itself once PDS is back and the state is
     * normal again. Last of the class, and it leaves the service normal under the default settings for what follows.
     */
    @Test
    @Order(3)
    void whileTheServiceIsDegradedTheCampaignWaitsAndThenGoesOnByItself() throws Exception {
        // Judged over 20 s from 2 calls, so the degraded state outlasts the sandpit's 5 s open circuit.
        assertThat(admin.send("PUT", "/nhs-service-status/settings", "{\"window-seconds\": 20, \"min-calls\": 2,"
                + " \"calm-seconds\": 1}").statusCode()).isEqualTo(200);
        assertThat(untilServiceState("normal", Duration.ofSeconds(30))).as("normal to begin with").isEqualTo("normal");
        String tracer = admin.createCitizen("degraded-tracer", TestMobiles.next());
        PdsFaults faults = new PdsFaults(sandpit.pds());
        String en = UUID.randomUUID().toString();
        String cy = UUID.randomUUID().toString();
        Instant lastFailure = Instant.now();
        try {
            Citizen browser = new Citizen(sandpit);
            Citizen.Landing form = browser.signIn(Partner.vaccinationRecord(sandpit).authorize("openid").uri(), tracer,
                    AdminApi.TEST_PASSWORD);
            faults.serverError();
            for (int i = 0; i < 3; i++) {
                form = browser.submit(form, "#nhs-uplift-form", Map.of("given-name", "Ffion", "family-name", "Jones",
                        "dob-day", "1", "dob-month", "6", "dob-year", "1992", "postcode", "CF10 1AA"));
            }
            lastFailure = Instant.now();
            // The state is judged every few seconds: the campaign starts once the service is known to be degraded.
            assertThat(untilServiceState("degraded", Duration.ofSeconds(15))).isEqualTo("degraded");
            Map<String, String> mine = citizens("degraded-" + UUID.randomUUID().toString().substring(0, 6), 10, 0);
            JsonNode campaign = create("Degraded " + UUID.randomUUID(), en, cy, 600);
            admin.startCampaign(campaign.path("id").asText());
            JsonNode waiting = until(campaign, now -> now.path("held").path("reason").asText()
                    .startsWith("service degraded"), Duration.ofSeconds(15));
            assertThat(waiting.path("state").asText()).isEqualTo("running");
            assertThat(accepted(Set.of(en, cy))).as("nobody invited to a failing uplift").isEmpty();

            // The failures leave the 20 s window; the campaign's next look finds the service normal.
            faults.clear();
            untilFinished(campaign, Duration.ofSeconds(120));
            assertThat(accepted(Set.of(en, cy)).stream().map(event -> Json.parse(event.getRequest().getBodyAsString())
                    .path("email_address").asText()).toList()).containsAll(mine.keySet()).doesNotHaveDuplicates();
        } finally {
            faults.clear();
            admin.deleteUser(tracer);
            // Back to the default settings only once the failures are older than their 60 s window, so the classes
            // after this one start from normal.
            long left = Duration.between(Instant.now(), lastFailure.plusSeconds(62)).toMillis();
            if (left > 0) {
                Thread.sleep(left);
            }
            admin.send("DELETE", "/nhs-service-status/settings", "");
            assertThat(untilServiceState("normal", Duration.ofSeconds(30))).as("normal for what follows")
                    .isEqualTo("normal");
        }
    }
}
