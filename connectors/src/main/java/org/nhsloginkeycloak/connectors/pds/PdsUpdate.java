package org.nhsloginkeycloak.connectors.pds;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/** What PDS said to an update of a patient's own record. Failures are answers too: nothing here throws for PDS's sake. */
public sealed interface PdsUpdate {

    /** PDS took it: the record as it is now, and its new version for the next update. */
    record Updated(JsonNode record, String version) implements PdsUpdate {

        @Override
        public String toString() {
            return "Updated[version=" + version + "]";
        }
    }

    /** Nothing had changed, so nothing was sent: a write avoided. */
    record Unchanged() implements PdsUpdate {
    }

    /** Someone else updated the record since it was read (409 {@code RESOURCE_VERSION_MISMATCH}): read it again. */
    record VersionMismatch() implements PdsUpdate {
    }

    /**
     * PDS refused this update and would refuse it again: 400 (the patch or a value), 403 ({@code FORBIDDEN_UPDATE}, or
     * {@code ACCESS_DENIED} when the access is not the patient's own at P9), 404, 412.
     *
     * @param code PDS's Spine error code, e.g. {@code INVALID_UPDATE}; {@code UNKNOWN} when it gave none
     */
    record Refused(int status, String code) implements PdsUpdate {
    }

    /** The patient-access token was not accepted (401): a new exchange is needed. */
    record NotAuthorised() implements PdsUpdate {
    }

    /**
     * PDS could not answer, or we did not ask; after a 503 the update may still go through, so read the record before
     * trying again.
     */
    record Unavailable(PdsAnswer.Why why, Optional<Duration> retryAfter) implements PdsUpdate {

        public Unavailable(PdsAnswer.Why why) {
            this(why, Optional.empty());
        }
    }
}
