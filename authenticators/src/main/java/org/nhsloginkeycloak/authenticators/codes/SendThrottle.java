package org.nhsloginkeycloak.authenticators.codes;

import java.time.Duration;

/**
 * At most {@code limit} codes in any {@code window}, counted per citizen and per destination across sign-ins (in
 * {@link CodeSlots}), so neither a stuck resend button nor a script can flood a phone, an inbox or our Notify allowance.
 */
public record SendThrottle(int limit, Duration window) {
}
