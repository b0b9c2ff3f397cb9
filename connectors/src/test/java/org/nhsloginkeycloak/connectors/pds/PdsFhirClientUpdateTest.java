package org.nhsloginkeycloak.connectors.pds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.connectors.support.MapScope;

/**
 * The PDS client's update over real HTTP against WireMock answering as PDS answers a PATCH: the request PDS asks for
 * (the patient's own token, If-Match, JSON Patch in {"patches": [...]}), every answer told apart, and one retry of a
 * 503 or a dropped connection with the same X-Request-ID.
 */
class PdsFhirClientUpdateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/personal-demographics/FHIR/R4/Patient/9990001006";
    private static final String UPDATED = "{\"resourceType\":\"Patient\",\"id\":\"9990001006\",\"meta\":{\"versionId\":\"4\"}}";

    private WireMockServer pds;
    private PdsClient client;

    @BeforeEach
    void start() {
        pds = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        pds.start();
        PdsFhirClientFactory factory = new PdsFhirClientFactory();
        factory.init(new MapScope(Map.of("base-url", pds.baseUrl() + "/personal-demographics/FHIR/R4",
                "access-token", "the-applications-token", "timeout-seconds", "1", "requests-per-second", "100")));
        client = factory.create(new org.nhsloginkeycloak.connectors.support.MemorySingleUseObjects(
                java.time.Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        pds.stop();
    }

    private static ArrayNode newEmail() throws Exception {
        return (ArrayNode) JSON.readTree("[{\"op\":\"add\",\"path\":\"/telecom/-\",\"value\":{\"system\":\"email\","
                + "\"value\":\"ffion@example.org\"}}]");
    }

    private void answers(int status, String code) {
        pds.stubFor(patch(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"x\","
                        + "\"details\":{\"coding\":[{\"code\":\"" + code + "\"}]}}]}")));
    }

    /** Keycloak gives the global registry its Prometheus registry; here a simple one stands in, so counts are kept. */
    @org.junit.jupiter.api.BeforeAll
    static void meters() {
        io.micrometer.core.instrument.Metrics.addRegistry(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    private static double counted(String outcome) {
        io.micrometer.core.instrument.Counter counter = io.micrometer.core.instrument.Metrics.globalRegistry
                .find("nhs.pds.updates").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void nothingToChangeSendsNothingAndCountsAWriteAvoided() {
        double avoided = counted("unchanged");
        assertThat(client.update("9990001006", "3", JSON.createArrayNode(), "patient-token"))
                .isInstanceOf(PdsUpdate.Unchanged.class);
        assertThat(pds.getAllServeEvents()).isEmpty();
        assertThat(counted("unchanged") - avoided).isEqualTo(1);
    }

    @Test
    void anUpdateGoesAsPdsAsksWithThePatientsOwnTokenAndComesBackWithTheNewVersion() throws Exception {
        pds.stubFor(patch(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withHeader("ETag", "W/\"4\"")
                .withHeader("Content-Type", "application/fhir+json").withBody(UPDATED)));
        PdsUpdate answer = client.update("9990001006", "3", newEmail(), "patient-token");
        assertThat(answer).isInstanceOf(PdsUpdate.Updated.class);
        assertThat(((PdsUpdate.Updated) answer).version()).isEqualTo("4");
        assertThat(answer.toString()).doesNotContain("9990001006");
        LoggedRequest sent = pds.findAll(patchRequestedFor(urlPathEqualTo(PATH))).get(0);
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer patient-token");
        assertThat(sent.getHeader("If-Match")).isEqualTo("W/\"3\"");
        assertThat(sent.getHeader("Content-Type")).startsWith("application/json-patch+json");
        assertThat(sent.getHeader("X-Request-ID")).matches("[0-9a-f-]{36}");
        assertThat(JSON.readTree(sent.getBodyAsString())).isEqualTo(JSON.createObjectNode().set("patches", newEmail()));
    }

    @Test
    void eachRefusalIsToldApartAndNoneIsRetried() throws Exception {
        Map<Integer, String> refusals = Map.of(400, "INVALID_UPDATE", 403, "FORBIDDEN_UPDATE", 412,
                "PRECONDITION_FAILED", 404, "RESOURCE_NOT_FOUND");
        for (Map.Entry<Integer, String> refusal : refusals.entrySet()) {
            pds.resetAll();
            answers(refusal.getKey(), refusal.getValue());
            assertThat(client.update("9990001006", "3", newEmail(), "patient-token"))
                    .isEqualTo(new PdsUpdate.Refused(refusal.getKey(), refusal.getValue()));
            assertThat(pds.findAll(patchRequestedFor(urlPathEqualTo(PATH)))).hasSize(1);
        }
        pds.resetAll();
        answers(409, "RESOURCE_VERSION_MISMATCH");
        assertThat(client.update("9990001006", "3", newEmail(), "patient-token"))
                .isInstanceOf(PdsUpdate.VersionMismatch.class);
        pds.resetAll();
        answers(401, "ACCESS_DENIED");
        assertThat(client.update("9990001006", "3", newEmail(), "patient-token"))
                .isInstanceOf(PdsUpdate.NotAuthorised.class);
    }

    @Test
    void aServiceUnavailableIsTriedOnceMoreWithTheSameRequestId() throws Exception {
        pds.stubFor(patch(urlPathEqualTo(PATH)).inScenario("503").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1"))
                .willSetStateTo("second"));
        pds.stubFor(patch(urlPathEqualTo(PATH)).inScenario("503").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "W/\"4\"").withBody(UPDATED)));
        assertThat(client.update("9990001006", "3", newEmail(), "patient-token"))
                .isInstanceOf(PdsUpdate.Updated.class);
        List<LoggedRequest> sent = pds.findAll(patchRequestedFor(urlPathEqualTo(PATH)));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).getHeader("X-Request-ID")).isEqualTo(sent.get(0).getHeader("X-Request-ID"));
    }

    @Test
    void aDroppedConnectionIsTriedOnceMoreWithTheSameRequestIdAndALongRetryAfterIsNotWaitedOut() throws Exception {
        pds.stubFor(patch(urlPathEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        PdsUpdate dropped = client.update("9990001006", "3", newEmail(), "patient-token");
        assertThat(dropped).isEqualTo(new PdsUpdate.Unavailable(PdsAnswer.Why.TIMEOUT));
        List<LoggedRequest> sent = pds.findAll(patchRequestedFor(urlPathEqualTo(PATH)));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).getHeader("X-Request-ID")).isEqualTo(sent.get(0).getHeader("X-Request-ID"));

        pds.resetAll();
        pds.stubFor(patch(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")));
        PdsUpdate busy = client.update("9990001006", "3", newEmail(), "patient-token");
        assertThat(busy).isInstanceOf(PdsUpdate.Unavailable.class);
        assertThat(((PdsUpdate.Unavailable) busy).retryAfter()).contains(java.time.Duration.ofSeconds(30));
        assertThat(pds.findAll(patchRequestedFor(urlPathEqualTo(PATH)))).hasSize(1);
    }

    @Test
    void noPatientTokenOrABadVersionIsNeverSent() throws Exception {
        assertThat(client.update("9990001006", "3", newEmail(), null)).isInstanceOf(PdsUpdate.NotAuthorised.class);
        assertThat(client.update("9990001006", "W/\"3\"", newEmail(), "patient-token"))
                .isInstanceOf(PdsUpdate.Refused.class);
        assertThat(pds.getAllServeEvents()).isEmpty();
    }
}
