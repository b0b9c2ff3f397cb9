package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * A running campaign as GOV.UK Notify sees it: a few hundred P0 citizens, the Notify stand-in's journal counted per
 * recipient. Each campaign here has Notify template ids of its own, so its emails are told apart from any other
 * campaign's in the journal.
 */
@ExtendWith(SandpitExtension.class)
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

    private long total(JsonNode progress) {
        long total = 0;
        for (String status : List.of("queued", "sending", "sent", "failed")) {
            total += progress.path(status).asLong();
        }
        for (JsonNode skipped : progress.path("skipped")) {
            total += skipped.asLong();
        }
        return total;
    }

    @Test
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

        JsonNode started = act(campaign, "start");
        long recipients = started.path("recipients").asLong();
        assertThat(recipients).as("the snapshot holds every new citizen").isGreaterThanOrEqualTo(300);
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
        assertThat(total(progress)).as("every recipient accounted for").isEqualTo(recipients);

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
        assertThat(perSecond).as("sent %d in %.1f s", emails.size(), seconds).isBetween(20 * 0.9, 20 * 1.05);

        String metrics = http.get(sandpit.managementUrl().resolve("/metrics")).body();
        assertThat(metrics).contains("nhs_campaign_emails_total{outcome=\"accepted\"}")
                .contains("nhs_campaign_skipped_total{reason=\"uplifted\"}");
    }
}
