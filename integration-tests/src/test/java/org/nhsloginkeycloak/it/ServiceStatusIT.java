package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.PdsFaults;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * The busy banner and the realm's service status: what citizens see on the login pages, what partners read at
 * {@code /realms/nhs/service-status}, what operators set and watch ({@code /admin/realms/nhs/nhs-service-status},
 * admin events, metrics). Each test puts the realm's settings and message back afterwards.
 */
@ExtendWith(SandpitExtension.class)
class ServiceStatusIT {

    private static final String BANNER = "#nhs-status-banner";

    private Sandpit sandpit;
    private AdminApi admin;
    private final Http http = new Http();
    private final List<String> citizens = new ArrayList<>();
    private final List<String> operators = new ArrayList<>();

    @BeforeEach
    void startNormal(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
        // A short window and calm, so what earlier tests did (faults, traffic) is soon forgotten.
        assertThat(admin.send("PUT", "/nhs-service-status/settings", "{\"window-seconds\": 10, \"calm-seconds\": 1}")
                .statusCode()).isEqualTo(200);
        assertThat(eventually(Duration.ofSeconds(20), () -> publicStatus().path("state").asText(),
                "normal"::equals)).as("normal to begin with").isEqualTo("normal");
    }

    @AfterEach
    void putTheRealmBack() {
        new PdsFaults(sandpit.pds()).clear();
        admin.send("DELETE", "/nhs-service-status/message", "");
        admin.send("DELETE", "/nhs-service-status/settings", "");
        citizens.forEach(admin::deleteUser);
        operators.forEach(admin::deleteMasterUser);
    }

    private Document signInPage(String language) {
        Map<String, String> extra = language == null ? Map.of() : Map.of("ui_locales", language);
        return new Citizen(sandpit).open(Partner.healthInformation(sandpit).authorize("openid", extra).uri()).page();
    }

    private JsonNode publicStatus() {
        HttpResponse<String> response = http.get(sandpit.realmUrl().resolve(Sandpit.REALM + "/service-status"));
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.parse(response.body());
    }

    private HttpResponse<String> putMessage(AdminApi as, String json) {
        return as.send("PUT", "/nhs-service-status/message", json);
    }

    private static String message(String english, String welsh, String severity, Instant expires) {
        return Json.object().put("en", english).put("cy", welsh).put("severity", severity)
                .put("expires", expires.toString()).toString();
    }

