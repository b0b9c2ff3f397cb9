package org.nhsloginkeycloak.connectors.pds;

import java.time.LocalDate;

/**
 * A {@code telecom} entry with {@code system = phone}. The value is as PDS holds it, free-form ({@code 07700900123},
 * {@code +44 7700 900123}, {@code 00917855986859}): compare after normalising.
 *
 * @param use {@code mobile}, {@code home}, {@code work}, {@code temp}, or {@code null}
 * @param until the end of its period, or {@code null} when it is open
 */
public record PdsPhone(String value, String use, LocalDate until) {

    /** Whether the number is current on {@code day}: no end, or an end not before it. */
    public boolean currentOn(LocalDate day) {
        return until == null || !until.isBefore(day);
    }

    @Override
    public String toString() {
        return "PdsPhone[use=" + use + ", until=" + until + "]";
    }
}
