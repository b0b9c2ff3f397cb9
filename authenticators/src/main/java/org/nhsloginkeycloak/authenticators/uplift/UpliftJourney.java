package org.nhsloginkeycloak.authenticators.uplift;

import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.authenticators.flow.Door;
import org.nhsloginkeycloak.authenticators.codes.SecurityCode;
import org.nhsloginkeycloak.authenticators.codes.CodeConfig;
import org.nhsloginkeycloak.authenticators.codes.CodeExchange;
import org.nhsloginkeycloak.connectors.sms.PhoneNumbers;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;

/**
 * The P5 uplift as pages, whichever {@link Door} the citizen came through: their details, the trace (the
 * {@link Uplift} service), then AMNV. Where the citizen is between pages lives in the authentication session, so a
 * refresh, the back button or a return after PDS was down lands on the right page:
 * <ol>
 *   <li>details: the form, until a trace uplifts them (or they run out of traces for today);</li>
 *   <li>{@link Stage#OFFER}: their verified mobile is not on the GP record, which has others: text a code to one of
 *       them (last digits shown), or keep their number;</li>
 *   <li>{@link Stage#CODE}: the code sent to the GP mobile; the right code makes it their 2FA mobile, matched;</li>
 *   <li>{@link Stage#RESTRICTED}: the record withholds its telecoms, so AMNV cannot be done; they are told so.</li>
 * </ol>
 * Declining, or a record without a mobile, leaves {@code phone_number_pds_matched} as it was and the citizen at P5.
 */
final class UpliftJourney {

    static final String DETAILS_FORM = "nhs-uplift-details.ftl";
    static final String OFFER_FORM = "nhs-amnv-offer.ftl";
    static final String RESTRICTED_FORM = "nhs-amnv-restricted.ftl";
    static final String CODE_FORM = "nhs-sms-code.ftl";
    static final String FIELD_GP_MOBILE = "gp-mobile";
    static final String KEEP = "keep";

    /** Auth notes: what the citizen typed (kept while PDS is away), where they are, the GP mobiles offered. */
    private static final String KEPT = "nhs.uplift.";
    private static final String STAGE = "nhs.amnv.stage";
    private static final String GP_MOBILES = "nhs.amnv.mobiles";
    private static final String CHOSEN = "nhs.amnv.chosen";
    private static final List<String> FIELDS = List.of(UpliftDetails.GIVEN, UpliftDetails.FAMILY, UpliftDetails.DAY,
            UpliftDetails.MONTH, UpliftDetails.YEAR, UpliftDetails.POSTCODE, UpliftDetails.NHS_NUMBER);

    enum Stage { OFFER, CODE, RESTRICTED }

    private final CodeExchange codes;
    private final Clock clock;

    UpliftJourney(CodeExchange codes, Clock clock) {
        this.codes = codes;
        this.clock = clock;
    }

    /** Whether a journey is part-way through AMNV in this sign-in, so the uplift must not be skipped yet. */
    static boolean inAmnv(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(STAGE) != null;
    }

    /** The page to show on arrival (or a refresh), or done when there is nothing to do. */
    void start(Door door) {
        Optional<Stage> stage = stage(door.authSession());
        if (stage.isPresent()) {
            show(door, stage.get());
        } else if (NhsUser.levelOf(door.user()).isAtLeast(ProofingLevel.P5)) {
            door.done();
        } else {
            door.challenge(detailsPage(door).createForm(DETAILS_FORM));
        }
    }

    /** A form posted from one of the journey's pages. */
    void action(Door door) {
        Optional<Stage> stage = stage(door.authSession());
        if (stage.isEmpty()) {
            if (NhsUser.levelOf(door.user()).isAtLeast(ProofingLevel.P5)) {
                // Raised in another tab, or by an administrator, while this page was open.
                door.done();
            } else {
                details(door);
            }
            return;
        }
        switch (stage.get()) {
            case OFFER -> offer(door);
            case CODE -> code(door);
            case RESTRICTED -> finish(door);
        }
    }

