package org.nhsloginkeycloak.authenticators.details;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.authenticators.codes.CodeConfig;
import org.nhsloginkeycloak.authenticators.codes.CodeExchange;
import org.nhsloginkeycloak.authenticators.codes.OtherSessions;
import org.nhsloginkeycloak.authenticators.codes.SecurityCode;
import org.nhsloginkeycloak.authenticators.uplift.Uplift;
import org.nhsloginkeycloak.connectors.pds.PdsAnswer;
import org.nhsloginkeycloak.connectors.pds.PdsClient;
import org.nhsloginkeycloak.connectors.pds.PdsContactDetails;
import org.nhsloginkeycloak.connectors.pds.PdsPatient;
import org.nhsloginkeycloak.connectors.pds.PdsUpdate;
import org.nhsloginkeycloak.connectors.sms.PhoneNumbers;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.UserAttributes;

/**
 * "Your details": what PDS holds about the signed-in citizen, read fresh by their NHS number, and for a citizen at P9
 * the three things PDS lets a patient change on their own record (home address, mobile, email), written back to PDS.
 * A P0 citizen has no record to show; a P5 citizen sees theirs and how to reach P9. Name, date of birth and gender are
 * read-only, with what to do instead. A required action, so it runs only after a complete sign-in (password and
 * security code); {@code kc_action} starts it, within Keycloak's maximum sign-in age for actions.
 *
 * <p>A change is written as PDS asks (the team's {@code pds-fhir-contract.md} §7): only what changed, against the
 * version the citizen saw ({@code If-Match}), with the citizen's own patient access (NHS England's exchange of an ID
 * token minted for this session, {@link PatientIdToken}); nothing is sent when nothing changed. A new mobile or email
 * is proved by a code to it first. Keycloak's own copy ({@code phone_number}, {@code email}) changes only once PDS has
 * accepted, in the same transaction; every failure shows the form again with what the citizen typed, and changes
 * nothing. A new mobile that PDS accepts becomes the 2FA mobile; it is matched to PDS only when it already was the
 * 2FA mobile (ADR 0011).
 */
final class YourDetailsRequiredAction implements RequiredActionProvider {

    static final String FORM = "nhs-your-details.ftl";
    static final String CHANGE_FORM = "nhs-your-details-change.ftl";
    static final String CODE_FORM = "nhs-sms-code.ftl";

    /** The record as the citizen last saw it (PDS's JSON, with its version): what a change is patched against. */
    private static final String RECORD = "nhs.details.record";
    /** The kind of change whose form is open. */
    private static final String CHANGING = "nhs.details.changing";
    /** A mobile or email change waiting for the code sent to it. */
    private static final String PENDING = "nhs.details.pending";
    /** A mobile or email change whose code came back: a retry after a PDS failure needs no second code. */
    private static final String PROVED = "nhs.details.proved";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CodeExchange codes;
    private final Clock clock;

    YourDetailsRequiredAction(CodeExchange codes, Clock clock) {
        this.codes = codes;
        this.clock = clock;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        List.of(CHANGING, PENDING, PROVED).forEach(context.getAuthenticationSession()::removeAuthNote);
        context.challenge(readAndShow(context));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (form.containsKey("continue")) {
            List.of(RECORD, CHANGING, PENDING, PROVED).forEach(authSession::removeAuthNote);
            context.success();
            return;
        }
        Optional<JsonNode> record = record(authSession);
        if (record.isEmpty() || !mayChange(context.getUser(), record.get())) {
            // Below P9, a restricted record, or no record read in this sign-in: the page, and nothing else.
            context.challenge(readAndShow(context));
            return;
        }
        if (form.containsKey("cancel") || form.containsKey("skip")) {
            List.of(CHANGING, PENDING).forEach(authSession::removeAuthNote);
            context.challenge(summary(context, record.get(), null));
            return;
        }
        Optional<DetailsChange.Kind> asked = DetailsChange.Kind.named(form.getFirst("change"));
        if (asked.isPresent()) {
            authSession.setAuthNote(CHANGING, asked.get().name());
            authSession.removeAuthNote(PENDING);
            context.challenge(changeForm(context, asked.get(),
                    DetailsChange.fields(asked.get(), contact(record.get()))).createForm(CHANGE_FORM));
            return;
        }
        Optional<DetailsChange> pending = DetailsChange.fromNote(authSession.getAuthNote(PENDING));
        if (pending.isPresent() && (form.containsKey("code") || form.containsKey("resend"))) {
            code(context, form, record.get(), pending.get());
            return;
        }
        Optional<DetailsChange.Kind> changing = Optional.ofNullable(authSession.getAuthNote(CHANGING))
                .map(DetailsChange.Kind::valueOf);
        if (changing.isEmpty() || !form.containsKey("save")) {
            context.challenge(summary(context, record.get(), null));
            return;
        }
        save(context, form, record.get(), changing.get());
    }

