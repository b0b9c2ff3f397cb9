package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * A campaign email's links, followed as a citizen would: the link starts an ordinary sign-in that goes on to the P5
 * uplift and ends on the page of services; the funnel counts each step once; the unsubscribe link and Notify's
 * one-click POST; a forged reference.
 */
@ExtendWith(SandpitExtension.class)
class CampaignLinkIT {

    private static final String UPLIFT_FORM = "#nhs-uplift-form";
    private static final String OFFER_FORM = "#nhs-amnv-offer-form";

    private Sandpit sandpit;
    private AdminApi admin;
    private final List<String> users = new ArrayList<>();
    private final List<String> campaigns = new ArrayList<>();

    @BeforeEach
    void administrator(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
        admin.clientAttributes("example-vaccination-record", Map.of("nhs.service.name", "Vaccination record",
                "nhs.service.name.cy", "Cofnod brechu", "nhs.service.description", "See your vaccinations",
                "nhs.service.url", "https://vaccinations.example"));
    }

    @AfterEach
    void cleanUp() {
        Map<String, String> none = new HashMap<>();
        for (String name : List.of("nhs.service.name", "nhs.service.name.cy", "nhs.service.description",
                "nhs.service.url")) {
            none.put(name, null);
        }
        admin.clientAttributes("example-vaccination-record", none);
        campaigns.forEach(id -> admin.send("POST", "/nhs-campaigns/" + id + "/cancel", ""));
        users.forEach(admin::deleteUser);
    }

