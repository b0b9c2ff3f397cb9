package org.nhsloginkeycloak.sandpit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Metadata;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;

/**
 * Faults of the PDS stand-in, switched on by a test and off again with {@link #clear()}: every PDS call then answers
 * with the fault, ahead of the synthetic patients (but still after the missing {@code X-Request-ID} check).
 */
public final class PdsFaults {

    private static final int AHEAD_OF_PATIENTS = 2;
    private static final String TAG = "pds-fault";

    private final ThirdPartyStub pds;

    public PdsFaults(ThirdPartyStub pds) {
        this.pds = pds;
    }

    /** Each answer comes after {@code delay}, as a slow PDS's would. */
    public void slow(Duration delay) {
        fault(aResponse().withStatus(200).withFixedDelay((int) delay.toMillis())
                .withHeader("Content-Type", "application/fhir+json")
                .withBody("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}"));
    }

    public void serverError() {
        fault(aResponse().withStatus(500).withHeader("Content-Type", "application/fhir+json")
                .withBody(outcome("SERVICE_UNAVAILABLE", "exception")));
    }

    /** 503 with {@code Retry-After}, as PDS answers when it is overloaded. */
    public void unavailable(Duration retryAfter) {
        fault(aResponse().withStatus(503).withHeader("Retry-After", String.valueOf(retryAfter.toSeconds()))
                .withHeader("Content-Type", "application/fhir+json")
                .withBody(outcome("SERVICE_UNAVAILABLE", "exception")));
    }

    /** 429 {@code TOO_MANY_REQUESTS}: the application's rate limit. */
    public void rateLimited() {
        fault(aResponse().withStatus(429).withHeader("Content-Type", "application/fhir+json")
                .withBody(outcome("TOO_MANY_REQUESTS", "throttled")));
    }

    public void connectionReset() {
        fault(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    public void malformedJson() {
        fault(aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json")
                .withBody("{\"resourceType\":\"Bundle\",\"total\":1,\"entry\":[{\"resource\":"));
    }

    /** 400 {@code INVALID_SEARCH_DATA}, as PDS refuses details it will not search with. */
    public void badRequest() {
        fault(aResponse().withStatus(400).withHeader("Content-Type", "application/fhir+json")
                .withBody(outcome("INVALID_SEARCH_DATA", "value")));
    }

    /** PDS answers normally again. */
    public void clear() {
        pds.server().removeStubsByMetadata(matchingJsonPath("$." + TAG));
    }

    private void fault(ResponseDefinitionBuilder response) {
        clear();
        pds.server().stubFor(any(urlPathMatching(Sandpit.PDS_FHIR_PATH + "/.*")).atPriority(AHEAD_OF_PATIENTS)
                .withMetadata(Metadata.metadata().attr(TAG, true)).willReturn(response));
    }

    private static String outcome(String code, String issueCode) {
        return "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"" + issueCode
                + "\",\"details\":{\"coding\":[{\"system\":\"https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode\","
                + "\"version\":\"1\",\"code\":\"" + code + "\"}]}}]}";
    }
}
