package org.nhsloginkeycloak.it.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.microsoft.playwright.Page;
import java.io.InputStream;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.browser.Browser;
import org.nhsloginkeycloak.it.browser.GpMobilePage;
import org.nhsloginkeycloak.it.browser.PartnerCallback;
import org.nhsloginkeycloak.it.browser.SecurityCodePage;
import org.nhsloginkeycloak.it.browser.SignInPage;
import org.nhsloginkeycloak.it.browser.UpliftPage;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SmsInbox;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.PdsFaults;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * The bundle on the topology it is deployed on: PostgreSQL, two Keycloak nodes of one Infinispan cluster, HAProxy in
 * front (round robin, no stickiness). Steps are sent to a chosen node where it matters, so "the other node" is never
 * left to chance. Losing a node comes last: the tests before it need both.
 */
@Tag("cluster")
@ExtendWith(ClusterSandpitExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String UPLIFT_FORM = "#nhs-uplift-form";
    private static final String BANNER = "#nhs-status-banner";

    private Sandpit sandpit;
    private AdminApi admin;
    private SmsInbox inbox;
    private URI node1;
    private URI node2;
    private final List<String> citizens = new ArrayList<>();

    @BeforeEach
    void twoNodes(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
        inbox = new SmsInbox(sandpit);
        assertThat(sandpit.nodes()).hasSize(2);
        node1 = sandpit.nodes().get(0).url();
        node2 = sandpit.nodes().get(1).url();
    }

    @AfterEach
    void cleanUp() {
        citizens.forEach(admin::deleteUser);
    }

    private String citizen(String mobile) {
        String username = admin.createCitizen("cluster", mobile);
        citizens.add(username);
        return username;
    }

    private static Map<String, String> ffionJones() {
        return new HashMap<>(Map.of("given-name", "Ffion", "family-name", "Jones", "dob-day", "1", "dob-month", "6",
                "dob-year", "1992", "postcode", "cf10 1aa", "nhs-number", ""));
    }

    /** The login page, served by {@code node} itself. */
    private static Citizen.Landing loginPageFrom(Citizen browser, URI node, Partner.AuthorizationRequest request) {
        URI authorize = request.uri();
        return browser.open(URI.create("http://localhost:" + node.getPort() + authorize.getRawPath() + "?"
                + authorize.getRawQuery()));
    }

    /** A new citizen with {@code mobile}, signed in with the password through node 1: the code page. */
    private Citizen.Landing codePageThroughNode1(Citizen browser, String mobile) {
        return browser.submitTo(node1, loginPageFrom(browser, node1,
                Partner.vaccinationRecord(sandpit).authorize("openid")), "#kc-form-login", password(citizen(mobile)));
    }

    private static Map<String, String> password(String username) {
        return Map.of("username", username, "password", AdminApi.TEST_PASSWORD);
    }

    @Test
    @Order(1)
    void eachNodeSeesBothInOneClusterAndNamesTheSameIssuer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (Sandpit.Node node : sandpit.nodes()) {
            String metrics = http.send(HttpRequest.newBuilder(node.managementUrl().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics.lines().filter(line -> line.startsWith("vendor_cluster_size")))
                    .as("%s's own view of the cluster", node.name()).singleElement().asString().endsWith(" 2.0");
            String discovery = http.send(HttpRequest.newBuilder(node.url().resolve("/realms/nhs/.well-known/openid-configuration"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(Json.parse(discovery).path("issuer").asText()).as("%s's issuer", node.name())
                    .isEqualTo(sandpit.keycloakUrl() + "/realms/nhs");
        }
    }

    @Test
    @Order(2)
    void aSignInAndP5UpliftWithAmnvWhoseStepsAlternateBetweenNodesGivesThePartnerP5() {
        // Ffion's PDS record holds this number: AMNV matches without a code.
        String citizen = citizen("+447700900100");
        Partner partner = Partner.vaccinationRecord(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid profile phone");
        Citizen browser = new Citizen(sandpit);

        Citizen.Landing login = loginPageFrom(browser, node1, request);
        Citizen.Landing code = browser.submitTo(node2, login, "#kc-form-login", password(citizen));
        assertThat(code.page().selectFirst(Citizen.SMS_CODE_FORM)).as("node 2 knows node 1's sign-in").isNotNull();
        Citizen.Landing uplift = browser.submitTo(node1, code, Citizen.SMS_CODE_FORM,
                Map.of("code", inbox.latestCode("+447700900100")));
        assertThat(uplift.page().selectFirst(UPLIFT_FORM)).as("node 1 knows node 2's code check").isNotNull();
        URI back = browser.submitTo(node2, uplift, UPLIFT_FORM, ffionJones()).redirect();

        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P5.Cp.Cd");
        JsonNode userinfo = Json.parse(partner.userinfo(tokens.path("access_token").asText()).body());
        assertThat(userinfo.path("nhs_number").asText()).isEqualTo("9990001006");
        assertThat(userinfo.path("phone_number_pds_matched").asBoolean()).isTrue();
    }

    @Test
    @Order(3)
    void wrongCodesGuessedThroughBothNodesAddUpToOneLimit() {
        String mobile = TestMobiles.next();
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing page = codePageThroughNode1(browser, mobile);
        String right = inbox.latestCode(mobile);
        String wrong = right.equals("000000") ? "111111" : "000000";

        for (int attempt = 1; attempt <= 4; attempt++) {
            page = browser.submitTo(attempt % 2 == 0 ? node1 : node2, page, Citizen.SMS_CODE_FORM, Map.of("code", wrong));
            assertThat(page.page().text()).as("guess %d", attempt).contains("The security code is not correct");
        }
        page = browser.submitTo(node2, page, Citizen.SMS_CODE_FORM, Map.of("code", wrong));
        assertThat(page.page().text()).contains("wrong security code too many times");
        page = browser.submitTo(node1, page, Citizen.SMS_CODE_FORM, Map.of("code", right));
        assertThat(page.page().text()).as("the right code is dead on the other node too").contains("has expired");
    }

    @Test
    @Order(3)
    void guessesSentAtOnceThroughBothNodesStillGetOnlyFiveTries() throws Exception {
        String mobile = TestMobiles.next();
        Citizen browser = new Citizen(sandpit);
        Citizen.Landing codePage = codePageThroughNode1(browser, mobile);
        String right = inbox.latestCode(mobile);

        // Each node holds its own copy of the sign-in while the guesses land: only a limit kept for the cluster holds.
        List<Citizen.Landing> first = allAtOnce(10, i -> browser.submitTo(i % 2 == 0 ? node1 : node2, codePage,
                Citizen.SMS_CODE_FORM, Map.of("code", wrongCode(right, i))));
        List<Citizen.Landing> late = allAtOnce(10, i -> browser.submitTo(i % 2 == 0 ? node1 : node2, codePage,
                Citizen.SMS_CODE_FORM, Map.of("code", i % 2 == 0 ? right : wrongCode(right, 10 + i))));

        assertThat(late).as("no late guess gets through, the right one included").allMatch(Citizen.Landing::isPage);
        assertThat(java.util.stream.Stream.concat(first.stream(), late.stream())
                .filter(landing -> landing.page().text().contains("The security code is not correct")))
                .as("guesses told 'not correct' (the fifth is told 'too many')").hasSizeLessThanOrEqualTo(4);
    }

    private static String wrongCode(String right, int i) {
        return String.format("%06d", (Integer.parseInt(right) + 1 + i) % 1_000_000);
    }

    @Test
    @Order(4)
    void twoAccountsTracingOneRecordThroughTwoNodesAtOnceLinkItOnce() throws Exception {
        Partner partner = Partner.vaccinationRecord(sandpit);
        List<String> accounts = List.of(citizen(TestMobiles.next()), citizen(TestMobiles.next()));
        List<Citizen> browsers = List.of(new Citizen(sandpit), new Citizen(sandpit));
        List<Citizen.Landing> forms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            forms.add(browsers.get(i).signIn(partner.authorize("openid").uri(), accounts.get(i), AdminApi.TEST_PASSWORD));
            assertThat(forms.get(i).page().selectFirst(UPLIFT_FORM)).isNotNull();
        }

        allAtOnce(2, i -> browsers.get(i).submitTo(i == 0 ? node1 : node2, forms.get(i), UPLIFT_FORM, ffionJones()));

        assertThat(accounts.stream().map(account -> admin.attribute(account, "nhs_number")))
                .as("one NHS number, one account").containsOnlyOnce("9990001006");
    }

    @Test
    @Order(5)
    void theNodesTogetherStayWithinPdsAllowanceAndOneNodeMayUseAllOfIt() throws Exception {
        int perSecond = ClusterSandpitExtension.PDS_REQUESTS_PER_SECOND;
        Partner partner = Partner.vaccinationRecord(sandpit);
        List<Citizen> browsers = new ArrayList<>();
        List<Citizen.Landing> forms = new ArrayList<>();
        for (int i = 0; i < 4 * perSecond; i++) {
            Citizen browser = new Citizen(sandpit);
            browsers.add(browser);
            forms.add(browser.signIn(partner.authorize("openid").uri(), citizen(TestMobiles.next()),
                    AdminApi.TEST_PASSWORD));
        }
        Map<String, String> nobody = ffionJones();
        nobody.put("family-name", "Cluster-Burst");

        // Half the burst through each node, all at once: more than a second's allowance.
        allAtOnce(2 * perSecond, i -> browsers.get(i).submitTo(i % 2 == 0 ? node1 : node2, forms.get(i), UPLIFT_FORM,
                nobody));
        List<Long> burst = searchTimes("Cluster-Burst");
        assertThat(burst).as("some of the burst reached PDS").isNotEmpty();
        assertWithinAllowance(burst, perSecond);

        // Then node 1 alone, with node 2 idle, gets the whole allowance.
        Thread.sleep(1500);
        nobody.put("family-name", "Cluster-Alone");
        allAtOnce(perSecond, i -> browsers.get(2 * perSecond + i).submitTo(node1, forms.get(2 * perSecond + i),
                UPLIFT_FORM, nobody));
        assertThat(searchTimes("Cluster-Alone")).as("one node used the cluster's whole second").hasSize(perSecond);
    }

    /** Arrival times at the PDS stand-in, in order. */
    private List<Long> searchTimes(String family) {
        return sandpit.pds().server().findAll(getRequestedFor(urlPathEqualTo(Sandpit.PDS_FHIR_PATH + "/Patient"))
                .withQueryParam("family", equalToIgnoreCase(family))).stream()
                .map(LoggedRequest::getLoggedDate).map(java.util.Date::getTime).sorted().toList();
    }

    /**
     * No {@code perSecond + 1} calls within one second. A call's slot is taken before the request leaves Keycloak, so
     * arrival times may close up by the network's jitter: 100 ms is allowed for that.
     */
    private static void assertWithinAllowance(List<Long> arrivals, int perSecond) {
        for (int i = 0; i + perSecond < arrivals.size(); i++) {
            assertThat(arrivals.get(i + perSecond) - arrivals.get(i))
                    .as("calls %d to %d of %s", i + 1, i + perSecond + 1, arrivals).isGreaterThanOrEqualTo(900L);
        }
    }

    /** A sign-in page served by {@code node} itself. */
    private Document signInPageFrom(URI node) {
        return loginPageFrom(new Citizen(sandpit), node, Partner.healthInformation(sandpit).authorize("openid")).page();
    }

    private JsonNode statusFrom(URI node) {
        try {
            return Json.parse(HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.resolve("/realms/nhs/service-status"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static <T> T eventually(Duration within, Supplier<T> what, Predicate<T> until) throws InterruptedException {
        Instant end = Instant.now().plus(within);
        T value = what.get();
        while (!until.test(value) && Instant.now().isBefore(end)) {
            Thread.sleep(250);
            value = what.get();
        }
        return value;
    }

    @Test
    @Order(6)
    void theOperatorsMessageShowsOnTheNextPageOfEitherNode() throws Exception {
        String json = Json.object().put("en", "Planned work on the cluster tonight").put("cy", "Gwaith ar y clwstwr heno")
                .put("severity", "info").put("expires", Instant.now().plusSeconds(600).toString()).toString();
        try {
            assertThat(admin.send("PUT", "/nhs-service-status/message", json).statusCode()).isEqualTo(200);
            for (URI node : List.of(node1, node2)) {
                org.jsoup.nodes.Element banner = signInPageFrom(node).selectFirst(BANNER);
                assertThat(banner).as("the banner on %s", node).isNotNull();
                assertThat(banner.text()).contains("Planned work on the cluster tonight");
            }
        } finally {
            admin.send("DELETE", "/nhs-service-status/message", "");
        }
    }

    @Test
    @Order(7)
    void aPdsOutageSeenOnlyThroughNode1PutsTheBannerOnNode2AndAlertsTheClusterOnce() throws Exception {
        // Judged by error rate too, so the state outlasts the 5 s open circuit while the test looks at it.
        assertThat(admin.send("PUT", "/nhs-service-status/settings", "{\"window-seconds\": 20, \"min-calls\": 2}")
                .statusCode()).isEqualTo(200);
        Instant start = Instant.now().minusSeconds(1);
        PdsFaults faults = new PdsFaults(sandpit.pds());
        try {
            Citizen browser = new Citizen(sandpit);
            Citizen.Landing form = browser.signIn(Partner.vaccinationRecord(sandpit).authorize("openid").uri(),
                    citizen(TestMobiles.next()), AdminApi.TEST_PASSWORD);
            faults.serverError();
            // Each trace is a call and one retry; a second apart, within the cluster's 3 calls a second.
            for (int i = 0; i < 3; i++) {
                form = browser.submitTo(node1, form, UPLIFT_FORM, ffionJones());
                Thread.sleep(1100);
            }

            // Node 2 never called PDS: what it shows is what node 1 measured.
            JsonNode onNode2 = eventually(Duration.ofSeconds(10), () -> statusFrom(node2),
                    status -> status.path("state").asText().equals("degraded"));
            assertThat(onNode2.path("state").asText()).as("node 2's public status").isEqualTo("degraded");
            org.jsoup.nodes.Element banner = loginPageFrom(new Citizen(sandpit), node2,
                    Partner.vaccinationRecord(sandpit).authorize("openid")).page().selectFirst(BANNER);
            assertThat(banner).as("node 2's banner").isNotNull();
            assertThat(banner.attr("data-state")).isEqualTo("degraded");
            assertThat(statusFrom(node1).path("state").asText()).isEqualTo("degraded");

            // Both nodes have moved to degraded by now (each assesses every 2 s); one of them said so.
            Thread.sleep(4000);
            List<JsonNode> alerts = new ArrayList<>();
            Json.parse(admin.send("GET", "/admin-events?resourceTypes=CUSTOM&max=100", "").body()).forEach(event -> {
                if (event.path("time").asLong() >= start.toEpochMilli()
                        && event.path("resourcePath").asText().equals("nhs-service-status/state")
                        && event.path("details").path("state").asText().equals("degraded")) {
                    alerts.add(event);
                }
            });
            assertThat(alerts).as("one alert for the cluster, not one a node").hasSize(1);
        } finally {
            faults.clear();
            admin.send("DELETE", "/nhs-service-status/settings", "");
        }
    }

    /**
     * Keycloak caches realms, flows and client scopes on each node and drops a node's copy when another node's change
     * is committed; an upgrade that bypassed that would leave node 2 running the earlier flows until a restart.
     */
    @Test
    @Order(8)
    void anUpgradeAppliedThroughNode1IsWhatNode2ServesAtOnce() throws Exception {
        AdminApi onNode1 = admin.through(node1);
        AdminApi onNode2 = admin.through(node2);
        ObjectNode earlier;
        try (InputStream in = ClusterIT.class.getResourceAsStream("/upgrade/nhs-realm-3045dfb.json")) {
            earlier = (ObjectNode) Json.MAPPER.readTree(in);
        }
        String realm = "cluster-upgrade-" + UUID.randomUUID().toString().substring(0, 6);
        earlier.put("realm", realm);
        HttpResponse<String> created = onNode1.sendAdmin("POST", "/realms", earlier.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        try {
            String upgrade = "/realms/" + realm + "/nhs-realm-upgrade";
            String forms = "/realms/" + realm + "/authentication/flows/nhs%20browser%20forms/executions";
            // Node 2 reads the realm before the upgrade, so it holds the earlier flows in its cache.
            assertThat(Json.parse(onNode2.sendAdmin("GET", upgrade, "").body()).path("changes"))
                    .as("node 2's dry run before the upgrade").isNotEmpty();
            assertThat(providers(onNode2.sendAdmin("GET", forms, ""))).doesNotContain("nhs-email-code");

            HttpResponse<String> applied = onNode1.sendAdmin("POST", upgrade, "");
            assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);

            assertThat(Json.parse(onNode2.sendAdmin("GET", upgrade, "").body()).path("changes"))
                    .as("node 2's dry run right after node 1's upgrade").isEmpty();
            assertThat(providers(onNode2.sendAdmin("GET", forms, ""))).as("node 2's browser forms")
                    .contains("nhs-email-code");
        } finally {
            onNode1.sendAdmin("DELETE", "/realms/" + realm, "");
        }
    }

    private static List<String> providers(HttpResponse<String> executions) {
        assertThat(executions.statusCode()).as(executions.body()).isEqualTo(200);
        List<String> providers = new ArrayList<>();
        Json.parse(executions.body()).forEach(execution -> providers.add(execution.path("providerId").asText()));
        return providers;
    }

    /**
     * Two administrators start two campaigns over the same citizens at the same moment, one through each node: the
     * realm's campaign rows are locked in PostgreSQL while a start is decided, so exactly one runs.
     */
    @Test
    @Order(10)
    void twoCampaignsOverTheSameCitizensStartedThroughBothNodesAtOnceRunOneOfThem() throws Exception {
        List<AdminApi> admins = List.of(admin.through(node1), admin.through(node2));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> created = admin.send("POST", "/nhs-campaigns", "{\"name\": \"Cluster " + i + " "
                    + UUID.randomUUID() + "\", \"templates\": {\"en\": \"" + UUID.randomUUID() + "\", \"cy\": \""
                    + UUID.randomUUID() + "\"}, \"per-minute\": 1}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            ids.add(Json.parse(created.body()).path("id").asText());
        }
        try {
            List<Integer> statuses = allAtOnce(2, i -> admins.get(i).send("POST", "/nhs-campaigns/" + ids.get(i)
                    + "/start", "").statusCode());
            assertThat(statuses).containsExactlyInAnyOrder(202, 409);
            List<String> states = new ArrayList<>();
            for (String id : ids) {
                states.add(Json.parse(admin.send("GET", "/nhs-campaigns/" + id, "").body()).path("state").asText());
            }
            assertThat(states).as("the refused one is still a draft").containsExactlyInAnyOrder("running", "draft");
        } finally {
            for (String id : ids) {
                admin.send("POST", "/nhs-campaigns/" + id + "/cancel", "");
                admin.send("DELETE", "/nhs-campaigns/" + id, "");
            }
        }
    }

    /** The campaign runner's id on each node, from the line each writes to its log as it starts. */
    private Map<String, Sandpit.Node> runners() throws java.io.IOException {
        Map<String, Sandpit.Node> runners = new HashMap<>();
        java.util.regex.Pattern started = java.util.regex.Pattern.compile("Campaign runner ([0-9a-f]{8}) started");
        for (Sandpit.Node node : sandpit.nodes()) {
            java.util.regex.Matcher line = started.matcher(java.nio.file.Files.readString(node.log()));
            while (line.find()) {
                runners.put(line.group(1), node);
            }
        }
        return runners;
    }

    /** The runner and turn that sent an email to Notify, from its User-Agent: {@code 3f2a9c1d-17}. */
    private static String turnOf(com.github.tomakehurst.wiremock.stubbing.ServeEvent email) {
        String agent = email.getRequest().getHeader("User-Agent");
        return agent.substring(agent.lastIndexOf('/') + 1);
    }

    /**
     * The done-when's crash: the node sending a campaign is SIGKILLed with sends in flight (Notify takes 300 ms to
     * answer each), some of them already accepted by Notify but not yet marked sent. The other node takes the lease,
     * asks Notify by reference about what the dead node left sending, and finishes the campaign: every citizen emailed
     * exactly once, and at no moment two nodes sending. The killed node is then started again.
     */
    @Test
    @Order(11)
    void aCampaignEmailsEachCitizenExactlyOnceThoughItsSendingNodeIsKilledMidSend() throws Exception {
        String en = UUID.randomUUID().toString();
        String cy = UUID.randomUUID().toString();
        com.github.tomakehurst.wiremock.WireMockServer notify = sandpit.govukNotify().server();
        List<com.github.tomakehurst.wiremock.stubbing.StubMapping> slow = new ArrayList<>();
        for (String template : List.of(en, cy)) {
            slow.add(notify.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                            urlPathEqualTo("/v2/notifications/email"))
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.template_id",
                            com.github.tomakehurst.wiremock.client.WireMock.equalTo(template)))
                    .atPriority(1)
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(201)
                            .withHeader("Content-Type", "application/json").withFixedDelay(300)
                            .withTransformers("response-template")
                            .withBody("{\"id\": \"{{randomValue type='UUID'}}\","
                                    + " \"reference\": \"{{jsonPath request.body '$.reference'}}\","
                                    + " \"template\": {\"id\": \"" + template + "\", \"version\": 1}}"))));
        }
        Map<String, String> mine = admin.importCitizens("crash-" + UUID.randomUUID().toString().substring(0, 6), 200, 4);
        String id = null;
        Sandpit.Node killed = null;
        // A draft over everyone, counted before and after: the frequency cap (the cluster keeps the default 30 days)
        // takes everyone this campaign emails out of any other for now.
        HttpResponse<String> probe = admin.send("POST", "/nhs-campaigns", "{\"name\": \"Cap probe " + UUID.randomUUID()
                + "\", \"templates\": {\"en\": \"" + UUID.randomUUID() + "\", \"cy\": \"" + UUID.randomUUID() + "\"}}");
        assertThat(probe.statusCode()).as(probe.body()).isEqualTo(201);
        String probeId = Json.parse(probe.body()).path("id").asText();
        java.util.function.LongSupplier eligible = () -> Json.parse(admin.send("GET", "/nhs-campaigns/" + probeId
                + "/audience", "").body()).path("eligible").asLong();
        long eligibleBefore = eligible.getAsLong();
        try {
            HttpResponse<String> created = admin.send("POST", "/nhs-campaigns", "{\"name\": \"Crash "
                    + UUID.randomUUID() + "\", \"templates\": {\"en\": \"" + en + "\", \"cy\": \"" + cy + "\"},"
                    + " \"per-minute\": 1200}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = Json.parse(created.body()).path("id").asText();
            long recipients = admin.startCampaign(id).path("recipients").asLong();

            Supplier<List<com.github.tomakehurst.wiremock.stubbing.ServeEvent>> emails = () -> notify.getAllServeEvents()
                    .stream().filter(event -> event.getRequest().getUrl().startsWith("/v2/notifications/email")
                            && event.getResponse() != null && event.getResponse().getStatus() == 201
                            && List.of(en, cy).contains(Json.parse(event.getRequest().getBodyAsString())
                                    .path("template_id").asText()))
                    .sorted(java.util.Comparator.comparing(event -> event.getRequest().getLoggedDate())).toList();
            assertThat(eventually(Duration.ofSeconds(30), emails, sent -> sent.size() >= 60)).hasSizeGreaterThan(59);
            List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> before = emails.get();
            String sender = turnOf(before.get(before.size() - 1)).split("-")[0];
            killed = runners().get(sender);
            assertThat(killed).as("the node whose runner is " + sender).isNotNull();
            killed.kill();
            long acceptedByTheDead = emails.get().size();
            Sandpit.Node survivor = sandpit.nodes().stream().filter(Sandpit.Node::isAlive).findFirst().orElseThrow();
            AdminApi survivorAdmin = admin.through(survivor.url());
            String campaign = id;

            JsonNode finished = eventually(Duration.ofSeconds(120), () -> Json.parse(survivorAdmin.send("GET",
                    "/nhs-campaigns/" + campaign, "").body()), now -> now.path("state").asText().equals("finished"));
            assertThat(finished.path("state").asText()).as(finished.toString()).isEqualTo("finished");
            JsonNode progress = finished.path("progress");
            assertThat(progress.path("queued").asLong() + progress.path("sending").asLong()).isZero();
            List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> all = emails.get();
            Map<String, Long> perAddress = new HashMap<>();
            all.forEach(event -> perAddress.merge(Json.parse(event.getRequest().getBodyAsString()).path("email_address")
                    .asText(), 1L, Long::sum));
            assertThat(perAddress.entrySet()).as("no duplicate").allMatch(each -> each.getValue() == 1);
            assertThat(perAddress.keySet()).as("no gap").containsAll(mine.keySet());
            assertThat((long) all.size()).isEqualTo(progress.path("sent").asLong()).isEqualTo(recipients
                    - progress.path("failed").asLong() - progress.path("skipped").path("uplifted").asLong()
                    - progress.path("skipped").path("deleted").asLong()
                    - progress.path("skipped").path("unreachable").asLong());
            assertThat(acceptedByTheDead).as("Notify had some before the kill, the survivor sent the rest")
                    .isBetween(60L, (long) all.size() - 1);
            assertThat(eligibleBefore - eligible.getAsLong()).as("everyone emailed is held back by the cap")
                    .isEqualTo(all.size());

            String survivorRunner = runners().entrySet().stream().filter(each -> each.getValue().name()
                    .equals(survivor.name())).map(Map.Entry::getKey).findFirst().orElseThrow();
            assertThat(all.stream().map(event -> turnOf(event).split("-")[0]).distinct().toList())
                    .as("the survivor took over").contains(survivorRunner);
            // Each turn's first and last email, in order: no turn starts before the one before it has ended.
            Map<String, Instant[]> turns = new java.util.LinkedHashMap<>();
            for (com.github.tomakehurst.wiremock.stubbing.ServeEvent event : all) {
                Instant at = event.getRequest().getLoggedDate().toInstant();
                turns.computeIfAbsent(turnOf(event), turn -> new Instant[] {at, at})[1] = at;
            }
            Instant lastEnd = Instant.MIN;
            for (Map.Entry<String, Instant[]> turn : turns.entrySet()) {
                assertThat(turn.getValue()[0]).as("turn " + turn.getKey() + " began after the last one ended")
                        .isAfterOrEqualTo(lastEnd);
                lastEnd = turn.getValue()[1];
            }
            // The dead node's sends in doubt were looked up by reference before anything else was sent to them.
            assertThat(notify.findAll(getRequestedFor(urlPathEqualTo("/v2/notifications"))
                    .withHeader("User-Agent", com.github.tomakehurst.wiremock.client.WireMock.containing(survivorRunner))))
                    .as("the survivor asked Notify by reference").isNotEmpty();
        } finally {
            admin.send("DELETE", "/nhs-campaigns/" + probeId, "");
            slow.forEach(notify::removeStub);
            if (id != null) {
                admin.send("POST", "/nhs-campaigns/" + id + "/cancel", "");
            }
            mine.values().forEach(user -> admin.send("DELETE", "/users/" + user, ""));
            if (killed != null && !killed.isAlive()) {
                killed.restart();
            }
        }
        assertThat(sandpit.nodes()).allMatch(Sandpit.Node::isAlive);
    }

    /**
     * The campaign's done-when on PostgreSQL: a campaign an administrator starts through the load balancer emails a
     * new P0 citizen, whose link leads through the password, the SMS code and the uplift (AMNV matching Ffion's GP
     * record) to P5 and the services page, and the funnel counts each step; then they unsubscribe.
     */
    @Test
    @Order(12)
    void aP0CitizenFollowsTheCampaignEmailToP5AndTheFunnelShowsEachStep() throws Exception {
        String citizen = citizen("+447700900100");
        String en = UUID.randomUUID().toString();
        HttpResponse<String> created = admin.send("POST", "/nhs-campaigns", "{\"name\": \"Link " + UUID.randomUUID()
                + "\", \"templates\": {\"en\": \"" + en + "\", \"cy\": \"" + UUID.randomUUID() + "\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.parse(created.body()).path("id").asText();
        try {
            assertThat(admin.startCampaign(id).path("recipients").asLong()).isPositive();
            Supplier<JsonNode> email = () -> sandpit.govukNotify().server().getAllServeEvents().stream()
                    .filter(event -> event.getRequest().getUrl().startsWith("/v2/notifications/email"))
                    .map(event -> Json.parse(event.getRequest().getBodyAsString()))
                    .filter(body -> body.path("email_address").asText().equals(citizen)
                            && body.path("template_id").asText().equals(en))
                    .findFirst().orElse(null);
            JsonNode sent = eventually(Duration.ofSeconds(60), email, java.util.Objects::nonNull);
            assertThat(sent).as("the citizen's campaign email").isNotNull();

            Citizen browser = new Citizen(sandpit);
            Citizen.Landing login = browser.open(URI.create(sent.path("personalisation").path("link").asText()));
            assertThat(login.page().selectFirst("#kc-form-login")).as("the link signs nobody in").isNotNull();
            Citizen.Landing code = browser.submit(login, "#kc-form-login", password(citizen));
            Citizen.Landing uplift = browser.enterSmsCode(code, inbox.latestCode("+447700900100"));
            assertThat(uplift.page().selectFirst(UPLIFT_FORM)).as("straight on to the uplift").isNotNull();
            Citizen.Landing services = browser.submit(uplift, UPLIFT_FORM, ffionJones());
            assertThat(services.uri().getPath()).isEqualTo("/realms/" + Sandpit.REALM + "/nhs-campaign/services");
            assertThat(services.page().selectFirst("#nhs-campaign-proved")).as(services.page().text()).isNotNull();
            assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P5");

            HttpResponse<String> funnel = admin.send("GET", "/nhs-campaigns/" + id + "/funnel", "");
            assertThat(funnel.statusCode()).as(funnel.body()).isEqualTo(200);
            JsonNode steps = Json.parse(funnel.body()).path("funnel");
            assertThat(steps.path("emailed").asLong()).isPositive();
            for (String step : List.of("clicked", "signed-in", "uplift-started", "reached-p5")) {
                assertThat(steps.path(step).asLong()).as(step).isEqualTo(1);
            }

            // Unsubscribing afterwards, as a mail client's one click does it, twice: the citizen's contact row is
            // there from the email, and PostgreSQL's upsert keeps the first opt-out.
            URI unsubscribe = URI.create(sent.path("one_click_unsubscribe_url").asText());
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> oneClick = HttpClient.newHttpClient().send(HttpRequest.newBuilder(unsubscribe)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(oneClick.statusCode()).as(oneClick.body()).isEqualTo(200);
            }
            JsonNode after = Json.parse(admin.send("GET", "/nhs-campaigns/" + id + "/funnel", "").body());
            assertThat(after.path("unsubscribed").asLong()).isEqualTo(1);
        } finally {
            admin.send("POST", "/nhs-campaigns/" + id + "/cancel", "");
        }
    }

    /** Requests for realm pages and resources {@code node} has answered since it started, from its own metrics. */
    private static long realmRequests(Sandpit.Node node) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.managementUrl().resolve("/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count{")
                        && (line.contains("uri=\"/realms/") || line.contains("uri=\"/resources/")))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** The first half of the done-when: Chromium through the load balancer, as a newcomer's browser would go. */
    @Test
    @Order(9)
    void aCitizenSignsInAndUpliftsInChromiumWhileBothNodesServeThePages() throws Exception {
        String citizen = citizen(TestMobiles.next());
        String mobile = admin.attribute(citizen, "phone_number");
        long[] before = {realmRequests(sandpit.nodes().get(0)), realmRequests(sandpit.nodes().get(1))};
        try (Browser chromium = new Browser(); PartnerCallback callback = new PartnerCallback()) {
            admin.redirectUri(Partner.VACCINATION_RECORD, callback.uri().toString(), true);
            try {
                Partner partner = partnerReturningTo(callback);
                Partner.AuthorizationRequest request = partner.authorize("openid profile");
                Page page = chromium.newPage();
                page.navigate(request.uri().toString());
                new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);
                new SecurityCodePage(page).enter(inbox.latestCode(mobile));
                new UpliftPage(page).enter(ffionJonesTyped());
                new GpMobilePage(page).choose(1);

                assertThat(page.url()).startsWith(callback.uri().toString());
                JsonNode tokens = Json.parse(partner.redeem(partner.code(request, URI.create(page.url())),
                        request.codeVerifier()).body());
                assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P5.Cp.Cd");
            } finally {
                admin.redirectUri(Partner.VACCINATION_RECORD, callback.uri().toString(), false);
            }
        }
        for (int i = 0; i < 2; i++) {
            assertThat(realmRequests(sandpit.nodes().get(i)) - before[i])
                    .as("pages and resources of the journey node %d served", i + 1).isGreaterThanOrEqualTo(3);
        }
    }

    private Partner partnerReturningTo(PartnerCallback callback) {
        return new Partner(sandpit, Partner.VACCINATION_RECORD, callback.uri().toString(),
                Partner.privateKey(sandpit.clientPrivateKeyPem(Partner.VACCINATION_RECORD)));
    }

    /** Ffion Jones as a citizen types her into the uplift page (the HTTP tests post the form's raw fields). */
    private static Map<String, String> ffionJonesTyped() {
        return Map.of("given-name", "Ffion", "family-name", "Jones", "dob-day", "1", "dob-month", "6",
                "dob-year", "1992", "postcode", "CF10 1AA");
    }

    /**
     * The second half of the done-when, in Chromium: the login page comes from the cluster's coordinator (node 1,
     * unless the campaign crash test restarted it), that node is killed (SIGKILL), and the same browser finishes the
     * password, the SMS code and the P5 uplift with AMNV through the load balancer, which has only the other node
     * left. Having lost the coordinator, that node reports itself not ready for up to a minute (Keycloak's split-brain
     * check, until the dead node's row in the database goes stale): the journey runs in that window, served because the
     * load balancer falls back to live nodes when none is ready.
     */
    @Test
    @Order(100)
    void aJourneyCarriesOnThroughTheOtherNodeWhenTheNodeThatServedThePasswordPageDies() throws Exception {
        String citizen = citizen(TestMobiles.next());
        String mobile = admin.attribute(citizen, "phone_number");
        try (Browser chromium = new Browser(); PartnerCallback callback = new PartnerCallback()) {
            admin.redirectUri(Partner.VACCINATION_RECORD, callback.uri().toString(), true);
            Partner partner = partnerReturningTo(callback);
            Partner.AuthorizationRequest request = partner.authorize("openid profile");
            URI authorize = request.uri();
            Page page = chromium.newPage();
            Sandpit.Node doomed = coordinator();
            Sandpit.Node survivor = sandpit.nodes().stream().filter(node -> !node.name().equals(doomed.name()))
                    .findFirst().orElseThrow();
            page.navigate("http://localhost:" + doomed.url().getPort() + authorize.getRawPath() + "?"
                    + authorize.getRawQuery());
            assertThat(page.locator("#kc-form-login").count()).as(doomed.name() + "'s password page").isEqualTo(1);

            doomed.kill();

            new SignInPage(page).signIn(citizen, AdminApi.TEST_PASSWORD);
            URI node2Ready = survivor.managementUrl().resolve("/health/ready");
            assertThat(eventually(Duration.ofSeconds(20), () -> status(node2Ready), status -> status != 200))
                    .as(survivor.name() + "'s readiness once it has lost the coordinator").isEqualTo(503);
            new SecurityCodePage(page).enter(inbox.latestCode(mobile));
            new UpliftPage(page).enter(ffionJonesTyped());
            new GpMobilePage(page).choose(1);

            assertThat(page.url()).startsWith(callback.uri().toString());
            assertThat(status(node2Ready)).as("the code, the trace and the AMNV choice all came while the survivor was"
                    + " not ready").isEqualTo(503);
            JsonNode tokens = Json.parse(partner.redeem(partner.code(request, URI.create(page.url())),
                    request.codeVerifier()).body());
            assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P5.Cp.Cd");
            assertThat(doomed.isAlive()).isFalse();
            admin.redirectUri(Partner.VACCINATION_RECORD, callback.uri().toString(), false);
        }
    }

    /** The cluster's coordinator: the first member of the latest view either node logged. */
    private Sandpit.Node coordinator() throws java.io.IOException {
        java.util.regex.Pattern view = java.util.regex.Pattern.compile(
                "(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d+) .*ISPN000094: Received new cluster view for channel ISPN: \\[(node\\d)");
        String latest = "";
        String coordinator = null;
        for (Sandpit.Node node : sandpit.nodes()) {
            java.util.regex.Matcher line = view.matcher(java.nio.file.Files.readString(node.log()));
            while (line.find()) {
                if (line.group(1).compareTo(latest) >= 0) {
                    latest = line.group(1);
                    coordinator = line.group(2);
                }
            }
        }
        String name = coordinator;
        return sandpit.nodes().stream().filter(node -> node.name().equals(name)).findFirst().orElseThrow();
    }

    private static int status(URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static <T> List<T> allAtOnce(int count, IntFunction<T> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(count);
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return request.apply(index);
            }, threads));
        }
        start.countDown();
        try {
            List<T> results = new ArrayList<>();
            for (CompletableFuture<T> future : futures) {
                results.add(future.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
