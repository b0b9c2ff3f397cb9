package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Json;
import org.nhsloginkeycloak.it.support.Mailbox;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.SmsInbox;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * ADR 0008: a mobile is bound to an account only after two of its factors, and the AMNV claim describes only the number
 * it matched. Each test is a takeover attempt as an attacker who knows one factor would make it.
 */
@ExtendWith(SandpitExtension.class)
class MobileBindingIT {

    private static final String MOBILE_FORM = "#nhs-mobile-form";

    private Sandpit sandpit;
    private AdminApi admin;
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void setUp(Sandpit sandpit) {
        this.sandpit = sandpit;
        this.admin = new AdminApi(sandpit);
    }

    @AfterEach
    void removeThem() {
        created.stream().filter(admin::exists).forEach(admin::deleteUser);
    }

    /** A P5 citizen whose verified mobile AMNV matched to their GP record. */
    private String matchedP5Citizen(String prefix, String mobile) {
        String username = admin.createCitizen(prefix, mobile);
        created.add(username);
        admin.setAttributes(username, Map.of("identity_proofing_level", "P5", "phone_number_pds_matched", "true",
                "phone_number_pds_matched_number", mobile, "phone_number_pds_matched_at", "2026-11-01T09:00:00Z"));
        return username;
    }

    @Test
    void aPasswordAloneNeverBindsAMobileAndARecoveryKeepsNoMoreThanP0() {
        String old = TestMobiles.next();
        String attackers = TestMobiles.next();
        String citizen = matchedP5Citizen("bind-password", old);
        // ADR 0003 used to tell administrators to do this so that a citizen could register a new mobile.
        admin.setAttributes(citizen, Map.of("phone_number_verified", "false"));
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid phone");
        Citizen attacker = new Citizen(sandpit);

        Citizen.Landing afterPassword = attacker.signInWithPassword(request.uri(), citizen, AdminApi.TEST_PASSWORD);

        assertThat(afterPassword.page().selectFirst(MOBILE_FORM)).as("no mobile page after the password alone").isNull();
        assertThat(afterPassword.page().text()).contains("Check your email");
        assertThat(admin.attribute(citizen, "phone_number")).isEqualTo(old);

        // Whoever also has the inbox may add a mobile, told first what it costs, and keeps no more than email proves.
        Citizen.Landing mobilePage = attacker.enterSmsCode(afterPassword, new Mailbox(sandpit).latestCodeTo(citizen));
        assertThat(mobilePage.page().selectFirst(MOBILE_FORM)).isNotNull();
        assertThat(mobilePage.page().text()).contains("you will then need to prove who you are again");
        Citizen.Landing code = attacker.submit(mobilePage, MOBILE_FORM, Map.of("mobile", TestMobiles.typed(attackers)));
        URI back = attacker.enterSmsCode(code, new SmsInbox(sandpit).latestCode(attackers)).redirect();

        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P0.Cp.Cd");
        JsonNode userinfo = Json.parse(partner.userinfo(tokens.path("access_token").asText()).body());
        assertThat(userinfo.path("phone_number").asText()).isEqualTo(attackers);
        assertThat(userinfo.path("phone_number_pds_matched").asBoolean()).as("PDS never matched this number").isFalse();
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P0");
        // The match stays on record, for the number it matched.
        assertThat(admin.attribute(citizen, "phone_number_pds_matched")).isEqualTo("true");
        assertThat(admin.attribute(citizen, "phone_number_pds_matched_number")).isEqualTo(old);
        String events = admin.send("GET", "/events?type=UPDATE_PROFILE&user=" + admin.user(citizen).path("id").asText(),
                "").body();
        assertThat(events).contains("recovered").contains("\"nhs_previous_level\":\"P5\"")
                .doesNotContain(attackers.substring(3)).doesNotContain(old.substring(3));
    }

