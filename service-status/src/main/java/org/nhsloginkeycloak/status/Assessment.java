package org.nhsloginkeycloak.status;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The state of one realm's service at one moment: what was measured, what it adds up to, and what the operator says.
 *
 * @param affected the journeys a degraded third party (or PDS's allowance) holds back; empty when all of them are busy
 * @param reasons short, fixed phrases for operators (logs, alerts, the admin view), never personal data
 * @param since when the level last changed on this node
 */
public record Assessment(Level level, Set<Journey> affected, List<String> reasons, Instant since,
        OperatorMessage message, Measurements measurements) {

    /** Whether citizens are shown a banner: a level other than normal, or an operator's message. */
    public boolean bannerShown() {
        return level != Level.NORMAL || message != null;
    }
}
