package org.nhsloginkeycloak.connectors.pds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.connectors.health.CircuitBreaker;
import org.nhsloginkeycloak.connectors.support.MapScope;

/** The PDS client over real HTTP against WireMock answering as PDS does: matches, errors, faults, limits. */
class PdsFhirClientTest {

    private static final String PATIENT = """
            {"resourceType":"Patient","id":"9990000026","meta":{"versionId":"4","security":[{"code":"U"}]},
             "name":[{"use":"usual","given":["Mary Ellen","Rose"],"family":"HOLLOWAY"}],
             "birthDate":"1979-02-14",
             "telecom":[{"system":"phone","use":"mobile","value":"07700900123"},
                        {"system":"email","value":"mary@example.org"}],
             "generalPractitioner":[{"identifier":{"value":"Y12345"}}]}""";
    private static final String ONE_MATCH = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":1,"
            + "\"entry\":[{\"fullUrl\":\"x\",\"search\":{\"score\":1},\"resource\":" + PATIENT + "}]}";
    private static final String NO_MATCH = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}";
    private static final String TOO_MANY = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"information\","
            + "\"code\":\"multiple-matches\",\"details\":{\"coding\":[{\"code\":\"TOO_MANY_MATCHES\"}]}}]}";
    private static final String INVALID_SEARCH_DATA = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
            + "\"error\",\"code\":\"value\",\"details\":{\"coding\":[{\"code\":\"INVALID_SEARCH_DATA\"}]}}]}";
    private static final PdsSearch MARY = new PdsSearch("Mary Ellen", "Holloway", LocalDate.of(1979, 2, 14), "LS1 4AP",
            PdsSearch.Match.NON_FUZZY);

    private WireMockServer pds;
    private PdsFhirClientFactory factory;

    @BeforeEach
    void startPds() {
        pds = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        pds.start();
    }

    @AfterEach
    void stopPds() {
        pds.stop();
    }

    private PdsClient client(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("base-url", pds.baseUrl() + "/personal-demographics/FHIR/R4/",
                "access-token", "token-123", "timeout-seconds", "1", "requests-per-second", "100"));
        config.putAll(extra);
        factory = new PdsFhirClientFactory();
        factory.init(new MapScope(config));
        return factory.create(new org.nhsloginkeycloak.connectors.support.MemorySingleUseObjects(java.time.Clock.systemUTC()));
    }

    private PdsClient client() {
        return client(Map.of());
    }

    private void readAnswers(String nhsNumber, String body) {
        pds.stubFor(get(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient/" + nhsNumber))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json")
                        .withBody(body)));
    }

    private void searchAnswers(int status, String body) {
        pds.stubFor(get(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/fhir+json")
                        .withBody(body)));
    }

    @Test
    void aUniqueMatchIsTheRecordWithFirstNameMiddleNamesPhonesAndGp() {
        searchAnswers(200, ONE_MATCH);

        PdsAnswer answer = client().search(MARY);

        PdsPatient mary = ((PdsAnswer.Found) answer).patient();
        assertThat(mary.nhsNumber()).isEqualTo("9990000026");
        assertThat(mary.givenName()).isEqualTo("Mary Ellen");
        assertThat(mary.middleNames()).isEqualTo("Rose");
        assertThat(mary.familyName()).isEqualTo("HOLLOWAY");
        assertThat(mary.birthDate()).isEqualTo(LocalDate.of(1979, 2, 14));
        assertThat(mary.phones()).containsExactly(new PdsPhone("07700900123", "mobile", null));
        assertThat(mary.gpOdsCode()).isEqualTo("Y12345");
        assertThat(mary.version()).isEqualTo("4");
        assertThat(mary.restricted()).isFalse();
        assertThat(mary.toString()).doesNotContain("9990000026", "Mary", "HOLLOWAY", "07700900123");
    }

    @Test
    void theSearchAsksForOneNonFuzzyMatchWithHistoryAndCarriesTheHeadersPdsRequires() {
        searchAnswers(200, NO_MATCH);

        client().search(MARY);

        LoggedRequest request = pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient")))
                .get(0);
        assertThat(request.queryParameter("family").firstValue()).isEqualTo("Holloway");
        assertThat(request.queryParameter("given").firstValue()).isEqualTo("Mary Ellen");
        assertThat(request.queryParameter("birthdate").firstValue()).isEqualTo("eq1979-02-14");
        assertThat(request.queryParameter("address-postalcode").firstValue()).isEqualTo("LS1 4AP");
        assertThat(request.queryParameter("_history").firstValue()).isEqualTo("true");
        assertThat(request.queryParameter("_max-results").firstValue()).isEqualTo("1");
        assertThat(request.getHeader("X-Request-ID")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer token-123");
    }

    @Test
    void noMatchAndTooManyMatchesAreToldApart() {
        searchAnswers(200, NO_MATCH);
        assertThat(client().search(MARY)).isInstanceOf(PdsAnswer.NotFound.class);

        searchAnswers(200, TOO_MANY);
        assertThat(client().search(MARY)).isInstanceOf(PdsAnswer.TooManyMatches.class);
    }

    @Test
    void aServerErrorIsTriedOnceMoreWithTheSameRequestId() {
        pds.stubFor(get(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient")).inScenario("blip")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        pds.stubFor(get(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient")).inScenario("blip")
                .whenScenarioStateIs("up").willReturn(aResponse().withStatus(200).withBody(ONE_MATCH)));

        PdsAnswer answer = client().search(MARY);

        assertThat(answer).isInstanceOf(PdsAnswer.Found.class);
        List<LoggedRequest> requests = pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient")));
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).getHeader("X-Request-ID")).isEqualTo(requests.get(0).getHeader("X-Request-ID"));
    }

    @Test
    void aTimeoutOrADroppedConnectionIsUnavailableAfterOneRetry() {
        pds.stubFor(get(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient"))
                .willReturn(aResponse().withStatus(200).withBody(ONE_MATCH).withFixedDelay(2000)));
        assertThat(client().search(MARY)).isEqualTo(new PdsAnswer.Unavailable(PdsAnswer.Why.TIMEOUT));
        assertThat(pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient")))).hasSize(2);

        pds.resetAll();
        pds.stubFor(get(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(client().search(MARY)).isEqualTo(new PdsAnswer.Unavailable(PdsAnswer.Why.TIMEOUT));
    }

    @Test
    void aStatedPauseIsPassedOnAndNotWaitedOut() {
        pds.stubFor(get(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));
        assertThat(client().search(MARY))
                .isEqualTo(new PdsAnswer.Unavailable(PdsAnswer.Why.SERVER_ERROR, java.util.Optional.of(Duration.ofSeconds(120))));
        assertThat(pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient")))).hasSize(1);

        pds.resetAll();
        pds.stubFor(get(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        assertThat(((PdsAnswer.Unavailable) client().search(MARY)).why()).isEqualTo(PdsAnswer.Why.RATE_LIMITED);
    }

    @Test
    void refusalsOfOurRequestOrCredentialsAreNotRetried() {
        searchAnswers(400, INVALID_SEARCH_DATA);
        assertThat(client().search(MARY)).isEqualTo(new PdsAnswer.Unusable(PdsAnswer.Why.BAD_REQUEST));

        searchAnswers(401, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"details\":{\"coding\":[{\"code\":\"ACCESS_DENIED\"}]}}]}");
        assertThat(((PdsAnswer.Unavailable) client().search(MARY)).why()).isEqualTo(PdsAnswer.Why.NOT_AUTHORISED);
        assertThat(pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient")))).hasSize(2);
    }

    @Test
    void anAnswerWeCannotReadIsUnusableNeverAMatchAndNotAskedAgain() {
        String[] unreadable = {
            "{\"resourceType\":\"Bundle\",\"total\":1,\"entry\":[{\"resource\":",
            "<html>Service</html>",
            "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"details\":{\"coding\":[{\"code\":\"SOMETHING_ELSE\"}]}}]}",
            ONE_MATCH.replace("9990000026", "9990000027"),
            ONE_MATCH.replace("1979-02-14", "14/02/1979"),
            "[]",
        };
        PdsClient client = client();
        for (String body : unreadable) {
            pds.resetAll();
            searchAnswers(200, body);

            assertThat(client.search(MARY)).as(body).isEqualTo(new PdsAnswer.Unusable(PdsAnswer.Why.UNREADABLE));
            assertThat(pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient"))))
                    .as("asked once: " + body).hasSize(1);
        }
    }

    @Test
    void whateverACitizensDetailsDrawNeitherOpensTheCircuitNorCountsAsPdsFailing() {
        PdsClient client = client(Map.of("circuit-failures", "3", "circuit-open-seconds", "60"));
        searchAnswers(400, INVALID_SEARCH_DATA);
        for (int i = 0; i < 5; i++) {
            client.search(MARY);
        }
        searchAnswers(200, "{\"resourceType\":\"Bundle\",\"total\":1,\"entry\":[{\"resource\":");
        for (int i = 0; i < 5; i++) {
            client.search(MARY);
        }

        assertThat(client.health(Duration.ofMinutes(1)).circuit()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(client.health(Duration.ofMinutes(1)).errorRate()).isZero();
        assertThat(pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient")))).hasSize(10);
        searchAnswers(200, ONE_MATCH);
        assertThat(client.search(MARY)).as("the next citizen is traced").isInstanceOf(PdsAnswer.Found.class);
    }

    @Test
    void aDeceasedPatientIsDeceasedWhicheverWayPdsWritesIt() {
        PdsClient client = client();
        readAnswers("9990000026", PATIENT.replace("\"birthDate\"", "\"deceasedBoolean\":true,\"birthDate\""));
        readAnswers("9990000018", PATIENT.replace("9990000026", "9990000018")
                .replace("\"birthDate\"", "\"deceasedDateTime\":\"2024-01-10T10:00:00+00:00\",\"birthDate\""));
        readAnswers("9990000034", PATIENT.replace("9990000026", "9990000034")
                .replace("\"birthDate\"", "\"deceasedBoolean\":false,\"birthDate\""));

        assertThat(((PdsAnswer.Found) client.read("9990000026")).patient().deceased()).as("deceasedBoolean true").isTrue();
        assertThat(((PdsAnswer.Found) client.read("9990000018")).patient().deceased()).as("deceasedDateTime").isTrue();
        assertThat(((PdsAnswer.Found) client.read("9990000034")).patient().deceased()).as("deceasedBoolean false")
                .isFalse();
        readAnswers("9990000034", PATIENT.replace("9990000026", "9990000034"));
        assertThat(((PdsAnswer.Found) client.read("9990000034")).patient().deceased()).as("neither").isFalse();
    }

    @Test
    void onlyAnUnrestrictedRecordReleasesItsTelecomAndGp() {
        PdsClient client = client();
        for (String marking : new String[] {"\"R\"", "\"V\"", "\"X-UNKNOWN\""}) {
            readAnswers("9990000026", PATIENT.replace("\"U\"", marking));

            PdsPatient patient = ((PdsAnswer.Found) client.read("9990000026")).patient();

            assertThat(patient.restricted()).as(marking).isTrue();
            assertThat(patient.phones()).as(marking).isEmpty();
            assertThat(patient.gpOdsCode()).as(marking).isNull();
        }
        readAnswers("9990000026", PATIENT.replace(",\"security\":[{\"code\":\"U\"}]", ""));
        assertThat(((PdsAnswer.Found) client.read("9990000026")).patient().restricted()).as("no marking").isTrue();

        readAnswers("9990000026", PATIENT);
        PdsPatient unrestricted = ((PdsAnswer.Found) client.read("9990000026")).patient();
        assertThat(unrestricted.restricted()).isFalse();
        assertThat(unrestricted.phones()).hasSize(1);
        assertThat(unrestricted.gpOdsCode()).isEqualTo("Y12345");
    }

    @Test
    void aRedactedRecordIsInvalidatedNeverLinked() {
        readAnswers("9990000026", PATIENT.replace("\"U\"", "\"REDACTED\""));

        assertThat(client().read("9990000026")).isInstanceOf(PdsAnswer.Invalidated.class);
    }

    @Test
    void aReadOfSomethingThatIsNotExactlyAnNhsNumberNeverReachesPds() {
        PdsClient client = client();
        for (String notOne : new String[] {"999 000 0026", "9990000026,9990000018", "999000002*", "9990000026/x"}) {
            assertThat(client.read(notOne)).as(notOne).isInstanceOf(PdsAnswer.NotFound.class);
        }
        assertThat(pds.getAllServeEvents()).isEmpty();
    }

    @Test
    void aReadReturnsTheRecordAndTellsUnknownFromInvalidated() {
        pds.stubFor(get(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient/9990000026"))
                .withHeader("X-Request-ID", matching(".+"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "W/\"4\"").withBody(PATIENT)));
        pds.stubFor(get(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient/9990000018"))
                .willReturn(aResponse().withStatus(404).withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":"
                        + "[{\"details\":{\"coding\":[{\"code\":\"INVALIDATED_RESOURCE\"}]}}]}")));
        pds.stubFor(get(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient/9990000034"))
                .willReturn(aResponse().withStatus(404).withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":"
                        + "[{\"details\":{\"coding\":[{\"code\":\"RESOURCE_NOT_FOUND\"}]}}]}")));
        PdsClient client = client();

        assertThat(((PdsAnswer.Found) client.read("9990000026")).patient().version()).isEqualTo("4");
        assertThat(client.read("9990000018")).isInstanceOf(PdsAnswer.Invalidated.class);
        assertThat(client.read("9990000034")).isInstanceOf(PdsAnswer.NotFound.class);
        // A number that fails its check digit never reaches PDS.
        assertThat(client.read("9990000027")).isInstanceOf(PdsAnswer.NotFound.class);
        assertThat(pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient/9990000027"))))
                .isEmpty();
    }

    @Test
    void afterRepeatedFailuresTheCircuitOpensAndPdsIsLeftAlone() {
        searchAnswers(500, "");
        PdsClient client = client(Map.of("circuit-failures", "4", "circuit-open-seconds", "60"));

        assertThat(((PdsAnswer.Unavailable) client.search(MARY)).why()).isEqualTo(PdsAnswer.Why.SERVER_ERROR);
        assertThat(((PdsAnswer.Unavailable) client.search(MARY)).why()).isEqualTo(PdsAnswer.Why.SERVER_ERROR);
        int calls = pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient"))).size();

        assertThat(client.health(java.time.Duration.ofMinutes(1)).circuit()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(((PdsAnswer.Unavailable) client.search(MARY)).why()).isEqualTo(PdsAnswer.Why.CIRCUIT_OPEN);
        assertThat(pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient")))).hasSize(calls);
        assertThat(factory.getOperationalInfo()).containsEntry("circuit", "OPEN").containsEntry("access-token", "set");
    }

    @Test
    void beyondTheRateCitizensAreToldItIsBusyWithoutACall() {
        searchAnswers(200, NO_MATCH);
        PdsClient client = client(Map.of("requests-per-second", "2"));

        long busy = java.util.stream.IntStream.range(0, 10).mapToObj(i -> client.search(MARY))
                .filter(answer -> answer.equals(new PdsAnswer.Unavailable(PdsAnswer.Why.BUSY))).count();

        assertThat(busy).isGreaterThanOrEqualTo(7);
        assertThat(pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient"))).size())
                .isLessThanOrEqualTo(3);
    }

    @Test
    void withoutABaseUrlEveryTraceSaysPdsIsNotConfigured() {
        factory = new PdsFhirClientFactory();
        factory.init(new MapScope(Map.of()));

        assertThat(factory.create(new org.nhsloginkeycloak.connectors.support.MemorySingleUseObjects(java.time.Clock.systemUTC())).search(MARY)).isEqualTo(new PdsAnswer.Unavailable(PdsAnswer.Why.NOT_CONFIGURED));
        assertThat(pds.getAllServeEvents()).isEmpty();
    }

    @Test
    void theSearchAndTheSettingsNeverPrintPersonalDataOrTheToken() {
        client();
        assertThat(MARY.toString()).doesNotContain("Mary", "Holloway", "1979", "LS1");
        assertThat(factory.getOperationalInfo().toString()).doesNotContain("token-123");
    }

    @Test
    void namesWithSpacesAndApostrophesAreEncodedForTheQuery() {
        searchAnswers(200, NO_MATCH);

        client().search(new PdsSearch("Siân", "AP DAFYDD-O'BRIEN", LocalDate.of(1975, 2, 28), "cf10 1aa",
                PdsSearch.Match.NON_FUZZY));

        LoggedRequest request = pds.findAll(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient")))
                .get(0);
        assertThat(request.queryParameter("family").firstValue()).isEqualTo("AP DAFYDD-O'BRIEN");
        assertThat(request.queryParameter("given").firstValue()).isEqualTo("Siân");
        assertThat(request.getUrl()).doesNotContain(" ");
        pds.verify(getRequestedFor(urlPathEqualTo("/personal-demographics/FHIR/R4/Patient"))
                .withQueryParam("address-postalcode", equalTo("cf10 1aa")));
    }
}
