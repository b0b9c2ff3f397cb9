package org.nhsloginkeycloak.status;

import java.util.Locale;

/** What a citizen is doing, as the banner and the status endpoint name it when only part of the service is affected. */
public enum Journey {
    /** Signing in: the texted security codes (GOV.UK Notify). */
    SIGN_IN("sms"),
    /** Proving who they are: the trace against their NHS record (PDS). */
    UPLIFT("pds");

    private final String dependency;

    Journey(String dependency) {
        this.dependency = dependency;
    }

    /** The third party this journey cannot do without, as {@code DependencyHealth} names it. */
    public String dependency() {
        return dependency;
    }

    /** As it appears in JSON and message keys: {@code sign-in}, {@code uplift}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
