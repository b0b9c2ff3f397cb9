package org.nhsloginkeycloak.authenticators.uplift;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nhsloginkeycloak.authenticators.codes.UkMobileNumbers;
import org.nhsloginkeycloak.connectors.pds.PdsPatient;
import org.nhsloginkeycloak.connectors.pds.PdsPhone;

/**
 * AMNV's view of a PDS record: the UK mobiles on it that are current today, as E.164. PDS holds numbers as people wrote
 * them ({@code 07700 900100}, {@code +44 7700 900302}, {@code 00447700900400}), and a contact number of any {@code use}
 * counts (NHS login: "matches a contact number on PDS"); landlines, ended entries and a restricted record's withheld
 * telecom never do.
 */
final class GpMobiles {

    private GpMobiles() {
    }

    /** The record's current UK mobiles, normalised, in PDS order, each once. */
    static List<String> current(PdsPatient patient, LocalDate today) {
        if (patient.restricted()) {
            return List.of();
        }
        Set<String> mobiles = new LinkedHashSet<>();
        for (PdsPhone phone : patient.phones()) {
            if (phone.currentOn(today)) {
                UkMobileNumbers.toE164(phone.value()).ifPresent(mobiles::add);
            }
        }
        return List.copyOf(mobiles);
    }

    /** Whether the citizen's verified 2FA mobile (E.164) is one of them: the AMNV match. */
    static boolean matches(String verifiedMobile, PdsPatient patient, LocalDate today) {
        return verifiedMobile != null && current(patient, today).contains(verifiedMobile);
    }
}