    private void details(Door door) {
        MultivaluedMap<String, String> form = door.formParameters();
        if (form.containsKey("later")) {
            event(door, EventType.UPDATE_PROFILE_ERROR).error("nhs_uplift_later");
            door.leave("The user will come back to prove who they are later");
            return;
        }
        keep(door.authSession(), form);
        UpliftDetails.Reading reading = UpliftDetails.read(form::getFirst, LocalDate.now(clock));
        if (reading.details().isEmpty()) {
            LoginFormsProvider page = detailsPage(door);
            reading.errors().forEach((field, key) -> page.addError(new FormMessage(field, key)));
            door.challenge(page.createForm(DETAILS_FORM));
            return;
        }
        Uplift uplift = door.session().getProvider(Uplift.class);
        Uplift.Traced traced = uplift.trace(door.realm(), door.user(), reading.details().get());
        if (traced instanceof Uplift.Traced.Refused refused) {
            refused(door, refused);
            return;
        }
        if (traced instanceof Uplift.Traced.AlreadyProofed) {
            // Raised in another tab between this page's check and the trace: no uplift here, so no event or traffic.
            forgetDetails(door.authSession());
            door.done();
            return;
        }
        Uplift.Traced.Uplifted uplifted = (Uplift.Traced.Uplifted) traced;
        forgetDetails(door.authSession());
        keptForReturn(door).remove();
        // No NHS number, date of birth or telecom in events: who it was is the event's user.
        event(door, EventType.UPDATE_PROFILE).detail("nhs_uplift", "P5")
                .detail("nhs_amnv", uplifted.amnv().name().toLowerCase()).success();
        door.event().detail("nhs_uplift", "P5");
        switch (uplifted.amnv()) {
            case OTHER_MOBILE -> {
                door.authSession().setAuthNote(GP_MOBILES, String.join(",", uplifted.gpMobiles()));
                enter(door, Stage.OFFER);
            }
            case RESTRICTED -> enter(door, Stage.RESTRICTED);
            default -> door.done();
        }
    }

    private void refused(Door door, Uplift.Traced.Refused refused) {
        String error = switch (refused.why()) {
            case NO_MATCH -> "nhs_trace_no_match";
            case TOO_MANY_MATCHES -> "nhs_trace_too_many_matches";
            case NOT_LINKABLE -> "nhs_trace_not_linkable";
            case ALREADY_LINKED -> "nhs_nhs_number_already_linked";
            case ATTEMPTS_EXHAUSTED -> "nhs_trace_attempts_exhausted";
            case PDS_REFUSED -> "nhs_trace_refused_by_pds";
            case PDS_UNAVAILABLE -> "nhs_pds_unavailable";
        };
        EventBuilder event = event(door, EventType.UPDATE_PROFILE_ERROR);
        if (refused.pdsProblem() != null) {
            event.detail("reason", refused.pdsProblem().name());
        }
        event.error(error);
        LoginFormsProvider page = detailsPage(door);
        switch (refused.why()) {
            // Not the citizen's fault and not counted: what they typed is kept for when PDS is back, in this
            // sign-in and (for a day) the next.
            case PDS_UNAVAILABLE -> {
                keptForReturn(door).write(typed(door.authSession()));
                page.setError("nhs-uplift-unavailable");
            }
            case ALREADY_LINKED -> page.setError("nhs-uplift-already-linked");
            case ATTEMPTS_EXHAUSTED -> page.setError("nhs-uplift-attempts-exhausted");
            // No match, too many, deceased, another NHS number, details PDS refused: one answer, so nothing about
            // anyone is revealed.
            default -> page.setError(refused.tracesLeft() > 0 ? "nhs-uplift-no-match" : "nhs-uplift-no-match-last",
                    refused.tracesLeft());
        }
        door.challenge(page.createForm(DETAILS_FORM));
    }

    private void offer(Door door) {
        String choice = Optional.ofNullable(door.formParameters().getFirst(FIELD_GP_MOBILE)).orElse("");
        List<String> mobiles = gpMobiles(door.authSession());
        if (KEEP.equals(choice)) {
            event(door, EventType.UPDATE_PROFILE_ERROR).detail("nhs_amnv", "declined").error("nhs_amnv_not_matched");
            finish(door);
            return;
        }
        int index = choice.matches("[0-9]") ? Integer.parseInt(choice) : -1;
        if (index < 0 || index >= mobiles.size()) {
            door.challenge(offerPage(door).addError(new FormMessage(FIELD_GP_MOBILE, "nhs-amnv-offer-choose"))
                    .createForm(OFFER_FORM));
            return;
        }
        door.authSession().setAuthNote(CHOSEN, mobiles.get(index));
        door.authSession().setAuthNote(STAGE, Stage.CODE.name());
        send(door, mobiles.get(index));
    }

    private void code(Door door) {
        String mobile = door.authSession().getAuthNote(CHOSEN);
        MultivaluedMap<String, String> form = door.formParameters();
        if (form.containsKey("skip")) {
            event(door, EventType.UPDATE_PROFILE_ERROR).detail("nhs_amnv", "declined").error("nhs_amnv_not_matched");
            finish(door);
            return;
        }
        if (form.containsKey("resend")) {
            send(door, mobile);
            return;
        }
        String guess = Optional.ofNullable(form.getFirst("code")).map(String::strip).orElse("");
        if (!SecurityCode.isWellFormed(guess)) {
            door.challenge(codePage(door, mobile).addError(new FormMessage("code", "nhs-sms-code-format"))
                    .createForm(CODE_FORM));
            return;
        }
        SecurityCode.Verdict verdict = codes.check(door.session(), door.authSession(), mobile, guess,
                CodeConfig.ofRealm(door.realm()))
                .orElse(SecurityCode.Verdict.EXPIRED);
        if (verdict == SecurityCode.Verdict.ACCEPTED) {
            door.session().getProvider(Uplift.class).adoptGpMobile(door.user(), mobile);
            event(door, EventType.UPDATE_PROFILE).detail("nhs_amnv", "matched_by_code").success();
            finish(door);
            return;
        }
        event(door, EventType.UPDATE_PROFILE_ERROR).detail("reason", verdict.name().toLowerCase())
                .error(Errors.INVALID_CODE);
        door.challenge(codePage(door, mobile).addError(new FormMessage("code", CodeExchange.message(verdict)))
                .createForm(CODE_FORM));
    }

