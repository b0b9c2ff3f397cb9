package org.nhsloginkeycloak.connectors.pds;

import java.time.Duration;
import org.keycloak.provider.Provider;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

/**
 * The Personal Demographics Service, as the journeys ask it: a trace for one unique match, a read by NHS number, and
 * a patient's update of their own record.
 * Every answer, failures included, is a {@link PdsAnswer}: nothing here throws for PDS's sake.
 */
public interface PdsClient extends Provider {

    PdsAnswer search(PdsSearch search);

    /** The record of {@code nhsNumber}, current version (a superseded number answers with its successor). */
    PdsAnswer read(String nhsNumber);

    /**
     * {@link #read} for work nobody waits on (the refresh after a sign-in): it takes only the background's share of the
     * PDS allowance ({@code background-share}), so the journeys always keep the rest.
     */
    PdsAnswer refresh(String nhsNumber);

    /**
     * Writes {@code patches} (JSON Patch operations, e.g. from {@link PdsContactDetails#patchFrom}) to the patient's
     * own record, in patient-access mode: {@code patientAccessToken} is the citizen's own, from NHS England's token
     * exchange, never the application's. {@code version} is the record's as last read ({@code If-Match}). No patches:
     * nothing is sent ({@link PdsUpdate.Unchanged}).
     */
    PdsUpdate update(String nhsNumber, String version, com.fasterxml.jackson.databind.node.ArrayNode patches,
            String patientAccessToken);

    /**
     * The citizen's own patient access to PDS, from NHS England's token exchange of their NHS login ID token (only
     * with signed-JWT credentials, {@code token-url}); empty when it cannot be had now (logged, never a token).
     */
    java.util.Optional<String> patientAccess(String idToken);

    /** How PDS has answered this node over the last {@code over} (at most a minute): circuit, errors, latency, demand. */
    DependencyHealth.Snapshot health(Duration over);

    @Override
    default void close() {
    }
}
