package org.nhsloginkeycloak.connectors.pds;

import java.time.LocalDate;
import java.util.List;

/**
 * A PDS record as NHS login's journeys use it. Names come from the {@code usual} name: {@code given[0]} is the first
 * name (possibly compound, e.g. "Mary Ellen"), {@code given[1..]} the middle names. Fields PDS withholds (a restricted
 * patient's telecom and GP) are empty lists and {@code null}. {@code toString} leaves out everything personal.
 *
 * @param nhsNumber the record's current NHS number (a superseded search answers with the superseding record)
 * @param middleNames space-separated, in PDS order; {@code null} when there are none
 * @param version {@code meta.versionId}, for {@code If-Match} on a later update
 */
public record PdsPatient(String nhsNumber, String givenName, String middleNames, String familyName,
        LocalDate birthDate, boolean deceased, boolean restricted, String gpOdsCode, List<PdsPhone> phones,
        String version) {

    public PdsPatient {
        phones = phones == null ? List.of() : List.copyOf(phones);
    }

    /** The patient in {@code resource}, a PDS Patient resource as PDS answered it (e.g. {@link PdsAnswer.Found#record()}). */
    public static PdsPatient of(com.fasterxml.jackson.databind.JsonNode resource) {
        return PdsResponses.toPatient(resource);
    }

    @Override
    public String toString() {
        return "PdsPatient[restricted=" + restricted + ", deceased=" + deceased + ", phones=" + phones.size() + "]";
    }
}
