package org.nhsloginkeycloak.authenticators.uplift;

import java.util.List;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;
import org.nhsloginkeycloak.connectors.pds.PdsAnswer;

/**
 * The P5 uplift and AMNV, as rules on a citizen's record: what a trace of their details against PDS does to it, and
 * what proving a GP-registered mobile does. Pages and events belong to the journey that calls it.
 */
public interface Uplift extends Provider {

    /**
     * Traces {@code details} for {@code user} (who is below P5). One unique, living match whose NHS number no other
     * account holds sets the citizen's NHS number, names, date of birth and GP from PDS, raises them to P5 and compares
     * their verified mobile with the record's (AMNV). Anything else changes nothing but the count of traces.
     */
    Traced trace(RealmModel realm, UserModel user, UpliftDetails details);

    /**
     * The citizen proved with a code that {@code mobile} (E.164, a current mobile on their GP record) is theirs: it
     * becomes their verified 2FA mobile, matched to PDS.
     */
    void adoptGpMobile(UserModel user, String mobile);

    /** Traces that found no one allowed per citizen per day, across sign-ins and doors. */
    int tracesPerDay();

    @Override
    default void close() {
    }

    /** What a trace did. */
    sealed interface Traced {

        /** The citizen is now P5; {@code gpMobiles} are the record's current mobiles (E.164) AMNV may offer. */
        record Uplifted(Amnv amnv, List<String> gpMobiles) implements Traced {
        }

        /**
         * The citizen was already at P5 or above (raised in another tab, or by an administrator, meanwhile): nothing was
         * traced or changed, and nothing is to be recorded as an uplift.
         */
        record AlreadyProofed() implements Traced {
        }

        /**
         * Nothing changed. {@code tracesLeft} today after this one; {@code pdsProblem} only for
         * {@link Refusal#PDS_UNAVAILABLE} and {@link Refusal#PDS_REFUSED}.
         */
        record Refused(Refusal why, int tracesLeft, PdsAnswer.Why pdsProblem) implements Traced {
        }
    }

    /** Why a trace did not uplift. The citizen is never told which, beyond "try again" or "come back later". */
    enum Refusal {
        NO_MATCH,
        TOO_MANY_MATCHES,
        /** A match that must not be linked: deceased, or not the NHS number the citizen gave. */
        NOT_LINKABLE,
        /** Another account holds the NHS number. */
        ALREADY_LINKED,
        ATTEMPTS_EXHAUSTED,
        /**
         * PDS refused these details (400) or answered about them with something we cannot read; counted, and told to
         * the citizen as no match.
         */
        PDS_REFUSED,
        /** PDS could not answer (down, slow, busy, or the node's allowance is spent); not counted. */
        PDS_UNAVAILABLE
    }

    /** AMNV at the end of an uplift: how the verified mobile compares with the GP record. */
    enum Amnv {
        /** The verified mobile is a current mobile on the record: {@code phone_number_pds_matched} is set. */
        MATCHED,
        /** The record has current mobiles, none the verified one: a code to one of them may match it. */
        OTHER_MOBILE,
        /** A restricted record withholds its telecoms, so it can never match. */
        RESTRICTED,
        /** The record has no current UK mobile. */
        NO_MOBILE
    }
}
