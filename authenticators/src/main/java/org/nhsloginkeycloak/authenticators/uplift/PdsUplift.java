package org.nhsloginkeycloak.authenticators.uplift;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.nhsloginkeycloak.authenticators.sms.SendLog;
import org.nhsloginkeycloak.authenticators.sms.SendThrottle;
import org.nhsloginkeycloak.connectors.pds.PdsAnswer;
import org.nhsloginkeycloak.connectors.pds.PdsClient;
import org.nhsloginkeycloak.connectors.pds.PdsPatient;
import org.nhsloginkeycloak.connectors.pds.PdsSearch;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.UserAttributes;

/** {@link Uplift} against PDS through the realm's {@link PdsClient}. */
final class PdsUplift implements Uplift {

    private final KeycloakSession session;
    private final SendThrottle traces;
    private final Clock clock;

    PdsUplift(KeycloakSession session, SendThrottle traces, Clock clock) {
        this.session = session;
        this.traces = traces;
        this.clock = clock;
    }

    @Override
    public Traced trace(RealmModel realm, UserModel user, UpliftDetails details) {
        SendLog log = new SendLog(session, "trace:" + realm.getId() + ":" + user.getId());
        Instant now = clock.instant();
        Optional<List<Instant>> admitted = traces.admit(log.read(), now);
        if (admitted.isEmpty()) {
            return new Traced.Refused(Refusal.ATTEMPTS_EXHAUSTED, 0, null);
        }
        PdsClient pds = session.getProvider(PdsClient.class);
        PdsAnswer answer = pds.search(new PdsSearch(
                details.givenName(), details.familyName(), details.birthDate(), details.postcode(), false));
        if (answer instanceof PdsAnswer.NotFound && details.nhsNumber() != null) {
            answer = restricted(pds, details);
        }
        if (answer instanceof PdsAnswer.Unavailable unavailable) {
            // Not the citizen's fault: not counted.
            return new Traced.Refused(Refusal.PDS_UNAVAILABLE, traces.limit() - admitted.get().size() + 1,
                    unavailable.why());
        }
        if (answer instanceof PdsAnswer.Found found && linkable(found.patient(), details)) {
            PdsPatient patient = found.patient();
            boolean heldByAnother = session.users().searchForUserByUserAttributeStream(realm, UserAttributes.NHS_NUMBER,
                    patient.nhsNumber()).anyMatch(other -> !other.getId().equals(user.getId()));
            if (!heldByAnother) {
                return uplift(user, patient);
            }
        }
        log.write(admitted.get(), traces.window());
        Refusal why = answer instanceof PdsAnswer.TooManyMatches ? Refusal.TOO_MANY_MATCHES
                : answer instanceof PdsAnswer.Found found
                        ? linkable(found.patient(), details) ? Refusal.ALREADY_LINKED : Refusal.NOT_LINKABLE
                        : Refusal.NO_MATCH;
        return new Traced.Refused(why, traces.limit() - admitted.get().size(), null);
    }

    /**
     * PDS never returns a restricted record to a search with a postcode, as its address is withheld. So when the
     * citizen gave their NHS number too, the same search without the postcode is tried once; only a restricted record
     * it finds counts, the NHS number standing in for the postcode it cannot be checked against. Anyone else must match
     * on the postcode.
     */
    private static PdsAnswer restricted(PdsClient pds, UpliftDetails details) {
        PdsAnswer answer = pds.search(new PdsSearch(
                details.givenName(), details.familyName(), details.birthDate(), null, false));
        if (answer instanceof PdsAnswer.Unavailable) {
            return answer;
        }
        return answer instanceof PdsAnswer.Found found && found.patient().restricted() ? answer : new PdsAnswer.NotFound();
    }

    /** A living record, and the NHS number the citizen gave (if any) is the one found. */
    private static boolean linkable(PdsPatient patient, UpliftDetails details) {
        return !patient.deceased() && (details.nhsNumber() == null || details.nhsNumber().equals(patient.nhsNumber()));
    }

    private Traced uplift(UserModel user, PdsPatient patient) {
        user.setFirstName(patient.givenName());
        user.setLastName(patient.familyName());
        set(user, UserAttributes.MIDDLE_NAMES, patient.middleNames());
        set(user, UserAttributes.NHS_NUMBER, patient.nhsNumber());
        set(user, UserAttributes.BIRTHDATE, patient.birthDate() == null ? null : patient.birthDate().toString());
        set(user, UserAttributes.GP_ODS_CODE, patient.gpOdsCode());
        set(user, UserAttributes.IDENTITY_PROOFING_LEVEL, ProofingLevel.P5.name());
        LocalDate today = LocalDate.now(clock);
        List<String> gpMobiles = GpMobiles.current(patient, today);
        NhsUser citizen = NhsUser.of(user);
        if (citizen.phoneNumberVerified() && gpMobiles.contains(citizen.phoneNumber())) {
            matched(user);
            return new Traced.Uplifted(Amnv.MATCHED, gpMobiles);
        }
        Amnv amnv = patient.restricted() ? Amnv.RESTRICTED : gpMobiles.isEmpty() ? Amnv.NO_MOBILE : Amnv.OTHER_MOBILE;
        return new Traced.Uplifted(amnv, gpMobiles);
    }

    @Override
    public void adoptGpMobile(UserModel user, String mobile) {
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER, mobile);
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER_VERIFIED, "true");
        matched(user);
    }

    /** Sticky, as NHS login's claim is: once true it is never cleared, and keeps the time it first became true. */
    private void matched(UserModel user) {
        if (!"true".equals(user.getFirstAttribute(UserAttributes.PHONE_NUMBER_PDS_MATCHED))) {
            user.setSingleAttribute(UserAttributes.PHONE_NUMBER_PDS_MATCHED, "true");
            user.setSingleAttribute(UserAttributes.PHONE_NUMBER_PDS_MATCHED_AT,
                    clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        }
    }

    @Override
    public int tracesPerDay() {
        return traces.limit();
    }

    private static void set(UserModel user, String attribute, String value) {
        if (value == null) {
            user.removeAttribute(attribute);
        } else {
            user.setSingleAttribute(attribute, value);
        }
    }
}
