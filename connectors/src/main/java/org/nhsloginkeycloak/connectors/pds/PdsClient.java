package org.nhsloginkeycloak.connectors.pds;

import org.keycloak.provider.Provider;

/**
 * The Personal Demographics Service, as the journeys ask it: a trace for one unique match, and a read by NHS number.
 * Every answer, failures included, is a {@link PdsAnswer}: nothing here throws for PDS's sake.
 */
public interface PdsClient extends Provider {

    PdsAnswer search(PdsSearch search);

    /** The record of {@code nhsNumber}, current version (a superseded number answers with its successor). */
    PdsAnswer read(String nhsNumber);

    /** How PDS has been answering lately: {@code CLOSED} is healthy. */
    CircuitBreaker.State health();

    @Override
    default void close() {
    }
}