    private String startCampaign(String en) {
        HttpResponse<String> created = admin.send("POST", "/nhs-campaigns", "{\"name\": \"Links " + UUID.randomUUID()
                + "\", \"templates\": {\"en\": \"" + en + "\", \"cy\": \"" + UUID.randomUUID() + "\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.parse(created.body()).path("id").asText();
        campaigns.add(id);
        admin.startCampaign(id);
        return id;
    }

    /** The body Notify was asked to send to {@code address} with {@code template}, once it has been. */
    private JsonNode emailTo(String address, String template) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            for (ServeEvent event : sandpit.govukNotify().server().getAllServeEvents()) {
                if (event.getRequest().getUrl().startsWith("/v2/notifications/email")) {
                    JsonNode body = Json.parse(event.getRequest().getBodyAsString());
                    if (body.path("email_address").asText().equals(address)
                            && body.path("template_id").asText().equals(template)) {
                        return body;
                    }
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("No email to " + address + " with template " + template);
    }

    private JsonNode funnel(String id) {
        HttpResponse<String> response = admin.send("GET", "/nhs-campaigns/" + id + "/funnel", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    @Test
    void theLinkSignsInThroughTheUpliftToTheServicesPageAndTheFunnelCountsEachStepOnce() throws Exception {
        String mobile = TestMobiles.next();
        String citizen = admin.createCitizen("campaign-link", mobile);
        users.add(citizen);
        String en = UUID.randomUUID().toString();
        String id = startCampaign(en);
        JsonNode email = emailTo(citizen, en);
        URI link = URI.create(email.path("personalisation").path("link").asText());
        assertThat(email.path("personalisation").path("services").asText())
                .contains("Vaccination record: See your vaccinations (https://vaccinations.example)");

        Citizen browser = new Citizen(sandpit);
        Citizen.Landing login = browser.open(link);
        assertThat(login.page().selectFirst("#kc-form-login")).as("the link signs nobody in: the password first")
                .isNotNull();
        assertThat(login.uri().getQuery()).contains("client_id=nhs-campaign").contains("kc_action=nhs-p5-uplift");
        Citizen.Landing code = browser.submit(login, "#kc-form-login", Map.of("username", citizen,
                "password", AdminApi.TEST_PASSWORD));
        Citizen.Landing form = browser.enterSmsCode(code, new org.nhsloginkeycloak.it.support.SmsInbox(sandpit)
                .latestCode(mobile));
        assertThat(form.page().selectFirst(UPLIFT_FORM)).as("straight on to the uplift").isNotNull();
        Citizen.Landing offer = browser.submit(form, UPLIFT_FORM, new HashMap<>(Map.of("given-name", "Ffion",
                "family-name", "Jones", "dob-day", "1", "dob-month", "6", "dob-year", "1992", "postcode", "cf10 1aa",
                "nhs-number", "")));
        Citizen.Landing services = browser.submit(offer, OFFER_FORM, Map.of("gp-mobile", "keep"));

        assertThat(services.uri().getPath()).isEqualTo("/realms/" + Sandpit.REALM + "/nhs-campaign/services");
        assertThat(services.page().selectFirst("#nhs-campaign-proved")).as(services.page().text()).isNotNull();
        assertThat(services.page().select("#nhs-campaign-services a").eachText()).containsExactly("Vaccination record");
        assertThat(services.page().select("#nhs-campaign-services a").attr("href")).isEqualTo("https://vaccinations.example");
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P5");

        JsonNode steps = funnel(id).path("funnel");
        assertThat(steps.path("emailed").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(steps.path("clicked").asLong()).isEqualTo(1);
        assertThat(steps.path("signed-in").asLong()).isEqualTo(1);
        assertThat(steps.path("uplift-started").asLong()).isEqualTo(1);
        assertThat(steps.path("reached-p5").asLong()).isEqualTo(1);

        // The same link again, now signed in and proved: one click, counted once; the page says so again.
        Citizen.Landing again = browser.open(link);
        assertThat(again.page().selectFirst("#nhs-campaign-proved")).as(again.page().text()).isNotNull();
        assertThat(funnel(id).path("funnel")).isEqualTo(steps);

        // A forged reference is a sign-in like any other, counted for nothing.
        Citizen stranger = new Citizen(sandpit);
        Citizen.Landing forged = stranger.open(URI.create(link.toString().replaceAll("[0-9a-f-]{36}$",
                UUID.randomUUID().toString())));
        assertThat(forged.page().selectFirst("#kc-form-login")).isNotNull();
        Citizen.Landing garbage = stranger.open(URI.create(link.toString().replaceAll("[0-9a-f-]{36}$", "not-ours")));
        assertThat(garbage.page().selectFirst("#kc-form-login")).isNotNull();
        assertThat(funnel(id).path("funnel")).isEqualTo(steps);

        HttpResponse<String> chart = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sandpit.keycloakUrl()
                        .resolve("/admin/realms/" + Sandpit.REALM + "/nhs-campaigns/" + id + "/funnel"))
                .header("Authorization", "Bearer " + admin.token()).header("Accept", "image/svg+xml").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chart.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        assertThat(chart.body()).startsWith("<svg").contains("id=\"reached-p5\"").contains("Reached P5");
    }

    @Test
    void theUnsubscribeLinkAsksFirstAndTheOneClickPostOptsOutOfEveryLaterCampaign() throws Exception {
        String citizen = admin.createCitizen("campaign-optout", TestMobiles.next());
        String stays = admin.createCitizen("campaign-stays", TestMobiles.next());
        users.add(citizen);
        users.add(stays);
        String en = UUID.randomUUID().toString();
        String id = startCampaign(en);
        JsonNode email = emailTo(citizen, en);
        URI unsubscribe = URI.create(email.path("one_click_unsubscribe_url").asText());

        Citizen browser = new Citizen(sandpit);
        Citizen.Landing page = browser.open(unsubscribe);
        assertThat(page.page().selectFirst("#nhs-campaign-unsubscribe-form")).as("a GET only asks").isNotNull();
        assertThat(funnel(id).path("unsubscribed").asLong()).isZero();

        // As a mail client does it (RFC 8058): a POST with the one-click body, no cookies, no token.
        HttpResponse<String> oneClick = HttpClient.newHttpClient().send(HttpRequest.newBuilder(unsubscribe)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(oneClick.body()).contains("nhs-campaign-unsubscribed");
        assertThat(funnel(id).path("unsubscribed").asLong()).isEqualTo(1);
        // The page's own button, after the one click: still one.
        Citizen.Landing done = browser.submit(page, "#nhs-campaign-unsubscribe-form", Map.of());
        assertThat(done.page().selectFirst("#nhs-campaign-unsubscribed")).isNotNull();
        assertThat(funnel(id).path("unsubscribed").asLong()).isEqualTo(1);

        // A forged reference gets the same page and changes nothing.
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(unsubscribe
                        .toString().replaceAll("[0-9a-f-]{36}/unsubscribe$", UUID.randomUUID() + "/unsubscribe")))
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(forged.body()).contains("nhs-campaign-unsubscribed");

        // A later campaign leaves them out from the start, and still emails the one who stayed (the test sandpit has
        // no frequency cap, so only the opt-out tells them apart).
        emailTo(stays, en);
        admin.send("POST", "/nhs-campaigns/" + id + "/cancel", "");
        String later = UUID.randomUUID().toString();
        String second = startCampaign(later);
        emailTo(stays, later);
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode read = Json.parse(admin.send("GET", "/nhs-campaigns/" + second, "").body());
        while (!read.path("state").asText().equals("finished") && Instant.now().isBefore(until)) {
            Thread.sleep(250);
            read = Json.parse(admin.send("GET", "/nhs-campaigns/" + second, "").body());
        }
        assertThat(read.path("state").asText()).isEqualTo("finished");
        assertThat(sandpit.govukNotify().server().getAllServeEvents()).noneMatch(event -> event.getRequest()
                .getBodyAsString().contains(later) && event.getRequest().getBodyAsString().contains(citizen));
    }
}
