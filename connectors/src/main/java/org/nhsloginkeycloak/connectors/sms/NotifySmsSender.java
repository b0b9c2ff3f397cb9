package org.nhsloginkeycloak.connectors.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;
import org.nhsloginkeycloak.connectors.notify.NotifyToken;
import org.nhsloginkeycloak.connectors.sms.SmsSendException.Reason;

/**
 * Sends through GOV.UK Notify's {@code POST /v2/notifications/sms} with the configured template, over
 * {@code java.net.http} with a connect timeout and a deadline for the whole call. Notify's own Java client has neither
 * (its {@code HttpURLConnection} waits for ever, and an interrupt does not stop it), so a hung Notify would pin every
 * thread that sends; here a call that outlives its deadline is cancelled, which aborts the exchange.
 */
final class NotifySmsSender implements SmsSender {

    /** The template's placeholder for the code: the template reads e.g. "Your NHS login security code is ((code))". */
    static final String CODE_PLACEHOLDER = "code";
    static final String SMS_PATH = "/v2/notifications/sms";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotifySmsSenderFactory.Settings settings;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final DependencyHealth health;

    NotifySmsSender(NotifySmsSenderFactory.Settings settings, HttpClient http, Semaphore inFlight,
            DependencyHealth health) {
        this.settings = settings;
        this.http = http;
        this.inFlight = inFlight;
        this.health = health;
    }

    @Override
    public void sendSecurityCode(String phoneNumber, String code) throws SmsSendException {
        if (http == null) {
            throw new SmsSendException(Reason.MISCONFIGURED, "GOV.UK Notify has no API key or template id: set"
                    + " --spi-nhs-sms-sender--govuk-notify--api-key and --template-id");
        }
        if (!health.allow()) {
            throw new SmsSendException(Reason.UNAVAILABLE, "GOV.UK Notify has been failing: not asked for now");
        }
        long started = System.nanoTime();
        try {
            send(phoneNumber, code);
            health.record(DependencyHealth.Outcome.OK, Duration.ofNanos(System.nanoTime() - started));
        } catch (SmsSendException e) {
            // A number Notify refused, or our own account's settings, say nothing about Notify's health.
            health.record(e.reason() == Reason.UNAVAILABLE || e.reason() == Reason.RATE_LIMITED
                    ? DependencyHealth.Outcome.FAILED : DependencyHealth.Outcome.REJECTED,
                    Duration.ofNanos(System.nanoTime() - started));
            throw e;
        } catch (RuntimeException e) {
            health.record(DependencyHealth.Outcome.FAILED, Duration.ofNanos(System.nanoTime() - started));
            throw e;
        }
    }

    @Override
    public Optional<DependencyHealth.Snapshot> health(Duration over) {
        return Optional.of(health.snapshot(over));
    }

    private void send(String phoneNumber, String code) throws SmsSendException {
        // A bulkhead: beyond it Notify is plainly not keeping up, and the citizen is told at once.
        if (!inFlight.tryAcquire()) {
            throw new SmsSendException(Reason.UNAVAILABLE, "Too many text messages waiting for GOV.UK Notify");
        }
        try {
            HttpResponse<String> response = call(request(phoneNumber, code));
            if (response.statusCode() != 201 && response.statusCode() != 200) {
                throw translate(response.statusCode(), response.body());
            }
        } finally {
            inFlight.release();
        }
    }

    private HttpResponse<String> call(HttpRequest request) throws SmsSendException {
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            // The request's own timeout stops at the response's headers; this deadline covers its body too.
            return call.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new SmsSendException(Reason.UNAVAILABLE, "Interrupted while sending a text message", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException || cause instanceof IOException
                    && !(cause instanceof HttpTimeoutException)) {
                throw new SmsSendException(Reason.UNAVAILABLE, "GOV.UK Notify could not be reached", cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(cause);
            }
            throw new SmsSendException(Reason.UNAVAILABLE, "Sending through GOV.UK Notify failed: "
                    + cause.getClass().getSimpleName(), cause);
        }
    }

    private SmsSendException timedOut(Throwable cause) {
        return new SmsSendException(Reason.UNAVAILABLE,
                "GOV.UK Notify did not answer within " + settings.timeout().toSeconds() + " s", cause);
    }

    private HttpRequest request(String phoneNumber, String code) {
        ObjectNode body = JSON.createObjectNode();
        body.put("phone_number", phoneNumber);
        body.put("template_id", settings.templateId());
        body.putObject("personalisation").put(CODE_PLACEHOLDER, code);
        return HttpRequest.newBuilder(URI.create(settings.baseUrl().replaceAll("/+$", "") + SMS_PATH))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + NotifyToken.of(settings.apiKey(), Instant.now()))
                .header("User-Agent", "nhs-login-keycloak")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
    }

    /**
     * Branches on status and Notify's error type, as Notify asks; the message is read only to tell a number Notify
     * refused (a {@code phone_number} validation, "international mobile") from our own account's limits (trial mode,
     * team-only key), which an operator must fix.
     */
    static SmsSendException translate(int status, String responseBody) {
        JsonNode body = body(responseBody);
        String type = body.path("errors").path(0).path("error").asText("unknown");
        String summary = "GOV.UK Notify answered " + status + " " + type;
        if (status == 400 && ("ValidationError".equals(type) || "BadRequestError".equals(type))
                && mentionsPhoneNumber(body)) {
            return new SmsSendException(Reason.INVALID_NUMBER, summary);
        }
        if (status == 429) {
            return new SmsSendException(Reason.RATE_LIMITED, summary);
        }
        if (status == 400 || status == 403) {
            return new SmsSendException(Reason.MISCONFIGURED, summary);
        }
        return new SmsSendException(Reason.UNAVAILABLE, summary);
    }

    private static boolean mentionsPhoneNumber(JsonNode body) {
        String text = body.path("errors").path(0).path("message").asText("");
        return text.startsWith("phone_number") || text.contains("international mobile");
    }

    private static JsonNode body(String text) {
        if (text == null || text.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** The settings this sender was made with; for tests. */
    Duration timeout() {
        return settings.timeout();
    }
}
