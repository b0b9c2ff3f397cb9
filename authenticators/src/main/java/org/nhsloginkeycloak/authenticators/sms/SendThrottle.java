package org.nhsloginkeycloak.authenticators.sms;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * At most {@code limit} codes to one citizen in any {@code window}, counted across sign-ins, so neither a stuck resend
 * button nor a script can flood a phone or our Notify allowance.
 */
public record SendThrottle(int limit, Duration window) {

    /** The sends to remember, this one included, if one more is allowed now; otherwise empty. */
    public Optional<List<Instant>> admit(List<Instant> earlier, Instant now) {
        List<Instant> recent = new ArrayList<>();
        for (Instant sent : earlier) {
            if (sent.isAfter(now.minus(window))) {
                recent.add(sent);
            }
        }
        if (recent.size() >= limit) {
            return Optional.empty();
        }
        recent.add(now);
        return Optional.of(recent);
    }

    /** When the oldest send in the window leaves it, i.e. when one more will be allowed. */
    public Instant nextAllowed(List<Instant> earlier, Instant now) {
        return earlier.stream().filter(sent -> sent.isAfter(now.minus(window))).min(Instant::compareTo)
                .map(oldest -> oldest.plus(window)).orElse(now);
    }
}
