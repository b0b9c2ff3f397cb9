package org.nhsloginkeycloak.connectors.pds;

import java.time.Duration;
import java.util.Optional;

/** What PDS said to a search or a read, as the journeys need to tell it apart. Failures are answers too. */
public sealed interface PdsAnswer {

    /** One record: a search's unique match, or a read. */
    record Found(PdsPatient patient) implements PdsAnswer {
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
     * PDS could not answer, or we did not ask: the citizen keeps what they entered and tries later.
     *
     * @param retryAfter what PDS said in {@code Retry-After}, when it said
     */
    record Unavailable(Why why, Optional<Duration> retryAfter) implements PdsAnswer {

        public Unavailable(Why why) {
            this(why, Optional.empty());
        }
    }

    /** Why PDS did not answer. */
    enum Why {
        /** No answer within the timeout, or the connection failed. */
        TIMEOUT,
        /** 5xx, or an answer we cannot read. */
        SERVER_ERROR,
        /** PDS's own rate limit (429). */
        RATE_LIMITED,
        /** Our own limit: this node is already asking PDS as often as it may. */
        BUSY,
        /** Recent calls failed, so we are not calling for a while (circuit open). */
        CIRCUIT_OPEN,
        /** PDS refused our credentials (401/403): a configuration problem, not the citizen's. */
        NOT_AUTHORISED,
        /** PDS refused the request as malformed (400): a bug or a configuration problem on our side. */
        BAD_REQUEST,
        /** PDS is not configured. */
        NOT_CONFIGURED
    }
}