    @Test
    void aResetLinkAloneNeverBindsAMobile() {
        String attackers = TestMobiles.next();
        String citizen = matchedP5Citizen("bind-reset", TestMobiles.next());
        admin.setAttributes(citizen, Map.of("phone_number_verified", "false"));
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");
        Citizen person = new Citizen(sandpit);

        Citizen.Landing afterLink = person.followResetLink(request.uri(), citizen);

        assertThat(afterLink.page().selectFirst(MOBILE_FORM)).as("no mobile page after the reset link alone").isNull();
        assertThat(afterLink.page().text()).contains("Check your email");
        Citizen.Landing mobilePage = person.enterSmsCode(afterLink, new Mailbox(sandpit).latestCodeTo(citizen));
        Citizen.Landing code = person.submit(mobilePage, MOBILE_FORM, Map.of("mobile", TestMobiles.typed(attackers)));
        Citizen.Landing newPassword = person.enterSmsCode(code, new SmsInbox(sandpit).latestCode(attackers));
        person.submit(newPassword, "#kc-passwd-update-form",
                Map.of("password-new", "a-new-long-password", "password-confirm", "a-new-long-password")).redirect();
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P0");
    }

    /**
     * An account with a password whose email was never proved (a registration left before its emailed code, in a
     * realm whose form took a password, or an account an administrator made): its mobile waits for the email.
     */
    @Test
    void anAccountWhoseEmailWasNeverProvedProvesItBeforeAMobileIsBound() {
        String email = "bind-unproved-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        ObjectNode user = Json.object().put("username", email).put("email", email).put("emailVerified", false)
                .put("enabled", true);
        user.putArray("credentials").addObject().put("type", "password").put("value", AdminApi.TEST_PASSWORD)
                .put("temporary", false);
        HttpResponse<String> response = admin.send("POST", "/users", user.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        created.add(email);
        String someoneElses = TestMobiles.next();
        Citizen someoneElse = new Citizen(sandpit);

        Citizen.Landing afterPassword = someoneElse.signInWithPassword(
                Partner.healthInformation(sandpit).authorize("openid").uri(), email, AdminApi.TEST_PASSWORD);
        assertThat(afterPassword.page().selectFirst(MOBILE_FORM)).isNull();
        assertThat(afterPassword.page().text()).contains("Check your email");
        // Without the inbox nothing gets further: a wrong code, and no mobile page.
        String code = new Mailbox(sandpit).latestCodeTo(email);
        Citizen.Landing wrong = someoneElse.enterSmsCode(afterPassword, code.equals("000000") ? "111111" : "000000");

        assertThat(wrong.page().selectFirst(MOBILE_FORM)).isNull();
        assertThat(wrong.page().text()).contains("The security code is not correct");
        assertThat(new SmsInbox(sandpit).sentTo(someoneElses)).isEmpty();
        assertThat(admin.attribute(email, "phone_number")).isNull();
        assertThat(admin.user(email).path("emailVerified").asBoolean()).isFalse();
    }

    @Test
    void theMatchFlagDescribesOnlyTheNumberItMatched() {
        String matched = TestMobiles.next();
        String another = TestMobiles.next();
        String citizen = matchedP5Citizen("bind-flag", matched);
        assertThat(pdsMatchedInUserinfo(citizen)).as("the matched number").isTrue();

        // An administrator (or a future change-of-mobile journey) puts another verified number on the account.
        admin.setAttributes(citizen, Map.of("phone_number", another));

        assertThat(pdsMatchedInUserinfo(citizen)).as("a number PDS never matched").isFalse();
        assertThat(admin.attribute(citizen, "phone_number_pds_matched")).as("the record stays").isEqualTo("true");
        // Back to the number that was matched: the record applies again.
        admin.setAttributes(citizen, Map.of("phone_number", matched));
        assertThat(pdsMatchedInUserinfo(citizen)).isTrue();
    }

    private boolean pdsMatchedInUserinfo(String citizen) {
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid phone");
        URI back = new Citizen(sandpit).signIn(request.uri(), citizen, AdminApi.TEST_PASSWORD).redirect();
        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        JsonNode userinfo = Json.parse(partner.userinfo(tokens.path("access_token").asText()).body());
        assertThat(userinfo.has("phone_number_pds_matched")).isTrue();
        return userinfo.path("phone_number_pds_matched").asBoolean();
    }

    @Test
    void aVerifiedMobileIsChangedAfterThePasswordAndACodeToItAndTheLevelStays() {
        String old = TestMobiles.next();
        String replacement = TestMobiles.next();
        String citizen = matchedP5Citizen("change-mobile", old);
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid phone", Map.of("kc_action", "nhs-change-mobile"));
        Citizen person = new Citizen(sandpit);

        // The sign-in texts the current mobile: password and that code come before anything can change.
        Citizen.Landing change = person.signIn(request.uri(), citizen, AdminApi.TEST_PASSWORD);
        assertThat(new SmsInbox(sandpit).sentTo(old)).hasSize(1);
        assertThat(change.page().selectFirst("h1").text()).isEqualTo("Enter your new mobile phone number");
        assertThat(change.page().text()).contains("ending " + old.substring(old.length() - 4));
        Citizen.Landing same = person.submit(change, MOBILE_FORM, Map.of("mobile", TestMobiles.typed(old)));
        assertThat(same.page().selectFirst("#nhs-error-summary").text())
                .contains("Enter a different mobile phone number from the one you use now");
        Citizen.Landing code = person.submit(same, MOBILE_FORM, Map.of("mobile", TestMobiles.typed(replacement)));
        Citizen.Landing wrong = person.enterSmsCode(code, "000000".equals(new SmsInbox(sandpit).latestCode(replacement))
                ? "111111" : "000000");
        assertThat(wrong.page().text()).contains("The security code is not correct");
        assertThat(admin.attribute(citizen, "phone_number")).as("not before the code").isEqualTo(old);
        URI back = person.enterSmsCode(wrong, new SmsInbox(sandpit).latestCode(replacement)).redirect();

        assertThat(Partner.query(back)).containsEntry("kc_action_status", "success");
        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        JsonNode userinfo = Json.parse(partner.userinfo(tokens.path("access_token").asText()).body());
        assertThat(userinfo.path("phone_number").asText()).isEqualTo(replacement);
        assertThat(userinfo.path("phone_number_pds_matched").asBoolean()).as("PDS matched the old number").isFalse();
        assertThat(admin.attribute(citizen, "identity_proofing_level")).as("two factors shown: the level stays")
                .isEqualTo("P5");
        assertThat(admin.attribute(citizen, "phone_number_pds_matched_number")).isEqualTo(old);
    }

    /** Signs {@code citizen} in to a partner in a browser of its own; the tokens that sign-in gave the partner. */
    private JsonNode signedInElsewhere(Partner partner, String citizen) {
        Partner.AuthorizationRequest request = partner.authorize("openid phone");
        URI back = new Citizen(sandpit).signIn(request.uri(), citizen, AdminApi.TEST_PASSWORD).redirect();
        return Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
    }

    private static void assertSessionEnded(Partner partner, JsonNode tokens, String why) {
        HttpResponse<String> refresh = partner.refresh(tokens.path("refresh_token").asText());
        assertThat(refresh.statusCode()).as("%s: the refresh still worked", why).isEqualTo(400);
        assertThat(Json.parse(refresh.body()).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aChangeOfMobileEndsTheOtherSessionsThatProvedTheOldOne() {
        String old = TestMobiles.next();
        String replacement = TestMobiles.next();
        String citizen = matchedP5Citizen("change-sessions", old);
        Partner partner = Partner.healthInformation(sandpit);
        JsonNode elsewhere = signedInElsewhere(partner, citizen);
        Partner.AuthorizationRequest request = partner.authorize("openid phone", Map.of("kc_action", "nhs-change-mobile"));
        Citizen person = new Citizen(sandpit);
        Citizen.Landing change = person.signIn(request.uri(), citizen, AdminApi.TEST_PASSWORD);
        assertThat(partner.refresh(elsewhere.path("refresh_token").asText()).statusCode()).as("not before").isEqualTo(200);

        Citizen.Landing code = person.submit(change, MOBILE_FORM, Map.of("mobile", TestMobiles.typed(replacement)));
        URI back = person.enterSmsCode(code, new SmsInbox(sandpit).latestCode(replacement)).redirect();

        assertSessionEnded(partner, elsewhere, "the other session proved the old mobile");
        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        assertThat(partner.refresh(tokens.path("refresh_token").asText()).statusCode())
                .as("the session that changed it goes on").isEqualTo(200);
    }

    @Test
    void aRecoveryEndsTheOtherSessionsOfTheAccount() {
        String old = TestMobiles.next();
        String recovered = TestMobiles.next();
        String citizen = matchedP5Citizen("recover-sessions", old);
        Partner partner = Partner.healthInformation(sandpit);
        JsonNode elsewhere = signedInElsewhere(partner, citizen);
        admin.setAttributes(citizen, Map.of("phone_number_verified", "false"));
        Partner.AuthorizationRequest request = partner.authorize("openid phone");
        Citizen person = new Citizen(sandpit);

        Citizen.Landing afterPassword = person.signInWithPassword(request.uri(), citizen, AdminApi.TEST_PASSWORD);
        Citizen.Landing mobilePage = person.enterSmsCode(afterPassword, new Mailbox(sandpit).latestCodeTo(citizen));
        Citizen.Landing code = person.submit(mobilePage, MOBILE_FORM, Map.of("mobile", TestMobiles.typed(recovered)));
        URI back = person.enterSmsCode(code, new SmsInbox(sandpit).latestCode(recovered)).redirect();

        assertSessionEnded(partner, elsewhere, "the session from before the recovery");
        JsonNode tokens = Json.parse(partner.redeem(partner.code(request, back), request.codeVerifier()).body());
        assertThat(Json.jwtPayload(tokens.path("id_token").asText()).path("vot").asText()).isEqualTo("P0.Cp.Cd");
    }

    /**
     * Codes sent to bind a number come from any account; they must not spend the sign-in codes of the citizen who holds
     * that number, or anyone could keep a stranger from signing in.
     */
    @Test
    void codesAimedAtSomeoneElsesNumberNeverSpendTheirSignInCodes() {
        String victimsMobile = TestMobiles.next();
        String victim = admin.createCitizen("victim", victimsMobile);
        created.add(victim);
        ObjectNode original = admin.smsCodeConfig();
        ObjectNode three = original.deepCopy();
        three.withObjectProperty("config").put("sends-per-window", "3");
        admin.updateAuthenticatorConfig(three);
        try {
            // Two accounts of the attacker's (each one's own allowance is 3, its sign-in code among them).
            for (int i = 0; i < 2; i++) {
                String attacker = admin.createCitizen("aimer", TestMobiles.next());
                created.add(attacker);
                Citizen aimer = new Citizen(sandpit);
                Citizen.Landing change = aimer.signIn(Partner.healthInformation(sandpit)
                        .authorize("openid", Map.of("kc_action", "nhs-change-mobile")).uri(), attacker,
                        AdminApi.TEST_PASSWORD);
                Citizen.Landing code = aimer.submit(change, MOBILE_FORM,
                        Map.of("mobile", TestMobiles.typed(victimsMobile)));
                aimer.askForANewCode(code);
            }
            assertThat(new SmsInbox(sandpit).sentTo(victimsMobile)).as("the number's allowance for binding, spent")
                    .hasSize(3);

            Citizen.Landing signIn = new Citizen(sandpit).signInWithPassword(
                    Partner.healthInformation(sandpit).authorize("openid").uri(), victim, AdminApi.TEST_PASSWORD);

            assertThat(signIn.page().text()).doesNotContain("too many security codes");
            assertThat(new SmsInbox(sandpit).sentTo(victimsMobile)).as("the victim's own sign-in code").hasSize(4);
        } finally {
            admin.updateAuthenticatorConfig(original);
        }
    }

    @Test
    void aChangeOfMobileCanBeCancelledAndChangesNothing() {
        String old = TestMobiles.next();
        String citizen = matchedP5Citizen("change-cancel", old);
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid", Map.of("kc_action", "nhs-change-mobile"));
        Citizen person = new Citizen(sandpit);
        Citizen.Landing change = person.signIn(request.uri(), citizen, AdminApi.TEST_PASSWORD);

        // The button's name and value, as a browser sends the button it submits with.
        URI back = person.submit(change, "#nhs-mobile-cancel-form", Map.of("cancel-aia", "true")).redirect();

        assertThat(Partner.query(back)).containsEntry("kc_action_status", "cancelled").containsKey("code");
        assertThat(admin.attribute(citizen, "phone_number")).isEqualTo(old);
        assertThat(admin.attribute(citizen, "identity_proofing_level")).isEqualTo("P5");
    }

    /**
     * Registration's form is Keycloak's: whatever a forger adds to it, no attribute that feeds a claim or proves
     * something is stored. Each field alone, so one refused field cannot hide another that was taken.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "firstName, Forged",
            "lastName, FORGED",
            "middle_names, Forged Middle",
            "birthdate, 1970-01-01",
            "phone_number, +447700900999",
            "phone_number_verified, true",
            "phone_number_pds_matched, true",
            "phone_number_pds_matched_number, +447700900999",
            "phone_number_pds_matched_at, 2026-01-01T00:00:00Z",
            "identity_proofing_level, P9",
            "nhs_number, 9990000018",
            "gp_ods_code, Y12345",
            "emailVerified, true",
            "email_verified, true"})
    void aForgedFieldInTheRegistrationFormIsNeverStored(String attribute, String forged) {
        String email = "forger-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        created.add(email);
        Citizen forger = new Citizen(sandpit);
        Citizen.Landing login = forger.open(Partner.healthInformation(sandpit).authorize("openid").uri());
        Citizen.Landing form = forger.open(URI.create(login.page().select("a[href*=registration]").attr("abs:href")));

        Citizen.Landing next = forger.submit(form, "#kc-register-form", Map.of("email", email, attribute, forged));

        if (!admin.exists(email)) {
            // Refused as a whole: the form again, with a message, and no account.
            assertThat(next.page().selectFirst("#kc-register-form")).isNotNull();
            return;
        }
        assertThat(next.page().text()).contains("Check your email");
        ObjectNode user = admin.user(email);
        assertThat(user.path("emailVerified").asBoolean()).isFalse();
        assertThat(user.path("firstName").asText(null)).isNull();
        assertThat(user.path("lastName").asText(null)).isNull();
        JsonNode attributes = user.path("attributes");
        for (String name : List.of("middle_names", "birthdate", "phone_number", "phone_number_verified",
                "phone_number_pds_matched", "phone_number_pds_matched_number", "phone_number_pds_matched_at",
                "nhs_number", "gp_ods_code")) {
            assertThat(attributes.path(name).isMissingNode()).as(name).isTrue();
        }
        // Absent is P0 (NhsUser); whatever is there must not be more.
        assertThat(attributes.path("identity_proofing_level").path(0).asText()).isIn("", "P0");
        // And once the email is proved, the account is still only what the person proved.
        Citizen.Landing mobilePage = forger.enterSmsCode(next, new Mailbox(sandpit).latestCodeTo(email));
        assertThat(mobilePage.page().selectFirst(MOBILE_FORM)).isNotNull();
        assertThat(admin.attribute(email, "identity_proofing_level")).isIn(null, "P0");
        assertThat(admin.attribute(email, "phone_number")).isNull();
    }
}
