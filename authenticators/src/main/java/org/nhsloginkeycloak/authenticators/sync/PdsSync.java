package org.nhsloginkeycloak.authenticators.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.nhsloginkeycloak.connectors.pds.PdsAnswer;
import org.nhsloginkeycloak.connectors.pds.PdsClient;
import org.nhsloginkeycloak.authenticators.uplift.LinkedRecord;
import org.nhsloginkeycloak.connectors.pds.PdsPatient;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * One citizen's Keycloak copy brought in line with their PDS record, read by NHS number: a superseded number moves to
 * the current one (unless another account holds it), changed names, birth date and GP practice replace Keycloak's, and
 * a record of someone who has died disables the account and ends its sessions. Each outcome is an event
 * ({@code UPDATE_PROFILE} with {@code nhs_pds_sync}, or {@code UPDATE_PROFILE_ERROR} with {@code pds_sync_...}) naming what changed,
 * never the values, and a count in {@code nhs_pds_sync_total{outcome}}.
 */
final class PdsSync {

    /** What came of one synchronisation. */
    enum Outcome {
        /** Keycloak's copy already matched. */
        UNCHANGED,
        /** Keycloak's copy changed (the event says which fields). */
        UPDATED,
        /** PDS records the citizen as deceased: the account is disabled. */
        DECEASED,
        /** PDS has no such record, or it was invalidated: nothing changed, an administrator should look. */
        NOT_FOUND,
        /** The current NHS number is held by another account: nothing changed, an administrator should look. */
        CONFLICT,
        /** PDS could not answer: nothing changed; the citizen's next sign-in tries again. */
        UNAVAILABLE
    }

    private static final Logger LOG = Logger.getLogger(PdsSync.class);

    private final MeterRegistry meters;

    PdsSync(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Synchronises the user if they are still at P5 or P9 with an NHS number; null when there was nothing to do. */
    Outcome sync(KeycloakSession session, RealmModel realm, UserModel user) {
        NhsUser citizen = NhsUser.of(user);
        if (!citizen.level().isAtLeast(ProofingLevel.P5) || citizen.nhsNumber() == null || !user.isEnabled()) {
            return null;
        }
        PdsAnswer answer = session.getProvider(PdsClient.class).refresh(citizen.nhsNumber());
        Outcome outcome;
        List<String> changed = new ArrayList<>();
        if (answer instanceof PdsAnswer.Found found) {
            outcome = apply(session, realm, user, found.patient(), changed);
        } else if (answer instanceof PdsAnswer.NotFound || answer instanceof PdsAnswer.Invalidated) {
            outcome = Outcome.NOT_FOUND;
        } else {
            outcome = Outcome.UNAVAILABLE;
        }
        event(session, realm, user, outcome, changed);
        Counter.builder("nhs.pds.sync").tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters).increment();
        return outcome;
    }

    private static Outcome apply(KeycloakSession session, RealmModel realm, UserModel user, PdsPatient patient,
            List<String> changed) {
        if (patient.deceased()) {
            user.setEnabled(false);
            session.sessions().getUserSessionsStream(realm, user).toList()
                    .forEach(each -> session.sessions().removeUserSession(realm, each));
            // The user's id only: the NHS number and the record stay out of the log.
            LOG.warnf("User %s in realm %s disabled: PDS records them as deceased", user.getId(), realm.getName());
            return Outcome.DECEASED;
        }
        String stored = user.getFirstAttribute(UserAttributes.NHS_NUMBER);
        if (!patient.nhsNumber().equals(stored)) {
            if (LinkedRecord.heldByAnother(session, realm, user, patient.nhsNumber())) {
                LOG.warnf("User %s in realm %s: PDS superseded their NHS number by one another account holds;"
                        + " nothing changed", user.getId(), realm.getName());
                return Outcome.CONFLICT;
            }
            user.setSingleAttribute(UserAttributes.NHS_NUMBER, patient.nhsNumber());
            changed.add("nhs_number");
        }
        changed.addAll(LinkedRecord.copy(user, patient));
        return changed.isEmpty() ? Outcome.UNCHANGED : Outcome.UPDATED;
    }

    private static void event(KeycloakSession session, RealmModel realm, UserModel user, Outcome outcome,
            List<String> changed) {
        EventBuilder event = new EventBuilder(realm, session).user(user).detail("nhs_pds_sync",
                outcome.name().toLowerCase(java.util.Locale.ROOT));
        switch (outcome) {
            case UNCHANGED, UPDATED, DECEASED -> {
                if (!changed.isEmpty()) {
                    event.detail("nhs_pds_sync_changed", String.join(",", changed));
                }
                event.event(EventType.UPDATE_PROFILE).success();
            }
            // Not "nhs_..." as the uplift's errors are: the campaign funnel counts those as an uplift started.
            default -> event.event(EventType.UPDATE_PROFILE_ERROR).error("pds_sync_"
                    + outcome.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
