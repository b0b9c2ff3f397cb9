package org.nhsloginkeycloak.authenticators.details;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;
import org.nhsloginkeycloak.connectors.pds.PdsAnswer;
import org.nhsloginkeycloak.connectors.pds.PdsClient;
import org.nhsloginkeycloak.connectors.pds.PdsContactDetails;
import org.nhsloginkeycloak.connectors.pds.PdsPatient;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;

/**
 * "Your details": what PDS holds about the signed-in citizen, read fresh by their NHS number. A P0 citizen has no record
 * to show and is told how to get one; a P5 or P9 citizen sees their name, date of birth, NHS number (in full only at
 * P9, the level that proved it), home address, mobile, email and GP practice, with what to do to change each: name,
 * date of birth and gender through their GP surgery, which PDS takes from. Nothing is written here. A required action,
 * so it runs only after a complete sign-in (password and security code); {@code kc_action} starts it.
 */
final class YourDetailsRequiredAction implements RequiredActionProvider {

    static final String FORM = "nhs-your-details.ftl";

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(page(context));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        // The page's one button: back to the service the citizen came from.
        context.success();
    }

    @Override
    public void close() {
    }

    private static jakarta.ws.rs.core.Response page(RequiredActionContext context) {
        UserModel user = context.getUser();
        NhsUser citizen = NhsUser.of(user);
        LoginFormsProvider form = context.form().setAttribute("nhsLevel", citizen.level().name());
        if (!citizen.level().isAtLeast(ProofingLevel.P5) || citizen.nhsNumber() == null) {
            return form.setAttribute("nhsDetailsState", "none").createForm(FORM);
        }
        PdsAnswer answer = context.getSession().getProvider(PdsClient.class).read(citizen.nhsNumber());
        if (answer instanceof PdsAnswer.Found found) {
            return form.setAttribute("nhsDetailsState", "shown")
                    .setAttribute("nhsDetails", new DetailsView(found.patient(), found.record(),
                            citizen.level() == ProofingLevel.P9,
                            context.getSession().getContext().resolveLocale(user)))
                    .createForm(FORM);
        }
        return form.setAttribute("nhsDetailsState", answer instanceof PdsAnswer.NotFound
                || answer instanceof PdsAnswer.Invalidated ? "not-found" : "unavailable").createForm(FORM);
    }

    /** The record as the page shows it, each value already in the form a citizen reads. */
    public static final class DetailsView {

        private final PdsPatient patient;
        private final PdsContactDetails contact;
        private final boolean fullNhsNumber;
        private final java.util.Locale locale;

        DetailsView(PdsPatient patient, com.fasterxml.jackson.databind.JsonNode record, boolean fullNhsNumber,
                java.util.Locale locale) {
            this.locale = locale;
            this.patient = patient;
            this.contact = record == null ? new PdsContactDetails(List.of(), null, null, null)
                    : PdsContactDetails.of(record, LocalDate.now(ZoneOffset.UTC));
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
