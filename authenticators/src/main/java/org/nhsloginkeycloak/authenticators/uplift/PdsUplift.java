package org.nhsloginkeycloak.authenticators.uplift;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.nhsloginkeycloak.connectors.pds.PdsAnswer;
import org.nhsloginkeycloak.connectors.pds.PdsClient;
import org.nhsloginkeycloak.connectors.pds.PdsPatient;
import org.nhsloginkeycloak.connectors.pds.PdsSearch;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.UserAttributes;

/** {@link Uplift} against PDS through the realm's {@link PdsClient}. */
final class PdsUplift implements Uplift {

    /** At most as long as one sign-in takes to link; released when its transaction ends. */
    private static final Duration CLAIM = Duration.ofMinutes(1);

    private final KeycloakSession session;
    private final int tracesPerDay;
    private final Clock clock;

    PdsUplift(KeycloakSession session, int tracesPerDay, Clock clock) {
        this.session = session;
        this.tracesPerDay = tracesPerDay;
        this.clock = clock;
    }

    @Override
    public Traced trace(RealmModel realm, UserModel user, UpliftDetails details) {
        if (NhsUser.levelOf(user).isAtLeast(ProofingLevel.P5)) {
            // Raised in another tab meanwhile: a second trace must not replace the identity just linked.
            return new Traced.AlreadyProofed();
        }
        TraceSlots slots = new TraceSlots(session, realm.getId() + ":" + user.getId(), tracesPerDay);
        Optional<String> slot = slots.take();
        if (slot.isEmpty()) {
            return new Traced.Refused(Refusal.ATTEMPTS_EXHAUSTED, 0, null);
        }
        PdsSearch search;
        try {
            search = new PdsSearch(details.givenName(), details.familyName(), details.birthDate(), details.postcode(),
                    PdsSearch.Match.NON_FUZZY);
        } catch (IllegalArgumentException e) {
            // The form lets through only what PDS holds; should it ever let more through, PDS is not asked and the
            // trace counts, as a 400 would.
            return new Traced.Refused(Refusal.PDS_REFUSED, slots.left(), PdsAnswer.Why.BAD_REQUEST);
        }
        PdsClient pds = session.getProvider(PdsClient.class);
        PdsAnswer answer = pds.search(search);
        if (answer instanceof PdsAnswer.NotFound && details.nhsNumber() != null) {
            answer = restricted(pds, details);
        }
        if (answer instanceof PdsAnswer.Unavailable unavailable) {
            // Not the citizen's doing (PDS down, slow, throttling, or this node's allowance spent): not counted.
            slots.giveBack(slot.get());
            return new Traced.Refused(Refusal.PDS_UNAVAILABLE, slots.left(), unavailable.why());
        }
        if (answer instanceof PdsAnswer.Unusable unusable) {
            // A 400 for these details, or an answer about them we cannot read: asking again gets the same, so it is
            // counted like a trace that found no one. Returning the slot would let a script spend the node's PDS
            // allowance, which every citizen shares, at no cost to itself.
            return new Traced.Refused(Refusal.PDS_REFUSED, slots.left(), unusable.why());
        }
        if (answer instanceof PdsAnswer.Found found && linkable(found.patient(), details)) {
            PdsPatient patient = found.patient();
            if (claim(realm, user, patient.nhsNumber())) {
                slots.giveBack(slot.get());
                return uplift(user, patient);
            }
            return new Traced.Refused(Refusal.ALREADY_LINKED, slots.left(), null);
        }
        Refusal why = answer instanceof PdsAnswer.TooManyMatches ? Refusal.TOO_MANY_MATCHES
                : answer instanceof PdsAnswer.Found ? Refusal.NOT_LINKABLE : Refusal.NO_MATCH;
        return new Traced.Refused(why, slots.left(), null);
    }

    /**
     * Whether {@code nhsNumber} may be linked to {@code user}: no other account holds it, and no other sign-in is
     * linking it at this moment (a short cluster-wide claim, as attributes have no unique constraint).
     */
    private boolean claim(RealmModel realm, UserModel user, String nhsNumber) {
        String key = "nhs-number-claim:" + realm.getId() + ":" + nhsNumber;
        SingleUseObjectProvider store = session.getProvider(SingleUseObjectProvider.class);
        if (!store.putIfAbsent(key, CLAIM.toSeconds())) {
            return false;
        }
        // Held until this request's transaction ends; from then on the stored attribute says who holds the number, so
        // the search after the claim sees any linking that finished before it.
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                store.remove(key);
            }

            @Override
            protected void rollbackImpl() {
                store.remove(key);
            }
        });
        return !LinkedRecord.heldByAnother(session, realm, user, nhsNumber);
    }

    /**
     * PDS never returns a restricted record to a search with a postcode, as its address is withheld. So when the
     * citizen gave their NHS number too, the same search without the postcode is tried once; only a restricted record
     * it finds counts, the NHS number standing in for the postcode it cannot be checked against. Anyone else must match
     * on the postcode.
     */
    private static PdsAnswer restricted(PdsClient pds, UpliftDetails details) {
        PdsAnswer answer = pds.search(new PdsSearch(details.givenName(), details.familyName(), details.birthDate(),
                null, PdsSearch.Match.NON_FUZZY));
        if (answer instanceof PdsAnswer.Unavailable || answer instanceof PdsAnswer.Unusable) {
            return answer;
        }
        return answer instanceof PdsAnswer.Found found && found.patient().restricted() ? answer : new PdsAnswer.NotFound();
    }

    /** A living record, and the NHS number the citizen gave (if any) is the one found. */
    private static boolean linkable(PdsPatient patient, UpliftDetails details) {
        return !patient.deceased() && (details.nhsNumber() == null || details.nhsNumber().equals(patient.nhsNumber()));
    }

    private Traced uplift(UserModel user, PdsPatient patient) {
        LinkedRecord.copy(user, patient);
        user.setSingleAttribute(UserAttributes.NHS_NUMBER, patient.nhsNumber());
        user.setSingleAttribute(UserAttributes.IDENTITY_PROOFING_LEVEL, ProofingLevel.P5.name());
        LocalDate today = LocalDate.now(clock);
        List<String> gpMobiles = GpMobiles.current(patient, today);
        NhsUser citizen = NhsUser.of(user);
        if (citizen.phoneNumberVerified() && GpMobiles.matches(citizen.phoneNumber(), patient, today)) {
            matched(user, citizen.phoneNumber());
            return new Traced.Uplifted(Amnv.MATCHED, gpMobiles);
        }
        Amnv amnv = patient.restricted() ? Amnv.RESTRICTED : gpMobiles.isEmpty() ? Amnv.NO_MOBILE : Amnv.OTHER_MOBILE;
        return new Traced.Uplifted(amnv, gpMobiles);
    }

    @Override
    public void adoptGpMobile(UserModel user, String mobile) {
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER, mobile);
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER_VERIFIED, "true");
        matched(user, mobile);
    }

    /**
     * The flag is sticky, as NHS login's claim is: once true it is never cleared. What it applies to is the number
     * matched, kept beside it with the time, so a later change of mobile cannot inherit it (the mapper compares them).
     */
    private void matched(UserModel user, String mobile) {
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER_PDS_MATCHED, "true");
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER_PDS_MATCHED_NUMBER, mobile);
        user.setSingleAttribute(UserAttributes.PHONE_NUMBER_PDS_MATCHED_AT,
                clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    @Override
    public int tracesPerDay() {
        return tracesPerDay;
    }
}