    /** Texts a code to the GP mobile, within the same allowances as every other code this citizen is sent. */
    private void send(Door door, String mobile) {
        CodeExchange.Sent sent = codes.send(door.session(), door.realm(), door.user(), door.authSession(), mobile,
                CodeConfig.ofRealm(door.realm()));
        LoginFormsProvider page = codePage(door, mobile);
        sent.message().ifPresentOrElse(message -> page.setError(message.key(), message.parameters()),
                () -> page.setInfo("nhs-amnv-code-sent", PhoneNumbers.lastFour(mobile)));
        door.challenge(page.createForm(CODE_FORM));
    }

    private void enter(Door door, Stage stage) {
        door.authSession().setAuthNote(STAGE, stage.name());
        show(door, stage);
    }

    private void show(Door door, Stage stage) {
        switch (stage) {
            case OFFER -> door.challenge(offerPage(door).createForm(OFFER_FORM));
            case CODE -> door.challenge(codePage(door, door.authSession().getAuthNote(CHOSEN)).createForm(CODE_FORM));
            case RESTRICTED -> door.challenge(door.form().createForm(RESTRICTED_FORM));
        }
    }

    private void finish(Door door) {
        AuthenticationSessionModel authSession = door.authSession();
        List.of(STAGE, GP_MOBILES, CHOSEN).forEach(authSession::removeAuthNote);
        door.done();
    }

    private static LoginFormsProvider offerPage(Door door) {
        return door.form()
                .setAttribute("nhsGpMobiles", gpMobiles(door.authSession()).stream().map(PhoneNumbers::lastFour).toList())
                .setAttribute("nhsMobileLastFour", Optional.ofNullable(NhsUser.of(door.user()).phoneNumber())
                        .map(PhoneNumbers::lastFour).orElse(""));
    }

    private static LoginFormsProvider codePage(Door door, String mobile) {
        return door.form()
                .setAttribute("nhsMobileLastFour", PhoneNumbers.lastFour(mobile))
                .setAttribute("nhsCodeTitleKey", "nhs-amnv-code-title")
                .setAttribute("nhsCodeHintKey", "nhs-amnv-code-hint")
                .setAttribute("nhsCodeSkipKey", "nhs-amnv-code-skip");
    }

    private static List<String> gpMobiles(AuthenticationSessionModel authSession) {
        String kept = authSession.getAuthNote(GP_MOBILES);
        return kept == null || kept.isEmpty() ? List.of() : Arrays.asList(kept.split(","));
    }

    private static Optional<Stage> stage(AuthenticationSessionModel authSession) {
        String stage = authSession.getAuthNote(STAGE);
        return Arrays.stream(Stage.values()).filter(s -> s.name().equals(stage)).findFirst();
    }

    /** An event of this journey's own, for the citizen, beside the one Keycloak records for the request. */
    private static EventBuilder event(Door door, EventType type) {
        return door.event().clone().event(type).user(door.user());
    }

    private static LoginFormsProvider detailsPage(Door door) {
        Map<String, String> kept = typed(door.authSession());
        if (kept.values().stream().allMatch(String::isEmpty)) {
            // A new sign-in after PDS failed them: what they typed then.
            kept.putAll(keptForReturn(door).read(FIELDS));
        }
        return door.form().setAttribute("nhsUplift", kept);
    }

    private static Map<String, String> typed(AuthenticationSessionModel authSession) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = authSession.getAuthNote(KEPT + field);
            kept.put(field, value == null ? "" : value);
        }
        return kept;
    }

    private static KeptDetails keptForReturn(Door door) {
        return new KeptDetails(door.session(), door.realm().getId() + ":" + door.user().getId());
    }

    private static void keep(AuthenticationSessionModel authSession, MultivaluedMap<String, String> form) {
        for (String field : FIELDS) {
            String value = form.getFirst(field);
            // Bounded: the form is untrusted, and auth notes live in the cluster's cache.
            authSession.setAuthNote(KEPT + field, value == null ? "" : value.length() > 100 ? value.substring(0, 100) : value);
        }
    }

    private static void forgetDetails(AuthenticationSessionModel authSession) {
        FIELDS.forEach(field -> authSession.removeAuthNote(KEPT + field));
    }
}