    /** Polls {@code what} until it holds, for at most {@code within}; the last value either way. */
    private static <T> T eventually(Duration within, java.util.function.Supplier<T> what, Predicate<T> until) {
        Instant end = Instant.now().plus(within);
        T value = what.get();
        while (!until.test(value) && Instant.now().isBefore(end)) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = what.get();
        }
        return value;
    }

    @Test
    void anOperatorsMessageShowsOnTheNextPageInEnglishAndWelshEscapedAndGoesWhenItExpires() {
        assertThat(signInPage(null).selectFirst(BANNER)).as("nothing to say").isNull();
        Instant expires = Instant.now().plusSeconds(15);

        HttpResponse<String> set = putMessage(admin, message("Planned work tonight <b>from 10pm</b>",
                "Gwaith wedi'i gynllunio heno", "warning", expires));

        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        Element english = signInPage("en").selectFirst(BANNER);
        assertThat(english).isNotNull();
        assertThat(english.selectFirst("#nhs-status-operator").text()).isEqualTo("Planned work tonight <b>from 10pm</b>");
        assertThat(english.select("b")).as("the operator's text is never markup").isEmpty();
        assertThat(english.selectFirst("h2").text()).isEqualTo("Important");
        Element welsh = signInPage("cy").selectFirst(BANNER);
        assertThat(welsh.selectFirst("#nhs-status-operator").text()).isEqualTo("Gwaith wedi'i gynllunio heno");
        assertThat(welsh.selectFirst("h2").text()).isEqualTo("Pwysig");
        // Every login page, Keycloak's own error pages too.
        Document error = new Citizen(sandpit).open(sandpit.realmUrl().resolve(Sandpit.REALM
                + "/protocol/openid-connect/auth?client_id=no-such-partner&response_type=code&scope=openid")).page();
        assertThat(error.selectFirst(BANNER)).isNotNull();
        JsonNode status = publicStatus();
        assertThat(status.path("message").path("en").asText()).startsWith("Planned work tonight");
        assertThat(status.path("message").path("severity").asText()).isEqualTo("warning");

        Document later = eventually(Duration.ofSeconds(25), () -> signInPage("en"),
                page -> page.selectFirst(BANNER) == null);
        assertThat(later.selectFirst(BANNER)).as("expired").isNull();
        assertThat(publicStatus().path("message").isNull()).isTrue();
    }

    @Test
    void theStatusEndpointIsPublicCacheableAndHoldsNothingPersonal() {
        HttpResponse<String> response = http.get(sandpit.realmUrl().resolve(Sandpit.REALM + "/service-status"));

        assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("max-age=10");
        JsonNode status = Json.parse(response.body());
        assertThat(status.path("realm").asText()).isEqualTo("nhs");
        // Each test starts from normal (startNormal), and this one signs nobody in.
        assertThat(status.path("state").asText()).isEqualTo("normal");
        assertThat(status.has("measured")).isFalse();
        List<String> fields = new ArrayList<>();
        status.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("realm", "state", "affected", "since", "message");
    }

    @Test
    void onlyRealmManagersMaySetTheMessageAndMalformedBodiesAreRefusedWithAReason() {
        String viewer = admin.createMasterUserWith("operator-password-1", "view-realm");
        String nobody = admin.createMasterUserWith("operator-password-1");
        operators.add(viewer);
        operators.add(nobody);
        AdminApi asViewer = new AdminApi(sandpit, viewer, "operator-password-1");
        AdminApi asNobody = new AdminApi(sandpit, nobody, "operator-password-1");
        String good = message("Planned work", "Gwaith", "info", Instant.now().plusSeconds(600));

        assertThat(asNobody.send("GET", "/nhs-service-status", "").statusCode()).isEqualTo(403);
        assertThat(asViewer.send("GET", "/nhs-service-status", "").statusCode()).isEqualTo(200);
        assertThat(putMessage(asViewer, good).statusCode()).isEqualTo(403);
        assertThat(asViewer.send("DELETE", "/nhs-service-status/message", "").statusCode()).isEqualTo(403);
        assertThat(asViewer.send("PUT", "/nhs-service-status/settings", "{\"capacity-per-minute\": 1}").statusCode())
                .isEqualTo(403);
        assertThat(http.get(sandpit.keycloakUrl().resolve("/admin/realms/nhs/nhs-service-status")).statusCode())
                .as("no token").isEqualTo(401);

        Map<String, String> bad = new HashMap<>();
        bad.put("not json", "not JSON");
        bad.put("{\"cy\":\"x\",\"severity\":\"info\",\"expires\":\"2099-01-01T00:00:00Z\"}", "en is required");
        bad.put(message("a", "b", "red", Instant.now().plusSeconds(60)), "severity must be info or warning");
        bad.put(message("a", "b", "info", Instant.now().minusSeconds(60)), "in the future");
        bad.put(message("a", "b", "info", Instant.now().plus(Duration.ofDays(30))), "within 7 days");
        bad.forEach((body, reason) -> {
            HttpResponse<String> refused = putMessage(admin, body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(Json.parse(refused.body()).path("error_description").asText()).as(body).contains(reason);
        });
        HttpResponse<String> badSetting = admin.send("PUT", "/nhs-service-status/settings", "{\"capacity\": 5}");
        assertThat(badSetting.statusCode()).isEqualTo(400);
        assertThat(Json.parse(badSetting.body()).path("error_description").asText()).contains("Unknown setting 'capacity'");
        assertThat(signInPage(null).selectFirst(BANNER)).as("nothing refused was shown").isNull();
    }

    /** The realm's admin events with resource type CUSTOM since {@code since}: this test's own, not an earlier one's. */
    private List<JsonNode> customAdminEventsSince(Instant since) {
        List<JsonNode> events = new ArrayList<>();
        Json.parse(admin.send("GET", "/admin-events?resourceTypes=CUSTOM&max=50", "").body()).forEach(event -> {
            if (event.path("time").asLong() >= since.toEpochMilli()) {
                events.add(event);
            }
        });
        return events;
    }

    @Test
    void settingTheMessageIsAnAdminEvent() {
        Instant start = Instant.now().minusSeconds(1);
        assertThat(putMessage(admin, message("Planned work", "Gwaith", "info", Instant.now().plusSeconds(600)))
                .statusCode()).isEqualTo(200);

        assertThat(customAdminEventsSince(start)).anySatisfy(event -> {
            assertThat(event.path("resourcePath").asText()).isEqualTo("nhs-service-status/message");
            assertThat(event.path("operationType").asText()).isEqualTo("UPDATE");
            assertThat(event.path("details").path("severity").asText()).isEqualTo("info");
        });
    }

    @Test
    void signInsOverTheCapacityTurnTheBannerOnAndCalmTrafficTurnsItOff() {
        Instant start = Instant.now().minusSeconds(1);
        assertThat(admin.send("PUT", "/nhs-service-status/settings",
                "{\"capacity-per-minute\": 3, \"window-seconds\": 30, \"calm-seconds\": 2}").statusCode())
                .isEqualTo(200);
        assertThat(eventually(Duration.ofSeconds(45), () -> publicStatus().path("state").asText(), "normal"::equals))
                .as("normal over the wider window before this test's sign-ins").isEqualTo("normal");

        // Two real sign-ins within 30 s: 4 a minute, over the capacity of 3.
        for (int i = 0; i < 2; i++) {
            String citizen = admin.createCitizen("busy", TestMobiles.next());
            citizens.add(citizen);
            Partner partner = Partner.healthInformation(sandpit);
            new Citizen(sandpit).signIn(partner.authorize("openid").uri(), citizen, AdminApi.TEST_PASSWORD).redirect();
        }

        Document busy = eventually(Duration.ofSeconds(10), () -> signInPage(null),
                page -> page.selectFirst(BANNER) != null);
        assertThat(busy.selectFirst(BANNER).attr("data-state")).isEqualTo("busy");
        assertThat(busy.selectFirst("#nhs-status-busy").text()).startsWith("NHS login is very busy");
        assertThat(publicStatus().path("state").asText()).isEqualTo("busy");
        JsonNode state = Json.parse(admin.send("GET", "/nhs-service-status", "").body());
        // Other traffic in the window (earlier tests' traces) may add to it: the sign-ins are there, and over capacity.
        assertThat(state.path("measured").path("signInsPerMinute").asDouble()).as(state.toString()).isPositive();
        assertThat(state.path("reasons").get(0).asText()).contains("against a capacity of 3");
        assertThat(customAdminEventsSince(start)).as("the alert").anySatisfy(alert -> {
            assertThat(alert.path("resourcePath").asText()).isEqualTo("nhs-service-status/state");
            assertThat(alert.path("details").path("state").asText()).isEqualTo("busy");
        });

        Document calm = eventually(Duration.ofSeconds(45), () -> signInPage(null),
                page -> page.selectFirst(BANNER) == null);
        assertThat(calm.selectFirst(BANNER)).as("calm for long enough").isNull();
        assertThat(publicStatus().path("state").asText()).isEqualTo("normal");
    }

    @Test
    void failingPdsDegradesTheUpliftWhichSaysSoFirstAndACitizenWhoComesBackFindsTheirDetails() {
        // Judged by error rate too, so the state outlasts the sandpit's 5 s open circuit while the test looks at it.
        assertThat(admin.send("PUT", "/nhs-service-status/settings", "{\"window-seconds\": 20, \"min-calls\": 2}")
                .statusCode()).isEqualTo(200);
        String citizen = admin.createCitizen("degraded", TestMobiles.next());
        citizens.add(citizen);
        Partner partner = Partner.vaccinationRecord(sandpit);
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing form = browser.signIn(partner.authorize("openid").uri(), citizen, AdminApi.TEST_PASSWORD);
        PdsFaults faults = new PdsFaults(sandpit.pds());
        faults.serverError();
        Map<String, String> ffion = Map.of("given-name", "Ffion", "family-name", "Jones", "dob-day", "1",
                "dob-month", "6", "dob-year", "1992", "postcode", "CF10 1AA");

        // Each trace is a call and one retry: three traces open the circuit (five failures).
        for (int i = 0; i < 3; i++) {
            form = browser.submit(form, "#nhs-uplift-form", ffion);
        }

        // The page again (a refresh): the sign-in is still on the uplift step.
        URI uplift = form.uri();
        Document degraded = eventually(Duration.ofSeconds(10), () -> browser.open(uplift).page(),
                page -> page.selectFirst(BANNER) != null);
        assertThat(degraded.selectFirst(BANNER).attr("data-state")).isEqualTo("degraded");
        assertThat(degraded.selectFirst("#nhs-status-uplift").text()).contains("problems checking details");
        assertThat(degraded.selectFirst("#nhs-notice")).as(degraded.body().html()).isNotNull();
        assertThat(degraded.selectFirst("#nhs-notice").text()).as("said before any details are typed")
                .contains("come back later");
        assertThat(degraded.selectFirst("input#family-name").val()).as("what they typed is kept").isEqualTo("Jones");
        JsonNode status = publicStatus();
        assertThat(status.path("state").asText()).isEqualTo("degraded");
        assertThat(status.path("affected").get(0).asText()).isEqualTo("uplift");
        assertThat(pdsCircuitInServerInfo()).isEqualTo("OPEN");
        String metrics = http.get(sandpit.managementUrl().resolve("/metrics")).body();
        assertThat(metrics).contains("nhs_dependency_circuit_state{dependency=\"pds\"} 2.0")
                .contains("nhs_dependency_calls_total{dependency=\"pds\",outcome=\"failed\"}")
                .contains("nhs_service_state{realm=\"nhs\"} 2.0")
                .contains("nhs_dependency_call_duration_seconds_bucket{dependency=\"pds\"")
                .contains("nhs_traffic_per_minute{journey=\"uplift\",realm=\"nhs\"}");

        // They choose to come back later: back to the partner, which is told they cancelled.
        Citizen.Landing page = browser.open(uplift);
        URI back = browser.submit(page, "#nhs-uplift-later-form", Map.of()).redirect();
        assertThat(Partner.query(back)).containsEntry("error", "access_denied");

        faults.clear();
        Document recovered = eventually(Duration.ofSeconds(45), this::signInPageOrNull,
                doc -> doc != null && doc.selectFirst(BANNER) == null);
        assertThat(recovered.selectFirst(BANNER)).as("the circuit's open time and the window have passed").isNull();
        Citizen returning = new Citizen(sandpit);
        Citizen.Landing returned = returning.signIn(partner.authorize("openid").uri(), citizen, AdminApi.TEST_PASSWORD);
        assertThat(returned.page().selectFirst("input#given-name").val()).as("a new sign-in finds what they typed")
                .isEqualTo("Ffion");
        assertThat(returned.page().selectFirst("#nhs-notice")).isNull();

        // Their trace is the half-open circuit's trial: it succeeds, and the circuit closes.
        Citizen.Landing traced = returning.submit(returned, "#nhs-uplift-form", Map.of());
        assertThat(traced.page().selectFirst("#nhs-amnv-offer-form")).as("P5, and on to AMNV").isNotNull();
        assertThat(eventually(Duration.ofSeconds(5), () -> Json.parse(admin.send("GET", "/nhs-service-status", "")
                .body()).path("measured").path("dependencies").get(0).path("circuit").asText(), "closed"::equals))
                .isEqualTo("closed");
        assertThat(pdsCircuitInServerInfo()).isEqualTo("CLOSED");
    }

    /** The circuit as the PDS client reports it in Keycloak's server info (the admin console's Provider info). */
    private String pdsCircuitInServerInfo() {
        return admin.serverInfo().path("providers").path("nhs-pds").path("providers").path("pds-fhir")
                .path("operationalInfo").path("circuit").asText();
    }

    private Document signInPageOrNull() {
        return signInPage(null);
    }
}
