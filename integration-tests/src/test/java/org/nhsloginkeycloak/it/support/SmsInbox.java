package org.nhsloginkeycloak.it.support;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.nhsloginkeycloak.sandpit.Sandpit;

/** The text messages Keycloak asked GOV.UK Notify to send, read from the Notify stand-in's request journal. */
public final class SmsInbox {

    private final Sandpit sandpit;

    public SmsInbox(Sandpit sandpit) {
        this.sandpit = sandpit;
    }

    /** Every send request's JSON body to {@code phoneNumber}, oldest first. */
    public List<JsonNode> sentTo(String phoneNumber) {
        return sandpit.govukNotify().server().findAll(postRequestedFor(urlPathEqualTo("/v2/notifications/sms"))).stream()
                .map(request -> Json.parse(request.getBodyAsString()))
                .filter(body -> phoneNumber.equals(body.path("phone_number").asText()))
                .toList();
    }

    /** The code in the last message to {@code phoneNumber}. */
    public String latestCode(String phoneNumber) {
        List<JsonNode> sent = sentTo(phoneNumber);
        if (sent.isEmpty()) {
            throw new AssertionError("No text message was sent to " + phoneNumber);
        }
        return sent.get(sent.size() - 1).path("personalisation").path("code").asText();
    }
}
