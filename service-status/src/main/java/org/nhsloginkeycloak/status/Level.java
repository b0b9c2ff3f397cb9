package org.nhsloginkeycloak.status;

import java.util.Locale;

/** How the service is, in the order of concern: a degraded third party outranks heavy traffic. */
public enum Level {
    NORMAL,
    BUSY,
    DEGRADED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
