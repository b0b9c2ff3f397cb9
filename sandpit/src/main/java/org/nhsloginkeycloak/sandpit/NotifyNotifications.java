package org.nhsloginkeycloak.sandpit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.WireMockServices;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * Notify's {@code GET /v2/notifications} ({@code getNotifications}) for the stand-in: the emails it accepted (201), newest
 * first, filtered by {@code reference} and {@code template_type} as Notify filters them, from its own journal. What a
 * campaign asks after a crash: did the email with this reference go out?
 */
final class NotifyNotifications implements ResponseDefinitionTransformerV2 {

    static final String NAME = "notify-notifications";
    private static final String EMAIL_PATH = "/v2/notifications/email";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServices services;

    NotifyNotifications(WireMockServices services) {
        this.services = services;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String reference = first(serveEvent.getRequest().queryParameter("reference"));
        String type = first(serveEvent.getRequest().queryParameter("template_type"));
        ArrayNode notifications = JSON.createArrayNode();
        if (type == null || type.equals("email")) {
            List<ServeEvent> sent = services.getAdmin().getServeEvents().getRequests().stream()
                    .filter(event -> RequestMethod.POST.equals(event.getRequest().getMethod())
                            && event.getRequest().getUrl().startsWith(EMAIL_PATH)
                            && event.getResponse() != null && event.getResponse().getStatus() == 201)
                    .sorted(Comparator.comparing((ServeEvent event) -> event.getRequest().getLoggedDate()).reversed())
                    .toList();
            for (ServeEvent event : sent) {
                JsonNode request = read(event.getRequest().getBodyAsString());
                JsonNode response = read(event.getResponse().getBodyAsString());
                if (reference != null && !reference.equals(request.path("reference").asText(null))) {
                    continue;
                }
                ObjectNode notification = notifications.addObject().put("id", response.path("id").asText())
                        .put("reference", request.path("reference").asText(null))
                        .put("email_address", request.path("email_address").asText()).put("type", "email")
                        .put("status", "delivered")
                        .put("created_at", event.getRequest().getLoggedDate().toInstant().toString());
                notification.set("template", response.path("template"));
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("notifications", notifications);
        body.putObject("links").put("current", "/v2/notifications");
        // The mapping's status and headers, this body (as text: WireMock's own Jackson is a shaded copy).
        return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition()).withBody(body.toString()).build();
    }

    private static String first(QueryParameter parameter) {
        return parameter == null || !parameter.isPresent() ? null : parameter.firstValue();
    }

    private static JsonNode read(String text) {
        try {
            return text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
