package org.nhsloginkeycloak.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.nhsloginkeycloak.connectors.notify.NotifyToken;

/**
 * The two GOV.UK Notify calls a campaign makes: {@code POST /v2/notifications/email} and, for a send left in doubt,
 * {@code GET /v2/notifications?reference=...} ({@code getNotifications}). Outcomes are decided by status and Notify's
 * error type, never its message text, as Notify asks; the one exception is telling a refused address from a refused
 * request, both {@code 400 ValidationError}.
 */
final class NotifyEmailClient implements CampaignSender {

    static final String EMAIL_PATH = "/v2/notifications/email";
    static final String NOTIFICATIONS_PATH = "/v2/notifications";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;
    private final Supplier<String> userAgent;

    NotifyEmailClient(URI baseUrl, String apiKey, Duration timeout, HttpClient http) {
        this(baseUrl, apiKey, timeout, http, () -> "nhs-login-keycloak");
    }

    /**
     * @param userAgent asked on every call; the runner names its current turn in it, so Notify's logs (and the
     *        stand-in's journal) show which node sent what, and when
     */
    NotifyEmailClient(URI baseUrl, String apiKey, Duration timeout, HttpClient http, Supplier<String> userAgent) {
        this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = http;
        this.userAgent = userAgent;
    }

    /**
     * Sends one email. {@code reference} must hold no personal data (it is the recipient's opaque reference, the same
     * on every attempt, so a send in doubt can be looked up); {@code unsubscribe} becomes the one-click unsubscribe
     * header Notify adds.
     */
    @Override
    public Outcome send(String templateId, String email, Map<String, String> personalisation, String reference,
            URI unsubscribe) {
        ObjectNode body = JSON.createObjectNode().put("email_address", email).put("template_id", templateId)
                .put("reference", reference);
        if (unsubscribe != null) {
            body.put("one_click_unsubscribe_url", unsubscribe.toString());
        }
        ObjectNode values = body.putObject("personalisation");
        personalisation.forEach(values::put);
        HttpResponse<String> response;
        try {
            response = http.send(request(EMAIL_PATH).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new Outcome(Kind.NOT_SENT, null, "GOV.UK Notify could not be reached");
        } catch (IOException e) {
            return new Outcome(Kind.IN_DOUBT, null, "No answer from GOV.UK Notify: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Kind.IN_DOUBT, null, "Interrupted while sending");
        }
        return outcome(response.statusCode(), response.body());
    }

    static Outcome outcome(int status, String responseBody) {
        JsonNode body = read(responseBody);
        if (status == 201 || status == 200) {
            return new Outcome(Kind.ACCEPTED, body.path("id").asText(null), null);
        }
        String type = body.path("errors").path(0).path("error").asText("unknown");
        String detail = "GOV.UK Notify answered " + status + " " + type;
        if (status == 429) {
            return new Outcome("TooManyRequestsError".equals(type) ? Kind.DAILY_LIMIT : Kind.RATE_LIMITED, null, detail);
        }
        if (status == 400 && "ValidationError".equals(type)
                && body.path("errors").path(0).path("message").asText("").startsWith("email_address")) {
            return new Outcome(Kind.REFUSED, null, detail);
        }
        if (status == 400 || status == 403) {
            return new Outcome(Kind.MISCONFIGURED, null, detail);
        }
        return new Outcome(Kind.NOT_SENT, null, detail);
    }

    /**
     * Whether an email with {@code reference} went out, as Notify remembers it (its retention period, 7 days by
     * default, is far longer than any send stays in doubt).
     *
     * @throws IOException when Notify cannot say: the send stays in doubt and is asked about again later
     */
    @Override
    public boolean wentOut(String reference) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request(NOTIFICATIONS_PATH + "?template_type=email&reference="
                    + URLEncoder.encode(reference, StandardCharsets.UTF_8)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while asking GOV.UK Notify", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GOV.UK Notify answered " + response.statusCode() + " when asked by reference");
        }
        for (JsonNode notification : read(response.body()).path("notifications")) {
            if (reference.equals(notification.path("reference").asText(null))) {
                return true;
            }
        }
        return false;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Authorization", "Bearer " + NotifyToken.of(apiKey, Instant.now()))
                .header("User-Agent", userAgent.get());
    }

    private static JsonNode read(String text) {
        try {
            return text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
