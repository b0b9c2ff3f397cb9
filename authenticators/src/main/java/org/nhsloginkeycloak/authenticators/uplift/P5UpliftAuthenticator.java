package org.nhsloginkeycloak.authenticators.uplift;

import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.authenticators.flow.UserStep;
import org.nhsloginkeycloak.authenticators.sms.SendLog;
import org.nhsloginkeycloak.authenticators.sms.SendThrottle;
import org.nhsloginkeycloak.connectors.pds.PdsAnswer;
import org.nhsloginkeycloak.connectors.pds.PdsClient;
import org.nhsloginkeycloak.connectors.pds.PdsPatient;
import org.nhsloginkeycloak.connectors.pds.PdsSearch;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * The P5 uplift: the citizen's name, date of birth and postcode, traced against PDS; one unique, living match whose
 * NHS number no other account holds sets the citizen's NHS number, names, date of birth and GP from PDS and raises
 * them to P5. Otherwise the form comes back saying what to do, never which detail was wrong or whether a person
 * exists; what they typed is kept (on the authentication session) when PDS cannot answer. At most
 * {@value #TRACES_PER_DAY} traces that find no one per citizen per day, counted across sign-ins.
 */
final class P5UpliftAuthenticator implements UserStep {

    static final String FORM = "nhs-uplift-details.ftl";
    static final int TRACES_PER_DAY = 3;
    private static final SendThrottle TRACES = new SendThrottle(TRACES_PER_DAY, Duration.ofDays(1));
    private static final String KEPT = "nhs.uplift.";
    private static final List<String> FIELDS = List.of(UpliftDetails.GIVEN, UpliftDetails.FAMILY, UpliftDetails.DAY,
            UpliftDetails.MONTH, UpliftDetails.YEAR, UpliftDetails.POSTCODE, UpliftDetails.NHS_NUMBER);

    private final Clock clock;

    P5UpliftAuthenticator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (NhsUser.levelOf(context.getUser()).isAtLeast(ProofingLevel.P5)) {
            context.success();
            return;
        }
        context.challenge(page(context).createForm(FORM));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        keep(context.getAuthenticationSession(), form);
        LocalDate today = LocalDate.now(clock);
        UpliftDetails.Reading reading = UpliftDetails.read(form::getFirst, today);
        if (reading.details().isEmpty()) {
            LoginFormsProvider page = page(context);
            reading.errors().forEach((field, key) -> page.addError(new FormMessage(field, key)));
            context.challenge(page.createForm(FORM));
            return;
        }
        UpliftDetails details = reading.details().get();
        UserModel user = context.getUser();
        SendLog traces = new SendLog(context.getSession(), "trace:" + context.getRealm().getId() + ":" + user.getId());
        Instant now = clock.instant();
        Optional<List<Instant>> admitted = TRACES.admit(traces.read(), now);
        if (admitted.isEmpty()) {
            outcome(context, "nhs_trace_attempts_exhausted");
            context.challenge(page(context).setError("nhs-uplift-attempts-exhausted").createForm(FORM));
            return;
        }
        PdsAnswer answer = context.getSession().getProvider(PdsClient.class).search(new PdsSearch(
                details.givenName(), details.familyName(), details.birthDate(), details.postcode(), false));
        if (answer instanceof PdsAnswer.Unavailable unavailable) {
            // Not the citizen's fault: nothing is counted, what they typed is kept, and they try again later.
            outcome(context, "nhs_pds_unavailable", "reason", unavailable.why().name());
            context.challenge(page(context).setError("nhs-uplift-unavailable").createForm(FORM));
            return;
        }
        if (answer instanceof PdsAnswer.Found found && matches(found.patient(), details)) {
            Optional<UserModel> holder = context.getSession().users().searchForUserByUserAttributeStream(
                    context.getRealm(), UserAttributes.NHS_NUMBER, found.patient().nhsNumber())
                    .filter(other -> !other.getId().equals(user.getId())).findFirst();
            if (holder.isPresent()) {
                traces.write(admitted.get(), TRACES.window());
                outcome(context, "nhs_nhs_number_already_linked");
                context.challenge(page(context).setError("nhs-uplift-already-linked").createForm(FORM));
                return;
            }
            uplift(user, found.patient());
            boolean amnv = mobileMatches(user, found.patient(), today);
            forget(context.getAuthenticationSession());
            context.getEvent().detail("nhs_uplift", "P5").detail("nhs_amnv", amnv ? "matched" : "not_matched");
            context.success();
            return;
        }
        traces.write(admitted.get(), TRACES.window());
        outcome(context, answer instanceof PdsAnswer.TooManyMatches ? "nhs_trace_too_many_matches"
                : answer instanceof PdsAnswer.Found ? "nhs_trace_not_linkable" : "nhs_trace_no_match");
        int left = TRACES_PER_DAY - admitted.get().size();
        context.challenge(page(context).setError(left > 0 ? "nhs-uplift-no-match" : "nhs-uplift-no-match-last", left)
                .createForm(FORM));
    }

    /** A living record, and the NHS number the citizen gave (if any) is the one found. */
    private static boolean matches(PdsPatient patient, UpliftDetails details) {
        return !patient.deceased() && (details.nhsNumber() == null || details.nhsNumber().equals(patient.nhsNumber()));
    }

    private static void uplift(UserModel user, PdsPatient patient) {
        user.setFirstName(patient.givenName());
        user.setLastName(patient.familyName());
        set(user, UserAttributes.MIDDLE_NAMES, patient.middleNames());
        set(user, UserAttributes.NHS_NUMBER, patient.nhsNumber());
        set(user, UserAttributes.BIRTHDATE, patient.birthDate() == null ? null : patient.birthDate().toString());
        set(user, UserAttributes.GP_ODS_CODE, patient.gpOdsCode());
        set(user, UserAttributes.IDENTITY_PROOFING_LEVEL, ProofingLevel.P5.name());
    }

    /**
     * AMNV's first half: the verified 2FA mobile is a current mobile on the record, so the partner may be told
     * {@code phone_number_pds_matched}. Sticky: a later trace without a match never clears it.
     */
    private static boolean mobileMatches(UserModel user, PdsPatient patient, LocalDate today) {
        NhsUser citizen = NhsUser.of(user);
        boolean matched = citizen.phoneNumberVerified() && GpMobiles.matches(citizen.phoneNumber(), patient, today);
        if (matched) {
            user.setSingleAttribute(UserAttributes.PHONE_NUMBER_PDS_MATCHED, "true");
        }
        return matched;
    }

    private static void set(UserModel user, String attribute, String value) {
        if (value == null) {
            user.removeAttribute(attribute);
        } else {
            user.setSingleAttribute(attribute, value);
        }
    }

    /** An event for each outcome; details never hold the NHS number or what the citizen typed. */
    private static void outcome(AuthenticationFlowContext context, String error, String... details) {
        var event = context.getEvent().clone().user(context.getUser());
        for (int i = 0; i + 1 < details.length; i += 2) {
            event.detail(details[i], details[i + 1]);
        }
        event.error(error);
    }

    private static LoginFormsProvider page(AuthenticationFlowContext context) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = context.getAuthenticationSession().getAuthNote(KEPT + field);
            kept.put(field, value == null ? "" : value);
        }
        return context.form().setAttribute("nhsUplift", kept);
    }

    private static void keep(AuthenticationSessionModel authSession, MultivaluedMap<String, String> form) {
        for (String field : FIELDS) {
            String value = form.getFirst(field);
            // Bounded: the form is untrusted, and auth notes live in the cluster's cache.
            authSession.setAuthNote(KEPT + field, value == null ? "" : value.length() > 100 ? value.substring(0, 100) : value);
        }
    }

    private static void forget(AuthenticationSessionModel authSession) {
        FIELDS.forEach(field -> authSession.removeAuthNote(KEPT + field));
    }
}
