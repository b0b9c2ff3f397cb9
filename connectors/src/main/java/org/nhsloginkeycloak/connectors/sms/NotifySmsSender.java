package org.nhsloginkeycloak.connectors.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;
import org.nhsloginkeycloak.connectors.sms.SmsSendException.Reason;
import uk.gov.service.notify.NotificationClient;
import uk.gov.service.notify.NotificationClientException;

/** Sends through GOV.UK Notify's {@code POST /v2/notifications/sms} with the configured template. */
final class NotifySmsSender implements SmsSender {

    /** The template's placeholder for the code: the template reads e.g. "Your NHS login security code is ((code))". */
    static final String CODE_PLACEHOLDER = "code";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotifySmsSenderFactory.Settings settings;
    private final NotificationClient client;
    private final ExecutorService calls;
    private final DependencyHealth health;

    NotifySmsSender(NotifySmsSenderFactory.Settings settings, NotificationClient client, ExecutorService calls,
            DependencyHealth health) {
        this.settings = settings;
        this.client = client;
        this.calls = calls;
        this.health = health;
    }

    @Override
    public void sendSecurityCode(String phoneNumber, String code) throws SmsSendException {
        if (client == null) {
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
        Future<?> call;
        try {
            // The Notify client sets no timeouts of its own, so each call runs on a bounded pool and is given up on.
            call = calls.submit(() -> client.sendSms(settings.templateId(), phoneNumber,
                    Map.of(CODE_PLACEHOLDER, code), null));
        } catch (RejectedExecutionException e) {
            throw new SmsSendException(Reason.UNAVAILABLE, "Too many text messages waiting for GOV.UK Notify", e);
        }
        try {
            call.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new SmsSendException(Reason.UNAVAILABLE,
                    "GOV.UK Notify did not answer within " + settings.timeout().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new SmsSendException(Reason.UNAVAILABLE, "Interrupted while sending a text message", e);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    /**
     * Branches on status and Notify's error type, as Notify asks; the message is read only to tell a number Notify
     * refused (a {@code phone_number} validation, "international mobile") from our own account's limits (trial mode,
     * team-only key), which an operator must fix.
     */
    static SmsSendException translate(Throwable failure) {
        if (!(failure instanceof NotificationClientException notify)) {
            return new SmsSendException(Reason.UNAVAILABLE, "Sending through GOV.UK Notify failed: "
                    + failure.getClass().getSimpleName(), failure);
        }
        int status = notify.getHttpResult();
        String type = errorType(notify.getMessage());
        String summary = "GOV.UK Notify answered " + status + " " + type;
        if (status == 400 && ("ValidationError".equals(type) || "BadRequestError".equals(type))
                && mentionsPhoneNumber(notify.getMessage())) {
            return new SmsSendException(Reason.INVALID_NUMBER, summary, notify);
        }
        if (status == 429) {
            return new SmsSendException(Reason.RATE_LIMITED, summary, notify);
        }
        if (status == 400 || status == 403) {
            return new SmsSendException(Reason.MISCONFIGURED, summary, notify);
        }
        // 5xx, and 0: the client's wrapping of an I/O failure, which has no status.
        return new SmsSendException(Reason.UNAVAILABLE, status == 0 ? "GOV.UK Notify could not be reached" : summary,
                notify);
    }

    /** Notify's message is {@code "Status code: 400 {json}"}; the JSON's first error type, or "unknown". */
    private static String errorType(String message) {
        JsonNode body = body(message);
        return body.path("errors").path(0).path("error").asText("unknown");
    }

    private static boolean mentionsPhoneNumber(String message) {
        String text = body(message).path("errors").path(0).path("message").asText("");
        return text.startsWith("phone_number") || text.contains("international mobile");
    }

    private static JsonNode body(String message) {
        int start = message == null ? -1 : message.indexOf('{');
        if (start < 0) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(message.substring(start));
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** The settings this sender was made with; for tests. */
    Duration timeout() {
        return settings.timeout();
    }
}
