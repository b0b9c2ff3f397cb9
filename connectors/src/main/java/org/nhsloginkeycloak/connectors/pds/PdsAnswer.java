package org.nhsloginkeycloak.connectors.pds;

import java.time.Duration;
import java.util.Optional;

/** What PDS said to a search or a read, as the journeys need to tell it apart. Failures are answers too. */
public sealed interface PdsAnswer {

    /**
     * One record: a search's unique match, or a read.
     *
     * @param record the Patient resource as PDS sent it, for what {@link PdsPatient} does not carry (addresses, email,
     *     see {@link PdsContactDetails#of}); never logged
     */
    record Found(PdsPatient patient, com.fasterxml.jackson.databind.JsonNode record) implements PdsAnswer {

        @Override
        public String toString() {
            return "Found[" + patient + "]";
        }
    }

    /** An empty searchset, or a read of an NHS number PDS does not know. */
    record NotFound() implements PdsAnswer {
    }

    /** More than one record matched ({@code TOO_MANY_MATCHES}, or a searchset with more than one entry). */
    record TooManyMatches() implements PdsAnswer {
    }

    /** A read of a record that was invalidated and not superseded ({@code INVALIDATED_RESOURCE}). */
    record Invalidated() implements PdsAnswer {
    }

    /**
     * PDS answered, but with nothing a trace can use, and asking again would get the same: a 400 for the details sent
     * ({@link Why#BAD_REQUEST}), or an answer we cannot read ({@link Why#UNREADABLE}). Whoever sent the details can make
     * these at will, so they are theirs: never retried, no sign that PDS is unwell (it answered), and the uplift counts
     * them against the citizen's traces.
     */
    record Unusable(Why why) implements PdsAnswer {
    }

    /**
     * PDS could not answer, or we did not ask: the citizen keeps what they entered and tries later.
     *
     * @param retryAfter what PDS said in {@code Retry-After}, when it said
     */
    record Unavailable(Why why, Optional<Duration> retryAfter) implements PdsAnswer {

        public Unavailable(Why why) {
            this(why, Optional.empty());
        }
    }

    /** Why PDS gave no answer ({@link Unavailable}) or none we can use ({@link Unusable}). */
    enum Why {
        /** No answer within the timeout, or the connection failed. */
        TIMEOUT,
        /** 5xx, or any status PDS does not document for the call. */
        SERVER_ERROR,
        /** PDS's own rate limit (429). */
        RATE_LIMITED,
        /** Our own limit: this node is already asking PDS as often as it may. */
        BUSY,
        /** Recent calls failed, so we are not calling for a while (circuit open). */
        CIRCUIT_OPEN,
        /** PDS refused our credentials (401/403): a configuration problem, not the citizen's. */
        NOT_AUTHORISED,
        /**
         * PDS refused the request (400). {@link PdsSearch} sends only what PDS accepts, so this is the details (or, if a
         * release ever breaks our requests, every trace: its meter and log say which).
         */
        BAD_REQUEST,
        /**
         * A 200 we cannot read: not JSON, not a searchset or Patient, an OperationOutcome other than
         * {@code TOO_MANY_MATCHES}, or a record without a valid NHS number or with dates that are not dates.
         */
        UNREADABLE,
        /** PDS is not configured. */
        NOT_CONFIGURED
    }
}
