package org.nhsloginkeycloak.connectors.sms;

/**
 * A text message was not accepted. {@link #reason()} says whether trying again later can help; the message is for
 * logs and never holds the code, the phone number or an API key.
 */
public final class SmsSendException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the message was not sent. */
    public enum Reason {
        /** The service refused this number (not a mobile, not in the UK where that is required). Retrying will not help. */
        INVALID_NUMBER,
        /** Our configuration or account is wrong (API key, template, trial mode). An operator must act. */
        MISCONFIGURED,
        /** Too many messages: ours or the service's limits. Retry later. */
        RATE_LIMITED,
        /** The service failed, timed out or could not be reached. Retry later. */
        UNAVAILABLE
    }

    private final Reason reason;

    public SmsSendException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SmsSendException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
