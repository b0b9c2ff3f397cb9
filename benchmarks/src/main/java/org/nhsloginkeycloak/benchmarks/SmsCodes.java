package org.nhsloginkeycloak.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last security code Keycloak asked GOV.UK Notify's stand-in to text to each number, caught as the request
 * arrives: looking through the stand-in's journal, as the integration tests do, costs more with every journey.
 */
final class SmsCodes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEND_PATH = "/v2/notifications/sms";

    private final Map<String, String> latest = new ConcurrentHashMap<>();

    SmsCodes(WireMockServer notify) {
        notify.addMockServiceRequestListener((request, response) -> {
            if (request.getUrl().startsWith(SEND_PATH)) {
                try {
                    JsonNode body = JSON.readTree(request.getBodyAsString());
                    latest.put(body.path("phone_number").asText(), body.path("personalisation").path("code").asText());
                } catch (IOException e) {
                    // Not a send Keycloak made; the journey waiting for a code says so.
                }
            }
        });
    }

    /**
     * The code in the last text to {@code mobile} (E.164), taken so that a later citizen with the same number never
     * reads it when their own text did not go.
     */
    String take(String mobile) {
        String code = latest.remove(mobile);
        if (code == null) {
            throw new IllegalStateException("No text message was sent to " + mobile);
        }
        return code;
    }
}
