package org.nhsloginkeycloak.campaigns;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.keycloak.provider.Provider;

/**
 * Sends a campaign's emails, one recipient at a time ({@value CampaignSenderSpi#NAME} SPI). Each send carries the
 * recipient's opaque reference, the same on every attempt, so a send left in doubt can be asked about before any resend.
 */
public interface CampaignSender extends Provider {

    /** What became of one send, and so what the runner does next. */
    enum Kind {
        /** Notify has it: the recipient is sent. */
        ACCEPTED,
        /** {@code 429 RateLimitError}: back off, then send again. */
        RATE_LIMITED,
        /** {@code 429 TooManyRequestsError}: the day's limit; nothing more until tomorrow (UTC). */
        DAILY_LIMIT,
        /** This address will never be accepted: the recipient fails, the campaign goes on. */
        REFUSED,
        /** Our key, template or service is wrong: no send can succeed until an operator fixes it. */
        MISCONFIGURED,
        /** Notify did not take it (no connection, or its 500, which Notify says to resend). */
        NOT_SENT,
        /** The request may have reached Notify and no answer came: ask by reference before any resend. */
        IN_DOUBT
    }

    /** @param detail for operators (logs, the recipient's row): a status and an error type, never personal data */
    record Outcome(Kind kind, String notificationId, String detail) {
    }

    /**
     * Sends one email. {@code reference} holds no personal data; {@code unsubscribe} is the one-click unsubscribe URL
     * (RFC 8058), or null.
     */
    Outcome send(String templateId, String email, Map<String, String> personalisation, String reference, URI unsubscribe);

    /**
     * Whether an email with {@code reference} went out.
     *
     * @throws IOException when that cannot be known now: the send stays in doubt and is asked about again later
     */
    boolean wentOut(String reference) throws IOException;

    @Override
    default void close() {
    }
}
