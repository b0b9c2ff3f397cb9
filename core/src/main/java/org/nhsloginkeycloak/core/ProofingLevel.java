package org.nhsloginkeycloak.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * How strongly a citizen's identity has been verified, as NHS login defines it (DCB3051 verification levels).
 *
 * <p>Declared weakest first, so {@link #compareTo} orders them P0 &lt; P5 &lt; P9.
 */
public enum ProofingLevel {

    /** No identity proofing: the citizen has shown control of an email address and a mobile only. */
    P0,
    /** Knowledge-based: details the citizen gave were traced to one record in PDS (a claimed identity). */
    P5,
    /** Photo ID compared with the person, online or offline. */
    P9;

    /**
     * Parses the exact wire form ({@code "P0"}, {@code "P5"}, {@code "P9"}).
     *
     * @throws IllegalArgumentException naming the accepted values, for anything else (including {@code null})
     */
    public static ProofingLevel parse(String value) {
        return find(value).orElseThrow(() -> new IllegalArgumentException(
                "Unknown identity proofing level " + Quoted.of(value) + "; expected one of P0, P5, P9"));
    }

    /** The level written as {@code value}, or empty when it is not one of ours. */
    public static Optional<ProofingLevel> find(String value) {
        return Arrays.stream(values()).filter(level -> level.name().equals(value)).findFirst();
    }

    public boolean isAtLeast(ProofingLevel other) {
        return compareTo(other) >= 0;
    }
}