    /** The change form submitted: checked, then written, or first proved by a code when it is a new mobile or email. */
    private void save(RequiredActionContext context, MultivaluedMap<String, String> form, JsonNode record,
            DetailsChange.Kind kind) {
        DetailsChange.Reading reading = DetailsChange.read(kind, form::getFirst);
        if (reading.change().isEmpty()) {
            LoginFormsProvider page = changeForm(context, kind, typed(kind, form));
            reading.errors().forEach((field, key) -> page.addError(new FormMessage(field, key)));
            context.challenge(page.createForm(CHANGE_FORM));
            return;
        }
        DetailsChange change = reading.change().get();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (kind == DetailsChange.Kind.ADDRESS || patches(record, change).isEmpty()
                || change.toNote().equals(authSession.getAuthNote(PROVED))) {
            write(context, record, change);
            return;
        }
        if (kind == DetailsChange.Kind.EMAIL && heldByAnother(context, change.value())) {
            context.challenge(changeForm(context, kind, change.fields())
                    .addError(new FormMessage(DetailsChange.EMAIL, "nhs-details-error-email-taken")).createForm(CHANGE_FORM));
            return;
        }
        authSession.setAuthNote(PENDING, change.toNote());
        send(context, change);
    }

    /** The code page for a pending mobile or email: a guess, or a new code. */
    private void code(RequiredActionContext context, MultivaluedMap<String, String> form, JsonNode record,
            DetailsChange pending) {
        if (form.containsKey("resend")) {
            send(context, pending);
            return;
        }
        String guess = Optional.ofNullable(form.getFirst("code")).map(String::strip).orElse("");
        if (!SecurityCode.isWellFormed(guess)) {
            context.challenge(codePage(context, pending).addError(new FormMessage("code", "nhs-sms-code-format"))
                    .createForm(CODE_FORM));
            return;
        }
        SecurityCode.Verdict verdict = codes.check(context.getSession(), context.getAuthenticationSession(),
                destination(pending), guess, CodeConfig.ofRealm(context.getRealm())).orElse(SecurityCode.Verdict.EXPIRED);
        if (verdict != SecurityCode.Verdict.ACCEPTED) {
            event(context, EventType.UPDATE_PROFILE_ERROR, pending.kind()).detail("reason", CodeExchange.reason(verdict))
                    .error(Errors.INVALID_CODE);
            context.challenge(codePage(context, pending).addError(new FormMessage("code", CodeExchange.message(verdict)))
                    .createForm(CODE_FORM));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.removeAuthNote(PENDING);
        authSession.setAuthNote(PROVED, pending.toNote());
        write(context, record, pending);
    }

    /**
     * Writes {@code change} to PDS against {@code record} (the version the citizen saw), then, once PDS has accepted,
     * to Keycloak's copy. Every other answer changes nothing and shows the form again with the citizen's values.
     */
    private void write(RequiredActionContext context, JsonNode record, DetailsChange change) {
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String nhsNumber = NhsUser.of(user).nhsNumber();
        PdsClient pds = context.getSession().getProvider(PdsClient.class);
        ArrayNode patches = patches(record, change);
        if (patches.isEmpty()) {
            // Counted by the client as a write avoided; nothing reaches PDS.
            pds.update(nhsNumber, version(record), patches, null);
            EventBuilder event = event(context, EventType.UPDATE_PROFILE, change.kind());
            String notice = "nhs-details-unchanged";
            // PDS already holds a value the citizen proved in this sign-in: an earlier update that timed out or met a
            // 503 went through after all, so Keycloak's copy follows now (never the AMNV match: ADR 0011).
            if (change.toNote().equals(authSession.getAuthNote(PROVED)) && copy(context, change, false, event)) {
                notice = "nhs-details-updated-" + change.kind().formName();
                event.detail("nhs_details", "updated_earlier");
            } else {
                event.detail("nhs_details", "unchanged");
            }
            List.of(CHANGING, PROVED).forEach(authSession::removeAuthNote);
            event.success();
            context.challenge(summary(context, record, notice));
            return;
        }
        if (change.kind() == DetailsChange.Kind.EMAIL && heldByAnother(context, change.value())) {
            // Checked again just before PDS is written: the account could not take the address afterwards.
            context.challenge(changeForm(context, change.kind(), change.fields())
                    .addError(new FormMessage(DetailsChange.EMAIL, "nhs-details-error-email-taken")).createForm(CHANGE_FORM));
            return;
        }
        Optional<String> access = PatientIdToken.mint(context.getSession(), context.getRealm(), user,
                authSession.getParentSession().getId(), clock.instant())
                .flatMap(pds::patientAccess);
        PdsUpdate answer = access.isEmpty() ? new PdsUpdate.NotAuthorised()
                : pds.update(nhsNumber, version(record), patches, access.get());
        if (answer instanceof PdsUpdate.Updated updated) {
            updated(context, updated.record(), change);
        } else if (answer instanceof PdsUpdate.VersionMismatch) {
            changedMeanwhile(context, change);
        } else if (answer instanceof PdsUpdate.Refused refused) {
            failed(context, change, "pds_refused", refused.code(),
                    refused.status() == 400 ? "nhs-details-refused-value" : "nhs-details-refused");
        } else if (answer instanceof PdsUpdate.Unavailable unavailable) {
            // After a timeout or a 503 PDS may still make the change: the next save reads it first (a 409).
            failed(context, change, "pds_unavailable", unavailable.why().name().toLowerCase(java.util.Locale.ROOT),
                    "nhs-details-write-unavailable");
        } else if (answer instanceof PdsUpdate.NotAuthorised) {
            failed(context, change, "pds_not_authorised", null, "nhs-details-write-not-sent");
        } else {
            context.challenge(summary(context, record, "nhs-details-unchanged"));
        }
    }

    /** PDS took it: Keycloak's copy follows, and the citizen sees the record as PDS now holds it. */
    private void updated(RequiredActionContext context, JsonNode now, DetailsChange change) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        EventBuilder event = event(context, EventType.UPDATE_PROFILE, change.kind()).detail("nhs_details", "updated");
        copy(context, change, true, event);
        authSession.setAuthNote(RECORD, now.toString());
        List.of(CHANGING, PENDING, PROVED).forEach(authSession::removeAuthNote);
        event.success();
        context.challenge(summary(context, now, "nhs-details-updated-" + change.kind().formName()));
    }

