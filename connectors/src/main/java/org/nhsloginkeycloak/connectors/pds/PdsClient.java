package org.nhsloginkeycloak.connectors.pds;

import java.time.Duration;
import org.keycloak.provider.Provider;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

/**
 * The Personal Demographics Service, as the journeys ask it: a trace for one unique match, and a read by NHS number.
 * Every answer, failures included, is a {@link PdsAnswer}: nothing here throws for PDS's sake.
 */
public interface PdsClient extends Provider {

    PdsAnswer search(PdsSearch search);

    /** The record of {@code nhsNumber}, current version (a superseded number answers with its successor). */
    PdsAnswer read(String nhsNumber);

    /** How PDS has answered this node over the last {@code over} (at most a minute): circuit, errors, latency, demand. */
    DependencyHealth.Snapshot health(Duration over);

    @Override
    default void close() {
    }
}