    /**
     * Keycloak's copy of a proved mobile or email that PDS now holds; whether it changed anything. The address has no
     * copy: no claim releases it.
     *
     * <p>A mobile (ADR 0011): the citizen's current verified 2FA mobile, put on PDS by an update PDS has just
     * accepted ({@code acceptedNow}), is the AMNV match made deliberately, proved twice (the sign-in's code and this
     * page's). Any other number becomes the 2FA mobile, proved by this page's one code, and is not matched: the NHS
     * holds it because the citizen wrote it there, so the partner is told {@code phone_number_pds_matched=false} for
     * it, as after {@code nhs-change-mobile}; their other sessions end, as on any change of the second factor.
     */
    private boolean copy(RequiredActionContext context, DetailsChange change, boolean acceptedNow, EventBuilder event) {
        UserModel user = context.getUser();
        switch (change.kind()) {
            case MOBILE -> {
                NhsUser citizen = NhsUser.of(user);
                if (citizen.phoneNumberVerified() && change.value().equals(citizen.phoneNumber())) {
                    if (!acceptedNow) {
                        return false;
                    }
                    context.getSession().getProvider(Uplift.class).adoptGpMobile(user, change.value());
                    event.detail("nhs_amnv", "matched_by_update");
                    return true;
                }
                user.setSingleAttribute(UserAttributes.PHONE_NUMBER, change.value());
                user.setSingleAttribute(UserAttributes.PHONE_NUMBER_VERIFIED, "true");
                OtherSessions.end(context.getSession(), context.getRealm(), user, context.getAuthenticationSession());
                event.detail("nhs_mobile", "changed");
                return true;
            }
            case EMAIL -> {
                if (change.value().equals(user.getEmail())) {
                    return false;
                }
                user.setEmail(change.value());
                user.setEmailVerified(true);
                if (context.getRealm().isRegistrationEmailAsUsername()) {
                    user.setUsername(change.value());
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * Someone else updated the record since the citizen read it (409): the record is read again, and the form shows
     * what it holds now beside the citizen's change, to save again against the new version.
     */
    private void changedMeanwhile(RequiredActionContext context, DetailsChange change) {
        event(context, EventType.UPDATE_PROFILE_ERROR, change.kind()).detail("reason", "pds_version_mismatch")
                .error(Errors.INVALID_INPUT);
        PdsAnswer fresh = context.getSession().getProvider(PdsClient.class).read(NhsUser.of(context.getUser()).nhsNumber());
        if (!(fresh instanceof PdsAnswer.Found found) || found.record() == null) {
            context.challenge(changeForm(context, change.kind(), change.fields())
                    .setError("nhs-details-write-unavailable").createForm(CHANGE_FORM));
            return;
        }
        context.getAuthenticationSession().setAuthNote(RECORD, found.record().toString());
        context.challenge(changeForm(context, change.kind(), change.fields())
                .setAttribute("nhsDetailsNow", new DetailsView(found.patient(), found.record(), true,
                        context.getSession().getContext().resolveLocale(context.getUser()), clock))
                .createForm(CHANGE_FORM));
    }

    private void failed(RequiredActionContext context, DetailsChange change, String reason, String pdsCode,
            String message) {
        EventBuilder event = event(context, EventType.UPDATE_PROFILE_ERROR, change.kind()).detail("reason", reason);
        if (pdsCode != null) {
            event.detail("pds_code", pdsCode);
        }
        event.error(Errors.INVALID_INPUT);
        context.challenge(changeForm(context, change.kind(), change.fields()).setError(message).createForm(CHANGE_FORM));
    }

    /** Sends a code to the new mobile or email and shows the code page. */
    private void send(RequiredActionContext context, DetailsChange change) {
        CodeExchange.Sent sent = codes.send(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), destination(change), CodeConfig.ofRealm(context.getRealm()));
        LoginFormsProvider page = codePage(context, change);
        sent.message().ifPresentOrElse(message -> page.setError(message.key(), message.parameters()),
                () -> page.setInfo(change.kind() == DetailsChange.Kind.MOBILE ? "nhs-sms-code-sent"
                        : "nhs-details-email-code-sent", hint(change)));
        context.challenge(page.createForm(CODE_FORM));
    }

    private static CodeExchange.Destination destination(DetailsChange change) {
        return change.kind() == DetailsChange.Kind.MOBILE ? CodeExchange.Destination.mobile(change.value())
                : CodeExchange.Destination.newEmail(change.value());
    }

    private static String hint(DetailsChange change) {
        return change.kind() == DetailsChange.Kind.MOBILE ? PhoneNumbers.lastFour(change.value()) : change.value();
    }

    private static LoginFormsProvider codePage(RequiredActionContext context, DetailsChange change) {
        boolean mobile = change.kind() == DetailsChange.Kind.MOBILE;
        return context.form()
                .setAttribute("nhsCodeTitleKey", mobile ? "nhs-sms-code-title" : "nhs-email-code-title")
                .setAttribute("nhsCodeHintKey", mobile ? "nhs-details-mobile-code-hint" : "nhs-details-email-code-hint")
                .setAttribute("nhsCodeHintParam", hint(change))
                .setAttribute("nhsMobileLastFour", mobile ? PhoneNumbers.lastFour(change.value()) : "")
                .setAttribute("nhsCodeSkipKey", "nhs-details-cancel");
    }

    /** Whether another account has {@code email} as its email or its username (the realm may sign in by either). */
    private boolean heldByAnother(RequiredActionContext context, String email) {
        String me = context.getUser().getId();
        UserModel byEmail = context.getSession().users().getUserByEmail(context.getRealm(), email);
        UserModel byUsername = context.getSession().users().getUserByUsername(context.getRealm(), email);
        return byEmail != null && !byEmail.getId().equals(me) || byUsername != null && !byUsername.getId().equals(me);
    }

    private ArrayNode patches(JsonNode record, DetailsChange change) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return change.applyTo(PdsContactDetails.of(record, today)).patchFrom(record, today);
    }

    private PdsContactDetails contact(JsonNode record) {
        return PdsContactDetails.of(record, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    }

    private static String version(JsonNode record) {
        return PdsPatient.of(record).version();
    }

    /** Only at P9, only for the record read in this sign-in under the citizen's own NHS number, and never restricted. */
    private static boolean mayChange(UserModel user, JsonNode record) {
        NhsUser citizen = NhsUser.of(user);
        PdsPatient patient = PdsPatient.of(record);
        return citizen.level() == ProofingLevel.P9 && citizen.nhsNumber() != null
                && citizen.nhsNumber().equals(patient.nhsNumber()) && !patient.restricted();
    }

    private static Optional<JsonNode> record(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(RECORD);
        if (note == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(note));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Reads the record fresh and shows it, keeping it (with its version) for the changes to be patched against. */
    private Response readAndShow(RequiredActionContext context) {
        UserModel user = context.getUser();
        NhsUser citizen = NhsUser.of(user);
        context.getAuthenticationSession().removeAuthNote(RECORD);
        LoginFormsProvider form = context.form().setAttribute("nhsLevel", citizen.level().name());
        if (!citizen.level().isAtLeast(ProofingLevel.P5) || citizen.nhsNumber() == null) {
            return form.setAttribute("nhsDetailsState", "none").createForm(FORM);
        }
        PdsAnswer answer = context.getSession().getProvider(PdsClient.class).read(citizen.nhsNumber());
        if (answer instanceof PdsAnswer.Found found && found.record() != null) {
            context.getAuthenticationSession().setAuthNote(RECORD, found.record().toString());
            return summary(context, found.record(), null);
        }
        return form.setAttribute("nhsDetailsState", answer instanceof PdsAnswer.NotFound
                || answer instanceof PdsAnswer.Invalidated ? "not-found" : "unavailable").createForm(FORM);
    }

    private Response summary(RequiredActionContext context, JsonNode record, String notice) {
        UserModel user = context.getUser();
        NhsUser citizen = NhsUser.of(user);
        LoginFormsProvider form = context.form().setAttribute("nhsLevel", citizen.level().name())
                .setAttribute("nhsDetailsState", "shown")
                .setAttribute("nhsDetailsEditable", mayChange(user, record))
                .setAttribute("nhsDetails", new DetailsView(PdsPatient.of(record), record,
                        citizen.level() == ProofingLevel.P9, context.getSession().getContext().resolveLocale(user),
                        clock));
        if (notice != null) {
            form.setInfo(notice);
        }
        return form.createForm(FORM);
    }

    private static LoginFormsProvider changeForm(RequiredActionContext context, DetailsChange.Kind kind,
            Map<String, String> values) {
        return context.form().setAttribute("nhsChange", kind.formName()).setAttribute("nhsChangeValues", values);
    }

    /** What the citizen typed, to show again beside the problems. */
    private static Map<String, String> typed(DetailsChange.Kind kind, MultivaluedMap<String, String> form) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        DetailsChange.fields(kind, new PdsContactDetails(List.of(), null, null, null)).keySet()
                .forEach(field -> values.put(field, Optional.ofNullable(form.getFirst(field)).orElse("")));
        return values;
    }

    private static EventBuilder event(RequiredActionContext context, EventType type, DetailsChange.Kind kind) {
        return context.getEvent().clone().event(type).user(context.getUser()).detail("nhs_details_field",
                kind.formName());
    }

    @Override
    public void close() {
    }

    /** The record as the page shows it, each value already in the form a citizen reads. */
    public static final class DetailsView {

        private final PdsPatient patient;
        private final PdsContactDetails contact;
        private final boolean fullNhsNumber;
        private final java.util.Locale locale;

        DetailsView(PdsPatient patient, JsonNode record, boolean fullNhsNumber, java.util.Locale locale, Clock clock) {
            this.locale = locale;
            this.patient = patient;
            this.contact = record == null ? new PdsContactDetails(List.of(), null, null, null)
                    : PdsContactDetails.of(record, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
            this.fullNhsNumber = fullNhsNumber;
        }

        public String getName() {
            return String.join(" ", java.util.stream.Stream.of(patient.givenName(), patient.middleNames(),
                    patient.familyName()).filter(part -> part != null && !part.isBlank()).toList());
        }

        /** As a citizen reads a date in their language, e.g. {@code 1 June 1992}, {@code 1 Mehefin 1992}. */
        public String getBirthDate() {
            return patient.birthDate() == null ? null
                    : patient.birthDate().format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", locale));
        }

        /** {@code 999 000 1006} at P9; {@code *** *** 1006} below, the last four digits only. */
        public String getNhsNumber() {
            String number = patient.nhsNumber();
            return fullNhsNumber ? number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6)
                    : "*** *** " + number.substring(6);
        }

        public boolean isFullNhsNumber() {
            return fullNhsNumber;
        }

        public List<String> getAddress() {
            List<String> lines = new java.util.ArrayList<>(contact.homeLines());
            if (contact.postcode() != null) {
                lines.add(contact.postcode());
            }
            return lines;
        }

        public String getMobile() {
            return contact.mobile();
        }

        public String getEmail() {
            return contact.email();
        }

        public String getGp() {
            return patient.gpOdsCode();
        }

        /** PDS keeps this record's location and contacts private (restricted): none of them is shown. */
        public boolean isRestricted() {
            return patient.restricted();
        }
    }
}
